package rdb

import (
	"errors"
	"sync"
)

// LZF as Redis bundles it (liblzf 3.6 with HLOG 16, VERY_FAST on,
// ULTRA_FAST off, hash slots holding offsets). The compressed stream is a sequence of
//
//	000LLLLL <L+1 literal bytes>         a run of 1 to 32 literals
//	LLLooooo oooooooo                   copy L+2 bytes from o+1 back (L 1..6)
//	111ooooo LLLLLLLL oooooooo          copy L+9 bytes from o+1 back
//
// Compression must reproduce Redis's bytes exactly, so the match finder
// below follows lzf_compress step by step: the same hash, the same
// positions entered into the table, the same greedy extension and the same
// conservative output-space checks. Redis leaves its hash table
// uninitialised; this one starts empty, which is what Redis's table amounts
// to whenever its stale entries cannot point into the current input.
const (
	lzfHashLog  = 16
	lzfHashSize = 1 << lzfHashLog
	lzfMaxLit   = 1 << 5
	lzfMaxOff   = 1 << 13
	lzfMaxRef   = 1<<8 + 1<<3
)

// lzfTable maps a hash of three input bytes to the latest position seen
// with that hash. Positions are stored offset by base, and base moves past
// every input compressed, so entries left from earlier inputs read as empty
// without clearing 256 KiB per call.
type lzfTable struct {
	slot [lzfHashSize]uint32
	base uint32
}

var lzfTables = sync.Pool{New: func() any { return new(lzfTable) }}

// lzfHash is lzf's IDX(h) for h holding (at least) the three bytes at the
// current position in its low 24 bits.
func lzfHash(h uint32) uint32 {
	return (h>>(3*8-lzfHashLog) - h*5) & (lzfHashSize - 1)
}

// CompressLZF appends the LZF compression of src to dst, provided lzf fits
// it into limit bytes; otherwise it returns dst unchanged and false. Like
// lzf_compress, it gives up on a few outputs that would only just fit.
// Redis compresses an RDB string with limit len(src)-4 (see AppendString).
// Inputs of 4 GiB or more, beyond lzf's 32-bit lengths, are not compressed.
func CompressLZF(dst, src []byte, limit int) ([]byte, bool) {
	if len(src) == 0 || len(src) >= 1<<32-1 || limit <= 0 {
		return dst, false
	}
	start := len(dst)
	// Redis allocates lzf's output one byte larger than the limit it
	// passes; this keeps the same slack.
	dst = grow(dst, limit+1)
	n := lzfCompress(dst[start:start+limit+1], src, limit)
	if n == 0 {
		return dst[:start], false
	}
	return dst[:start+n], true
}

