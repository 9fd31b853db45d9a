package engine

import (
	"encoding/binary"
	"math"
	"math/bits"

	"github.com/redwasm/redwasm/engine/resp"
)

// Bitmaps are strings seen as arrays of bits: bit 0 is the most
// significant bit of the first byte, as in Redis. Bits past the end of the
// string read as 0; writing them grows the string with zero bytes.

// Errors of the bit commands.
const (
	errBitValue          = "ERR bit is not an integer or out of range"
	errBitArgument       = "ERR The bit argument must be 1 or 0."
	errBitopNotOneSource = "ERR BITOP NOT must be called with a single source key."
	errBitfieldType      = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
	errBitfieldOverflow  = "ERR Invalid OVERFLOW type specified"
	errBitfieldReadonly  = "ERR BITFIELD_RO only supports the GET subcommand"
)

func init() {
	implement(map[string]Handler{
		"setbit":      setbitCommand,
		"getbit":      getbitCommand,
		"bitcount":    bitcountCommand,
		"bitpos":      bitposCommand,
		"bitop":       bitopCommand,
		"bitfield":    bitfieldCommand,
		"bitfield_ro": bitfieldROCommand,
	})
}

// bitAt returns bit i of b, 0 past its end.
func bitAt(b []byte, i uint64) uint64 {
	if i>>3 >= uint64(len(b)) {
		return 0
	}
	return uint64(b[i>>3]>>(7-i&7)) & 1
}

// setBitAt sets bit i of b, which must be long enough, to v (0 or 1).
func setBitAt(b []byte, i uint64, v uint64) {
	mask := byte(1) << (7 - i&7)
	if v != 0 {
		b[i>>3] |= mask
	} else {
		b[i>>3] &^= mask
	}
}

// popcount counts the set bits of b.
func popcount(b []byte) int64 {
	var n int
	for len(b) >= 8 {
		n += bits.OnesCount64(binary.LittleEndian.Uint64(b))
		b = b[8:]
	}
	for _, c := range b {
		n += bits.OnesCount8(c)
	}
	return int64(n)
}

// firstBit returns the position of the first bit equal to bit within the
// bit range [from, to] of b, or -1. The range must lie within b.
func firstBit(b []byte, from, to int64, bit uint64) int64 {
	i := from
	for ; i <= to && i&7 != 0; i++ { // up to a byte boundary
		if bitAt(b, uint64(i)) == bit {
			return i
		}
	}
	// Whole bytes, skipping those that cannot hold the bit eight at a time.
	skip := byte(0)
	if bit == 0 {
		skip = 0xff
	}
	skip64 := uint64(skip) * 0x0101010101010101
	for i+63 <= to && binary.LittleEndian.Uint64(b[i>>3:]) == skip64 {
		i += 64
	}
	for ; i+7 <= to; i += 8 {
		if c := b[i>>3]; c != skip {
			if bit == 0 {
				c = ^c
			}
			return i + int64(bits.LeadingZeros8(c))
		}
	}
	for ; i <= to; i++ { // the bits of a last, partial byte
		if bitAt(b, uint64(i)) == bit {
			return i
		}
	}
	return -1
}

// bitOffsetArg parses a bit offset as Redis's getBitOffsetFromArgument:
// a non-negative integer addressing a byte below proto-max-bulk-len. With
// width > 0 (BITFIELD), "#n" means n*width: the n-th field of that width.
func (c *Client) bitOffsetArg(arg []byte, width int64) (uint64, bool) {
	hash := width > 0 && len(arg) > 0 && arg[0] == '#'
	if hash {
		arg = arg[1:]
	}
	n, ok := resp.ParseInt(arg)
	if hash {
		n *= width // wraps like Redis's multiplication; caught below or not
	}
	if !ok || n < 0 || n>>3 >= c.e.cfg.protoMaxBulkLen {
		c.Error(ErrBitOffset)
		return 0, false
	}
	return uint64(n), true
}

