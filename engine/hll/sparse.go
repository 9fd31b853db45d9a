package hll

import (
	"strconv"
	"strings"
)

// The sparse encoding is a run-length list of opcodes after the header,
// covering the registers in order:
//
//	ZERO   00xxxxxx           xxxxxx+1 registers (1..64) set to 0
//	XZERO  01xxxxxx yyyyyyyy  xxxxxxyyyyyyyy+1 registers (1..16384) set to 0
//	VAL    1vvvvvxx           xx+1 registers (1..4) set to vvvvv+1 (1..32)
//
// Redis edits this list in place, opcode by opcode, and the exact bytes it
// produces depend on that procedure (which opcodes get split, which adjacent
// VALs get joined). sparseSet follows the same procedure so that values stay
// byte-identical to Redis's.
const (
	sparseValMax    = 32 // largest value a VAL opcode holds
	sparseValMaxRun = 4  // longest run of a VAL opcode
	sparseZeroMax   = 64 // longest run of a ZERO opcode
	sparseXZeroMax  = Registers
)

func isZero(op byte) bool  { return op&0xc0 == 0 }
func isXZero(op byte) bool { return op&0xc0 == 0x40 }
func isVal(op byte) bool   { return op&0x80 != 0 }

func valOp(v uint8, run int) byte { return 0x80 | (v-1)<<2 | byte(run-1) }
func valValue(op byte) uint8      { return (op>>2)&0x1f + 1 }
func valRun(op byte) int          { return int(op&3) + 1 }
func zeroRun(op byte) int         { return int(op&0x3f) + 1 }

// xzeroRun reads the run of the XZERO opcode at h[p]. In a damaged value
// that ends right after the first byte, Redis reads the byte after the end of
// the string: normally its NUL terminator, but an earlier edit within the same
// command can have left another byte there (see sparseSet), so the caller
// passes the byte that stands there.
func xzeroRun(h []byte, p int, term byte) int {
	lo := term
	if p+1 < len(h) {
		lo = h[p+1]
	}
	return int(h[p]&0x3f)<<8 | int(lo) + 1
}

func putXZero(b []byte, run int) {
	b[0] = 0x40 | byte((run-1)>>8)
	b[1] = byte(run - 1)
}

// appendZeros appends the shortest zero opcode for a run of n registers, as
// Redis does when it splits a zero run (n is at most Registers).
func appendZeros(b []byte, n int) []byte {
	if n > sparseZeroMax {
		return append(b, 0x40|byte((n-1)>>8), byte(n-1))
	}
	return append(b, byte(n-1))
}

// forEachRun walks the opcodes of a sparse value and calls fn for every run
// of non-zero registers. It returns ErrCorrupt, as soon as it can tell, when
// the runs do not cover exactly Registers registers; fn may already have been
// called for earlier runs by then. term is the byte after the end of h, as
// for xzeroRun.
func forEachRun(h []byte, term byte, fn func(start, n int, v uint8)) error {
	idx := 0
	for p := HeaderSize; p < len(h); {
		op := h[p]
		var n int
		switch {
		case isVal(op):
			n = valRun(op)
			if idx+n > Registers {
				return ErrCorrupt
			}
			fn(idx, n, valValue(op))
			p++
		case isXZero(op):
			n = xzeroRun(h, p, term)
			p += 2
		default:
			n = zeroRun(op)
			p++
		}
		idx += n
		if idx > Registers {
			return ErrCorrupt
		}
	}
	if idx != Registers {
		return ErrCorrupt
	}
	return nil
}