// lzfCompress is lzf_compress: it writes into out (len(out) > outLen) and
// returns the compressed length, or 0 when it does not fit in outLen bytes.
func lzfCompress(out, in []byte, outLen int) int {
	inLen := len(in)
	t := lzfTables.Get().(*lzfTable)
	defer lzfTables.Put(t)
	if uint64(t.base)+uint64(inLen)+1 >= 1<<32 {
		clear(t.slot[:])
		t.base = 0
	}
	base := t.base
	t.base += uint32(inLen) + 1

	ip, op, lit := 0, 1, 0 // op starts past the first run's length byte
	var hval uint32
	if inLen >= 2 {
		hval = uint32(in[0])<<8 | uint32(in[1])
	}
	for ip < inLen-2 {
		hval = hval<<8 | uint32(in[ip+2])
		h := lzfHash(hval)
		stored := t.slot[h]
		t.slot[h] = base + uint32(ip)
		// A match needs a reference inside this input and past its first
		// byte (lzf's "ref > in_data"), within reach, with three equal bytes.
		ref := int(stored - base)
		if stored > base && ip-ref-1 < lzfMaxOff &&
			in[ref] == in[ip] && in[ref+1] == in[ip+1] && in[ref+2] == in[ip+2] {
			off := ip - ref - 1
			maxlen := min(inLen-ip-2, lzfMaxRef)

			// Room for the reference, counting that an empty literal run
			// gives its length byte back.
			undo := 0
			if lit == 0 {
				undo = 1
			}
			if op-undo+3+1 >= outLen {
				return 0
			}
			out[op-lit-1] = byte(lit - 1) // close the literal run
			op -= undo

			// lzf compares 16 bytes unchecked when more than 16 may match,
			// which can run up to two bytes past maxlen near the input's end.
			n := 2
			mismatched := false
			if maxlen > 16 {
				for range 16 {
					n++
					if in[ref+n] != in[ip+n] {
						mismatched = true
						break
					}
				}
			}
			if !mismatched {
				for {
					n++
					if n >= maxlen || in[ref+n] != in[ip+n] {
						break
					}
				}
			}

			n -= 2 // now the number of bytes matched minus one
			ip++
			if n < 7 {
				out[op] = byte(off>>8 + n<<5)
				op++
			} else {
				out[op] = byte(off>>8 + 7<<5)
				out[op+1] = byte(n - 7)
				op += 2
			}
			out[op] = byte(off)
			op += 2 // the offset byte, then room for the next run's length
			lit = 0

			ip += n + 1
			if ip >= inLen-2 {
				break
			}
			// Enter the two positions before the match's end into the table.
			ip -= 2
			hval = uint32(in[ip])<<8 | uint32(in[ip+1])
			hval = hval<<8 | uint32(in[ip+2])
			t.slot[lzfHash(hval)] = base + uint32(ip)
			ip++
			hval = hval<<8 | uint32(in[ip+2])
			t.slot[lzfHash(hval)] = base + uint32(ip)
			ip++
			continue
		}

		if op >= outLen {
			return 0
		}
		out[op] = in[ip]
		op++
		ip++
		lit++
		if lit == lzfMaxLit {
			out[op-lit-1] = byte(lit - 1)
			lit = 0
			op++
		}
	}

	if op+3 > outLen { // at most three bytes can be missing here
		return 0
	}
	for ip < inLen {
		out[op] = in[ip]
		op++
		ip++
		lit++
		if lit == lzfMaxLit {
			out[op-lit-1] = byte(lit - 1)
			lit = 0
			op++
		}
	}
	out[op-lit-1] = byte(lit - 1)
	if lit == 0 {
		op--
	}
	return op
}

// ErrLZF reports compressed data that is not a valid LZF stream of the
// declared length.
var ErrLZF = errors.New("rdb: invalid LZF compressed data")

// DecompressLZF appends to dst the decompression of src, which must expand
// to exactly rawLen bytes, as Redis requires of compressed RDB strings. It
// checks every literal run and back reference against both buffers, so any
// input is safe. Note that Redis's loader accepts any data for a declared
// length of 0; Reader.ReadString keeps that rule, this function does not.
func DecompressLZF(dst, src []byte, rawLen int) ([]byte, error) {
	// A literal run expands 33 bytes into 32 and a long back reference 3
	// bytes into 264, so larger claims cannot be met: refuse them before
	// allocating.
	if rawLen <= 0 || len(src) == 0 || rawLen > len(src)*(lzfMaxRef/3+1) {
		return dst, ErrLZF
	}
	start := len(dst)
	dst = grow(dst, rawLen)
	out := dst[start : start+rawLen]
	op, ip := 0, 0
	for ip < len(src) {
		ctrl := int(src[ip])
		ip++
		if ctrl < 1<<5 { // literal run of ctrl+1 bytes
			ctrl++
			if op+ctrl > rawLen || ip+ctrl > len(src) {
				return dst[:start], ErrLZF
			}
			copy(out[op:], src[ip:ip+ctrl])
			op += ctrl
			ip += ctrl
			continue
		}
		n := ctrl >> 5
		back := (ctrl&0x1f)<<8 + 1
		if ip >= len(src) {
			return dst[:start], ErrLZF
		}
		if n == 7 {
			n += int(src[ip])
			ip++
			if ip >= len(src) {
				return dst[:start], ErrLZF
			}
		}
		back += int(src[ip])
		ip++
		n += 2
		if op+n > rawLen || back > op {
			return dst[:start], ErrLZF
		}
		// The copy may overlap its own output (a run of one repeated
		// pattern), so it goes byte by byte.
		ref := op - back
		for i := range n {
			out[op+i] = out[ref+i]
		}
		op += n
	}
	if op != rawLen {
		return dst[:start], ErrLZF
	}
	return dst, nil
}

// grow extends b by n bytes of length, reusing its capacity when it can.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b[:len(b)+n]
	}
	nb := make([]byte, len(b)+n, len(b)+n+len(b)/4)
	copy(nb, b)
	return nb
}