// stringForBitWrite returns the string at key, created or grown with zero
// bytes so that bit maxBit exists, Redis's lookupStringForBitCommand. It
// reports whether the string was created or grown, and false after
// replying WRONGTYPE.
func (c *Client) stringForBitWrite(key []byte, maxBit uint64) (s *stringValue, grown, ok bool) {
	s, ok = c.getStringForWrite(key)
	if !ok {
		return nil, false, false
	}
	size := int64(maxBit>>3) + 1
	if s == nil {
		s = &stringValue{enc: encodedRaw}
		s.grow(size)
		c.db.set(key, s)
		return s, true, true
	}
	s.makeRaw()
	old := len(s.b)
	s.grow(size)
	return s, len(s.b) != old, true
}

// SETBIT key offset value
func setbitCommand(c *Client, args [][]byte) {
	offset, ok := c.bitOffsetArg(args[2], 0)
	if !ok {
		return
	}
	on, ok := resp.ParseInt(args[3])
	if !ok || on&^1 != 0 {
		c.Error(errBitValue)
		return
	}
	s, grown, ok := c.stringForBitWrite(args[1], offset)
	if !ok {
		return
	}
	old := bitAt(s.b, offset)
	if grown || old != uint64(on) {
		setBitAt(s.b, offset, uint64(on))
		k := string(args[1])
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyString, "setbit", k, c.db.id)
		c.e.dirty++
	}
	c.Int(int64(old))
}

// GETBIT key offset
func getbitCommand(c *Client, args [][]byte) {
	offset, ok := c.bitOffsetArg(args[2], 0)
	if !ok {
		return
	}
	s, ok := c.getString(args[1])
	switch {
	case !ok:
	case s == nil:
		c.Int(0)
	default:
		c.Int(int64(bitAt(s.b, offset)))
	}
}

// BITCOUNT key [start end [BYTE | BIT]]
func bitcountCommand(c *Client, args [][]byte) {
	s, ok := c.getString(args[1])
	if !ok {
		return
	}
	if s == nil {
		c.Int(0)
		return
	}
	n := int64(len(s.b))
	var start, end int64
	isBit := false
	switch len(args) {
	case 2:
		start, end = 0, n-1
	case 4, 5:
		if start, ok = c.intArg(args[2]); !ok {
			return
		}
		if end, ok = c.intArg(args[3]); !ok {
			return
		}
		if start < 0 && end < 0 && start > end {
			c.Int(0)
			return
		}
		if len(args) == 5 {
			if isBit, ok = c.bitUnitArg(args[4]); !ok {
				return
			}
		}
		start, end = clampBitRange(start, end, n, isBit)
	default:
		c.Error(ErrSyntax)
		return
	}
	if start > end {
		c.Int(0)
		return
	}
	if !isBit {
		c.Int(popcount(s.b[start : end+1]))
		return
	}
	// Count the whole bytes, then take away the bits outside the range in
	// the first and last ones.
	count := popcount(s.b[start>>3 : end>>3+1])
	count -= int64(bits.OnesCount8(s.b[start>>3] >> (8 - start&7)))
	count -= int64(bits.OnesCount8(s.b[end>>3] << (1 + end&7)))
	c.Int(count)
}

// bitUnitArg parses BYTE or BIT, reporting whether it is BIT.
func (c *Client) bitUnitArg(arg []byte) (isBit, ok bool) {
	switch {
	case optionIs(arg, "bit"):
		return true, true
	case optionIs(arg, "byte"):
		return false, true
	}
	c.Error(ErrSyntax)
	return false, false
}

// clampBitRange resolves negative indexes of a range over a string of n
// bytes, in bytes or bits, and clips it to the string: start > end when
// nothing is left.
func clampBitRange(start, end, n int64, isBit bool) (int64, int64) {
	total := n
	if isBit {
		total = n << 3
	}
	if start < 0 {
		start += total
	}
	if end < 0 {
		end += total
	}
	start, end = max(start, 0), max(end, 0)
	if end >= total {
		end = total - 1
	}
	return start, end
}