// sparseToDense converts a sparse value to a new dense one. The header is
// carried over (magic, unused bytes, cached cardinality and its flag) with
// only the encoding byte changed. term is as for forEachRun.
func sparseToDense(h []byte, term byte) ([]byte, error) {
	d := make([]byte, DenseSize)
	copy(d, h[:HeaderSize])
	d[offEncoding] = encDense
	regs := d[HeaderSize:]
	err := forEachRun(h, term, func(start, n int, v uint8) {
		for i := start; i < start+n; i++ {
			denseSet(regs, i, v)
		}
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// sparseHistogram counts the registers of each value.
func sparseHistogram(h []byte, hist *[64]int) error {
	nonZero := 0
	err := forEachRun(h, 0, func(_, n int, v uint8) {
		hist[v] += n
		nonZero += n
	})
	hist[0] += Registers - nonZero
	return err
}

// Result of sparseEdit.set.
type setResult int

const (
	setUnchanged setResult = iota // the register already held as much
	setRaised                     // raised in place; h is still sparse
	setPromoted                   // raised after turning h dense
	setCorrupt                    // the opcodes do not reach the register
)

// sparseEdit edits one sparse value through a command, opcode by opcode,
// the way Redis's hllSparseSet does, and carries what Redis carries between
// the edits of one command.
type sparseEdit struct {
	h         []byte // the value, header included; dense after a promotion
	term      byte   // the byte after the end of h (see set)
	sparseMax int    // hll-sparse-max-bytes

	// PFMERGE writes registers in ascending order. Then each search may
	// start at an opcode boundary no later edit moves: the opcode before
	// the one last edited. The zero value means "from the first opcode".
	ascending bool
	resume    struct{ pos, first, prev int }
}

// set raises register index to count. A raise in place marks the cached
// cardinality stale. When the count does not fit a VAL opcode, or the edit
// would grow the value past sparseMax bytes, the value is converted to
// dense first and the raise happens there (setPromoted); Redis leaves the
// cache flag to its caller in that case.
//
// In a damaged value whose last XZERO is cut after its first byte, Redis
// reads the byte after the string: the NUL terminator, or what an earlier
// edit of the same command left there, since splitting such an XZERO writes
// one byte past the end. term keeps that byte, so even those values come
// out byte-identical.
func (e *sparseEdit) set(index int, count uint8) setResult {
	if count > sparseValMax {
		return e.promote(index, count)
	}
	h, term := e.h, e.term

	// Find the opcode covering the register, with the one before it and
	// the one before that (for the resume point).
	end := len(h)
	p, first, prev, prevFirst, prevPrev := HeaderSize, 0, -1, 0, -1
	known := true // prevFirst and prevPrev are known
	if r := e.resume; e.ascending && r.pos > HeaderSize && index >= r.first {
		p, first, prev, known = r.pos, r.first, r.prev, false
	}
	span := 0
	for p < end {
		size := 1
		switch op := h[p]; {
		case isZero(op):
			span = zeroRun(op)
		case isVal(op):
			span = valRun(op)
		default:
			span = xzeroRun(h, p, term)
			size = 2
		}
		if index <= first+span-1 {
			break
		}
		prevPrev, prev, prevFirst, known = prev, p, first, true
		p += size
		first += span
	}
	if span == 0 || p >= end {
		return setCorrupt
	}

	op := h[p]
	oldSize, next := 1, p+1
	if isXZero(op) {
		oldSize, next = 2, p+2
	}
	if next >= end {
		next = -1
	}

	switch {
	case isVal(op) && valValue(op) >= count:
		e.resume.pos, e.resume.first, e.resume.prev = p, first, prev
		return setUnchanged
	case isVal(op) && span == 1, isZero(op) && span == 1:
		// The opcode covers only this register: rewrite it.
		h[p] = valOp(count, 1)
	default:
		// Split the opcode into up to three: the registers before index,
		// index itself, and the registers after it.
		var buf [5]byte
		seq := buf[:0]
		last := first + span - 1
		if isVal(op) {
			v := valValue(op)
			if index != first {
				seq = append(seq, valOp(v, index-first))
			}
			seq = append(seq, valOp(count, 1))
			if index != last {
				seq = append(seq, valOp(v, last-index))
			}
		} else {
			if index != first {
				seq = appendZeros(seq, index-first)
			}
			seq = append(seq, valOp(count, 1))
			if index != last {
				seq = appendZeros(seq, last-index)
			}
		}
		delta := len(seq) - oldSize
		if delta > 0 && end+delta > e.sparseMax {
			return e.promote(index, count)
		}
		newEnd := end + delta
		if delta > 0 {
			h = append(h, seq[:delta]...) // only to grow; overwritten below
		}
		if delta != 0 && next >= 0 {
			copy(h[next+delta:newEnd], h[next:end])
		}
		h = h[:newEnd]
		term = 0
		if n := copy(h[p:], seq); n < len(seq) {
			// An XZERO cut short by the end of the value: the last byte
			// of its replacement lands after the end.
			term = seq[n]
		}
		end = newEnd
	}

	// Join equal adjacent VAL opcodes around the edit, scanning at most five
	// opcodes from the one before it.
	if prev >= 0 {
		p = prev
	} else {
		p = HeaderSize
	}
	for scan := 5; p < end && scan > 0; scan-- {
		op := h[p]
		if isXZero(op) {
			p += 2
			continue
		}
		if isZero(op) {
			p++
			continue
		}
		if p+1 < end && isVal(h[p+1]) && valValue(op) == valValue(h[p+1]) {
			if run := valRun(op) + valRun(h[p+1]); run <= sparseValMaxRun {
				h[p+1] = valOp(valValue(op), run)
				copy(h[p:], h[p+1:end])
				end--
				h = h[:end]
				term = 0
				continue // try to join the result with its right neighbour
			}
		}
		p++
	}

	// Everything from prev on may have moved; prev itself is still where
	// an opcode starts.
	e.resume.pos, e.resume.first, e.resume.prev = HeaderSize, 0, -1
	if prev >= 0 && known {
		e.resume.pos, e.resume.first, e.resume.prev = prev, prevFirst, prevPrev
	}
	invalidateCache(h)
	e.h, e.term = h, term
	return setRaised
}

// promote converts the value to dense and raises the register there.
func (e *sparseEdit) promote(index int, count uint8) setResult {
	d, err := sparseToDense(e.h, e.term)
	if err != nil {
		return setCorrupt
	}
	denseRaise(d[HeaderSize:], index, count)
	e.h, e.term = d, 0
	return setPromoted
}

// Decode lists the opcodes of a sparse HLL the way PFDEBUG DECODE prints
// them: "z:N" for ZERO, "Z:N" for XZERO and "v:V,N" for VAL, separated by
// spaces. It reads a corrupt list as far as it goes. A dense h gets
// ErrNotSparse; h must have passed Validate.
func Decode(h []byte) (string, error) {
	if IsDense(h) {
		return "", ErrNotSparse
	}
	var b strings.Builder
	for p := HeaderSize; p < len(h); {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		switch op := h[p]; {
		case isZero(op):
			b.WriteString("z:")
			b.WriteString(strconv.Itoa(zeroRun(op)))
			p++
		case isXZero(op):
			b.WriteString("Z:")
			b.WriteString(strconv.Itoa(xzeroRun(h, p, 0)))
			p += 2
		default:
			b.WriteString("v:")
			b.WriteString(strconv.Itoa(int(valValue(op))))
			b.WriteByte(',')
			b.WriteString(strconv.Itoa(valRun(op)))
			p++
		}
	}
	return b.String(), nil
}