// BITPOS key bit [start [end [BYTE | BIT]]]
func bitposCommand(c *Client, args [][]byte) {
	bit, ok := c.intArg(args[2])
	if !ok {
		return
	}
	if bit != 0 && bit != 1 {
		c.Error(errBitArgument)
		return
	}
	s, ok := c.getString(args[1])
	if !ok {
		return
	}
	if s == nil {
		// A missing key is an endless run of zeros.
		if bit == 1 {
			c.Int(-1)
		} else {
			c.Int(0)
		}
		return
	}
	n := int64(len(s.b))
	var start, end int64
	isBit, endGiven := false, false
	switch len(args) {
	case 3:
		start, end = 0, n-1
	case 4, 5, 6:
		if start, ok = c.intArg(args[3]); !ok {
			return
		}
		if len(args) == 6 {
			if isBit, ok = c.bitUnitArg(args[5]); !ok {
				return
			}
		}
		if len(args) >= 5 {
			if end, ok = c.intArg(args[4]); !ok {
				return
			}
			endGiven = true
		} else {
			end = math.MaxInt64 // the end of the string, once clipped
		}
		start, end = clampBitRange(start, end, n, isBit)
	default:
		c.Error(ErrSyntax)
		return
	}
	if start > end {
		c.Int(-1)
		return
	}
	from, to := start, end
	if !isBit {
		from, to = start<<3, end<<3+7
	}
	pos := firstBit(s.b, from, to, uint64(bit))
	if pos < 0 && bit == 0 && !endGiven {
		// Without an end, the zeros past the string count: the first one
		// follows the last byte of the range.
		pos = (to>>3 + 1) << 3
	}
	c.Int(pos)
}

// BITOP AND | OR | XOR | NOT destkey key [key ...]
func bitopCommand(c *Client, args [][]byte) {
	var op byte
	switch opname := args[1]; {
	case optionIs(opname, "and"):
		op = '&'
	case optionIs(opname, "or"):
		op = '|'
	case optionIs(opname, "xor"):
		op = '^'
	case optionIs(opname, "not"):
		op = '~'
		if len(args) != 4 {
			c.Error(errBitopNotOneSource)
			return
		}
	default:
		c.Error(ErrSyntax)
		return
	}
	dest := args[2]
	srcs := make([][]byte, len(args)-3)
	maxLen := 0
	for i, key := range args[3:] {
		s, ok := c.getString(key)
		if !ok {
			return
		}
		if s != nil {
			srcs[i] = s.b
			maxLen = max(maxLen, len(s.b))
		}
	}
	k := string(dest)
	if maxLen == 0 {
		if c.db.delete(dest) {
			c.e.keyModified(c.db, k)
			c.e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
			c.e.dirty++
		}
		c.Int(0)
		return
	}
	c.db.set(dest, &stringValue{b: bitop(op, srcs, maxLen), enc: encodedRaw})
	c.e.keyModified(c.db, k)
	c.e.notifyKeyspaceEvent(notifyString, "set", k, c.db.id)
	c.e.dirty++
	c.Int(int64(maxLen))
}

// bitop combines srcs byte by byte into a new string of n bytes, shorter
// sources read as if padded with zero bytes. op is '&', '|', '^' or '~'
// (NOT, of the one source).
func bitop(op byte, srcs [][]byte, n int) []byte {
	res := make([]byte, n)
	copy(res, srcs[0])
	if op == '~' {
		for i := range res {
			res[i] = ^res[i]
		}
		return res
	}
	for _, src := range srcs[1:] {
		if op == '&' {
			clear(res[len(src):]) // anything AND a padding zero
		}
		i := 0
		for ; i+8 <= len(src); i += 8 { // a word at a time
			x, y := binary.LittleEndian.Uint64(res[i:]), binary.LittleEndian.Uint64(src[i:])
			switch op {
			case '&':
				x &= y
			case '|':
				x |= y
			case '^':
				x ^= y
			}
			binary.LittleEndian.PutUint64(res[i:], x)
		}
		for ; i < len(src); i++ {
			switch op {
			case '&':
				res[i] &= src[i]
			case '|':
				res[i] |= src[i]
			case '^':
				res[i] ^= src[i]
			}
		}
	}
	return res
}

// bitfieldOverflow is BITFIELD's OVERFLOW policy.
type bitfieldOverflow uint8

const (
	overflowWrap bitfieldOverflow = iota
	overflowSat
	overflowFail
)

// bitfieldOp is one GET, SET or INCRBY of a BITFIELD command.
type bitfieldOp struct {
	kind     byte // 'g', 's' or 'i'
	signed   bool
	width    uint64 // 1..64 signed, 1..63 unsigned
	offset   uint64
	arg      int64 // the SET value or INCRBY increment
	overflow bitfieldOverflow
}

// getField reads an unsigned field of width bits at offset.
func getField(b []byte, offset, width uint64) uint64 {
	var v uint64
	for i := uint64(0); i < width; i++ {
		v = v<<1 | bitAt(b, offset+i)
	}
	return v
}

// setField writes the low width bits of v at offset; b must be long
// enough.
func setField(b []byte, offset, width, v uint64) {
	for i := uint64(0); i < width; i++ {
		setBitAt(b, offset+i, v>>(width-1-i)&1)
	}
}

// signExtend reads the low width bits of v as a two's complement number.
func signExtend(v, width uint64) int64 {
	if width < 64 && v&(1<<(width-1)) != 0 {
		v |= ^uint64(0) << width
	}
	return int64(v)
}

// addUnsigned adds incr to v, an unsigned field of width bits, under the
// overflow policy. It returns the result and whether it overflowed; under
// FAIL the result is meaningless on overflow. As in Redis, a SET is an
// add of 0 to the value to store, which may itself be out of range.
func addUnsigned(v uint64, incr int64, width uint64, policy bitfieldOverflow) (uint64, bool) {
	limit := uint64(math.MaxUint64)
	if width < 64 {
		limit = 1<<width - 1
	}
	maxIncr := int64(limit - v)
	minIncr := -int64(v)
	switch {
	case v > limit || incr > 0 && incr > maxIncr:
		if policy == overflowSat {
			return limit, true
		}
	case incr < 0 && incr < minIncr:
		if policy == overflowSat {
			return 0, true
		}
	default:
		return v + uint64(incr), false
	}
	return (v + uint64(incr)) & limit, true // wrap
}

// addSigned is addUnsigned for a signed field of width bits.
func addSigned(v, incr int64, width uint64, policy bitfieldOverflow) (int64, bool) {
	hi := int64(math.MaxInt64)
	if width < 64 {
		hi = 1<<(width-1) - 1
	}
	lo := -hi - 1
	maxIncr := int64(uint64(hi) - uint64(v)) // may wrap; only used once v is in range
	minIncr := lo - v
	switch {
	case v > hi || width != 64 && incr > maxIncr || v >= 0 && incr > 0 && incr > maxIncr:
		if policy == overflowSat {
			return hi, true
		}
	case v < lo || width != 64 && incr < minIncr || v < 0 && incr < 0 && incr < minIncr:
		if policy == overflowSat {
			return lo, true
		}
	default:
		return v + incr, false
	}
	sum := uint64(v) + uint64(incr) // wrap
	return signExtend(sum&widthMask(width), width), true
}

// bitfieldTypeArg parses a field type: "i" or "u" and a width, 1 to 64
// for signed fields, 1 to 63 for unsigned ones (RESP integers are signed).
// Redis reads the width as a C string: it stops at a NUL byte.
func (c *Client) bitfieldTypeArg(arg []byte) (signed bool, width uint64, ok bool) {
	if len(arg) > 0 && (arg[0] == 'i' || arg[0] == 'u') {
		signed = arg[0] == 'i'
		w, ok := resp.ParseInt(cutAtNUL(arg[1:]))
		if ok && w >= 1 && (signed && w <= 64 || !signed && w <= 63) {
			return signed, uint64(w), true
		}
	}
	c.Error(errBitfieldType)
	return false, 0, false
}

// BITFIELD key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL]
// {SET encoding offset value | INCRBY encoding offset increment} ...]
func bitfieldCommand(c *Client, args [][]byte) { c.bitfield(args, false) }

// BITFIELD_RO key [GET encoding offset ...]
func bitfieldROCommand(c *Client, args [][]byte) { c.bitfield(args, true) }

func (c *Client) bitfield(args [][]byte, readonlyCmd bool) {
	var ops []bitfieldOp
	policy := overflowWrap
	writes := false
	var highestBit uint64
	for j := 2; j < len(args); j++ {
		more := len(args) - j - 1
		var op bitfieldOp
		switch sub := args[j]; {
		case optionIs(sub, "get") && more >= 2:
			op.kind = 'g'
		case optionIs(sub, "set") && more >= 3:
			op.kind = 's'
		case optionIs(sub, "incrby") && more >= 3:
			op.kind = 'i'
		case optionIs(sub, "overflow") && more >= 1:
			j++
			switch name := args[j]; {
			case optionIs(name, "wrap"):
				policy = overflowWrap
			case optionIs(name, "sat"):
				policy = overflowSat
			case optionIs(name, "fail"):
				policy = overflowFail
			default:
				c.Error(errBitfieldOverflow)
				return
			}
			continue
		default:
			c.Error(ErrSyntax)
			return
		}
		var ok bool
		if op.signed, op.width, ok = c.bitfieldTypeArg(args[j+1]); !ok {
			return
		}
		if op.offset, ok = c.bitOffsetArg(args[j+2], int64(op.width)); !ok {
			return
		}
		if op.kind != 'g' {
			writes = true
			highestBit = max(highestBit, op.offset+op.width-1)
			if op.arg, ok = c.intArg(args[j+3]); !ok {
				return
			}
			j++
		}
		op.overflow = policy
		ops = append(ops, op)
		j += 2
	}
	var s *stringValue
	grown := false
	if !writes {
		var ok bool
		if s, ok = c.getString(args[1]); !ok {
			return
		}
	} else {
		if readonlyCmd {
			c.Error(errBitfieldReadonly)
			return
		}
		var ok bool
		if s, grown, ok = c.stringForBitWrite(args[1], highestBit); !ok {
			return
		}
	}
	c.Array(len(ops))
	changes := int64(0)
	for _, op := range ops {
		var b []byte
		if s != nil {
			b = s.b
		}
		old := getField(b, op.offset, op.width)
		if op.kind == 'g' {
			if op.signed {
				c.Int(signExtend(old, op.width))
			} else {
				c.Int(int64(old))
			}
			continue
		}
		var stored uint64
		var reply int64
		var overflow bool
		if op.signed {
			oldVal := signExtend(old, op.width)
			var v int64
			if op.kind == 'i' {
				v, overflow = addSigned(oldVal, op.arg, op.width, op.overflow)
				reply = v
			} else {
				v, overflow = addSigned(op.arg, 0, op.width, op.overflow)
				reply = oldVal
			}
			stored = uint64(v) & widthMask(op.width)
		} else {
			var v uint64
			if op.kind == 'i' {
				v, overflow = addUnsigned(old, op.arg, op.width, op.overflow)
				reply = int64(v)
			} else {
				v, overflow = addUnsigned(uint64(op.arg), 0, op.width, op.overflow)
				reply = int64(old)
			}
			stored = v & widthMask(op.width)
		}
		if overflow && op.overflow == overflowFail {
			c.NullBulk()
			continue
		}
		c.Int(reply)
		setField(s.b, op.offset, op.width, stored)
		if grown || stored != old {
			changes++
		}
	}
	if changes > 0 {
		k := string(args[1])
		c.e.keyModified(c.db, k)
		c.e.notifyKeyspaceEvent(notifyString, "setbit", k, c.db.id)
		c.e.dirty += changes
	}
}

func widthMask(width uint64) uint64 {
	if width == 64 {
		return math.MaxUint64
	}
	return 1<<width - 1
}

func init() {
	// BITFIELD only reads its key unless a SET or INCRBY follows.
	keyFinders["bitfield"] = func(argv [][]byte) []keyRef {
		for i := 2; i < len(argv); i++ {
			rest := len(argv) - i - 1
			switch a := argv[i]; {
			case equalFold(a, "get") && rest >= 2:
				i += 2
			case (equalFold(a, "set") || equalFold(a, "incrby")) && rest >= 3:
				return []keyRef{{pos: 1, flags: KeyRW | KeyAccess | KeyUpdate}}
			case equalFold(a, "overflow") && rest >= 1:
				i++
			}
		}
		return []keyRef{{pos: 1, flags: KeyRO | KeyAccess}}
	}
}
