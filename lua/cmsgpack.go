package lua

import (
	"encoding/binary"
	"math"

	glua "github.com/yuin/gopher-lua"
)

// The cmsgpack library is lua-cmsgpack 0.4.0 as bundled with Redis 7.0,
// including Redis's Lua stack checks, whose failures it reproduces by
// counting the stack slots the C code would use.

// cmsgpackMaxNesting is the table depth past which tables encode as nil,
// which also stops reference cycles.
const cmsgpackMaxNesting = 16

func newCmsgpack(L *glua.LState, ro *readonly) *glua.LTable {
	mod := newModule(L, map[string]glua.LGFunction{
		"pack":         func(L *glua.LState) int { return mpPack(L, ro) },
		"unpack":       mpUnpack,
		"unpack_one":   mpUnpackOne,
		"unpack_limit": mpUnpackLimit,
	})
	mod.RawSetString("_NAME", glua.LString("cmsgpack"))
	mod.RawSetString("_VERSION", glua.LString("lua-cmsgpack 0.4.0"))
	mod.RawSetString("_COPYRIGHT", glua.LString("Copyright (C) 2012, Salvatore Sanfilippo"))
	mod.RawSetString("_DESCRIPTION", glua.LString("MessagePack C implementation for Lua"))
	return mod
}

// ===== encoding =====

type mpEncoder struct {
	L   *glua.LState
	ro  *readonly
	buf []byte
}

// cmsgpack.pack(...)
func mpPack(L *glua.LState, ro *readonly) int {
	nargs := L.GetTop()
	if nargs == 0 {
		argError(L, 0, "MessagePack pack needs input.")
	}
	if nargs+nargs > luaMaxCStack {
		argError(L, 0, "Too many arguments for MessagePack pack.")
	}
	e := &mpEncoder{L: L, ro: ro}
	for i := 1; i <= nargs; i++ {
		// The C code keeps each encoded argument on the stack until it
		// concatenates them, and works on a copy of the argument.
		e.value(L.Get(i), 0, nargs+i)
	}
	L.Push(glua.LString(e.buf))
	return 1
}

func (e *mpEncoder) checkStack(top, need int, where string) {
	if top+need > luaMaxCStack {
		raise(e.L, "stack overflow (in function %s)", where)
	}
}

// value encodes v; top is the C stack height with v on top.
func (e *mpEncoder) value(v glua.LValue, level, top int) {
	switch v := v.(type) {
	case glua.LString:
		e.bytes(string(v))
	case glua.LBool:
		if v {
			e.buf = append(e.buf, 0xc3)
		} else {
			e.buf = append(e.buf, 0xc2)
		}
	case glua.LNumber:
		e.number(float64(v))
	case *glua.LTable:
		if level == cmsgpackMaxNesting {
			e.buf = append(e.buf, 0xc0)
			return
		}
		e.table(e.ro.target(v), level, top)
	default:
		e.buf = append(e.buf, 0xc0)
	}
}

func (e *mpEncoder) bytes(s string) {
	n := len(s)
	switch {
	case n < 32:
		e.buf = append(e.buf, 0xa0|byte(n))
	case n <= 0xff:
		e.buf = append(e.buf, 0xd9, byte(n))
	case n <= 0xffff:
		e.buf = append(e.buf, 0xda)
		e.buf = binary.BigEndian.AppendUint16(e.buf, uint16(n))
	default:
		e.buf = append(e.buf, 0xdb)
		e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(n))
	}
	e.buf = append(e.buf, s...)
}

func (e *mpEncoder) number(n float64) {
	if i := toInteger(n); !math.IsInf(n, 0) && float64(i) == n {
		e.integer(i)
		return
	}
	if f := float32(n); float64(f) == n {
		e.buf = append(e.buf, 0xca)
		e.buf = binary.BigEndian.AppendUint32(e.buf, math.Float32bits(f))
		return
	}
	e.buf = append(e.buf, 0xcb)
	e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(n))
}

func (e *mpEncoder) integer(n int64) {
	b := e.buf
	switch {
	case n >= 0 && n <= 127:
		b = append(b, byte(n))
	case n >= 0 && n <= 0xff:
		b = append(b, 0xcc, byte(n))
	case n >= 0 && n <= 0xffff:
		b = binary.BigEndian.AppendUint16(append(b, 0xcd), uint16(n))
	case n >= 0 && n <= 0xffffffff:
		b = binary.BigEndian.AppendUint32(append(b, 0xce), uint32(n))
	case n >= 0:
		b = binary.BigEndian.AppendUint64(append(b, 0xcf), uint64(n))
	case n >= -32:
		b = append(b, byte(n))
	case n >= -128:
		b = append(b, 0xd0, byte(n))
	case n >= -32768:
		b = binary.BigEndian.AppendUint16(append(b, 0xd1), uint16(n))
	case n >= -2147483648:
		b = binary.BigEndian.AppendUint32(append(b, 0xd2), uint32(n))
	default:
		b = binary.BigEndian.AppendUint64(append(b, 0xd3), uint64(n))
	}
	e.buf = b
}

// header appends an array or map header: fix, 16 or 32 bits.
func (e *mpEncoder) header(n int, fix, h16, h32 byte) {
	switch {
	case n <= 15:
		e.buf = append(e.buf, fix|byte(n))
	case n <= 0xffff:
		e.buf = binary.BigEndian.AppendUint16(append(e.buf, h16), uint16(n))
	default:
		e.buf = binary.BigEndian.AppendUint32(append(e.buf, h32), uint32(n))
	}
}

// arrayLength reports whether t's keys are exactly 1..n, as
// table_is_an_array decides it (keys must be numbers that fit a C int).
func arrayLength(t *glua.LTable) (int, bool) {
	var count, max int32
	for k, _ := t.Next(glua.LNil); k != glua.LNil; k, _ = t.Next(k) {
		n, ok := k.(glua.LNumber)
		f := float64(n)
		if !ok || f <= 0 || float64(cInt(f)) != f {
			return 0, false
		}
		if i := cInt(f); i > max {
			max = i
		}
		count++
	}
	return int(count), max == count
}

func (e *mpEncoder) table(t *glua.LTable, level, top int) {
	e.checkStack(top, 2, "table_is_an_array")
	if n, ok := arrayLength(t); ok {
		e.checkStack(top, 1, "mp_encode_lua_table_as_array")
		e.header(n, 0x90, 0xdc, 0xdd)
		for i := 1; i <= n; i++ {
			e.value(t.RawGetInt(i), level+1, top+1)
		}
		return
	}
	e.checkStack(top, 3, "mp_encode_lua_table_as_map")
	n := 0
	for k, _ := t.Next(glua.LNil); k != glua.LNil; k, _ = t.Next(k) {
		n++
	}
	e.header(n, 0x80, 0xde, 0xdf)
	forEachInCOrder(t, func(k, v glua.LValue) {
		e.value(k, level+1, top+3)
		e.value(v, level+1, top+2)
	})
}

// ===== decoding =====

type mpError int

const (
	mpOK mpError = iota
	mpEOF
	mpBadFormat
)

// gopher-lua keeps integer keys in a dense array, so a decoded map with the
// key 60000000 would allocate a gigabyte from eight bytes of input, where C
// Lua uses one hash node. The decoder therefore budgets the array slots its
// maps reach: a fixed allowance plus a few per input byte. Going past it
// fails as an allocation failure would.
const (
	mpArraySlotAllowance = 1 << 20
	mpArraySlotsPerByte  = 4
)

type mpDecoder struct {
	L          *glua.LState
	data       string
	pos        int
	err        mpError
	arraySlots int // array slots reached by integer keys of maps so far
}

func (d *mpDecoder) need(n uint64) bool {
	if uint64(len(d.data)-d.pos) < n {
		d.err = mpEOF
		return false
	}
	return true
}

func (d *mpDecoder) uint(at, size int) uint64 {
	var v uint64
	for i := 0; i < size; i++ {
		v = v<<8 | uint64(d.data[at+i])
	}
	return v
}

// value decodes one object; top is the C stack height before it is pushed.
// It returns nil with d.err set on failure.
func (d *mpDecoder) value(top int) glua.LValue {
	if !d.need(1) {
		return nil
	}
	if top+1 > luaMaxCStack {
		raise(d.L, "stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")
	}
	p := d.pos
	c := d.data[p]
	switch {
	case c <= 0x7f: // positive fixint
		d.pos++
		return glua.LNumber(c)
	case c >= 0xe0: // negative fixint
		d.pos++
		return glua.LNumber(int8(c))
	case c&0xe0 == 0xa0: // fixstr
		return d.str(1, uint64(c&0x1f))
	case c&0xf0 == 0x90: // fixarray
		d.pos++
		return d.array(uint64(c&0xf), top)
	case c&0xf0 == 0x80: // fixmap
		d.pos++
		return d.mapping(uint64(c&0xf), top)
	}
	switch c {
	case 0xc0:
		d.pos++
		return glua.LNil
	case 0xc2:
		d.pos++
		return glua.LFalse
	case 0xc3:
		d.pos++
		return glua.LTrue
	case 0xcc, 0xcd, 0xce, 0xcf:
		size := 1 << (c - 0xcc)
		if !d.need(uint64(1 + size)) {
			return nil
		}
		v := d.uint(p+1, size)
		d.pos += 1 + size
		// lua_pushunsigned is lua_pushinteger on 64 bits: the value goes
		// through a signed 64-bit integer.
		return glua.LNumber(int64(v))
	case 0xd0, 0xd1, 0xd2, 0xd3:
		size := 1 << (c - 0xd0)
		if !d.need(uint64(1 + size)) {
			return nil
		}
		v := d.uint(p+1, size)
		d.pos += 1 + size
		shift := 64 - 8*size
		return glua.LNumber(int64(v<<shift) >> shift)
	case 0xca:
		if !d.need(5) {
			return nil
		}
		d.pos += 5
		return glua.LNumber(math.Float32frombits(uint32(d.uint(p+1, 4))))
	case 0xcb:
		if !d.need(9) {
			return nil
		}
		d.pos += 9
		return glua.LNumber(math.Float64frombits(d.uint(p+1, 8)))
	case 0xd9, 0xda, 0xdb:
		size := 1 << (c - 0xd9)
		if !d.need(uint64(1 + size)) {
			return nil
		}
		return d.str(1+size, d.uint(p+1, size))
	case 0xdc, 0xdd:
		size := 2 << (c - 0xdc)
		if !d.need(uint64(1 + size)) {
			return nil
		}
		n := d.uint(p+1, size)
		d.pos += 1 + size
		return d.array(n, top)
	case 0xde, 0xdf:
		size := 2 << (c - 0xde)
		if !d.need(uint64(1 + size)) {
			return nil
		}
		n := d.uint(p+1, size)
		d.pos += 1 + size
		return d.mapping(n, top)
	}
	d.err = mpBadFormat
	return nil
}

// str reads a string of n bytes after a header of hdr bytes.
func (d *mpDecoder) str(hdr int, n uint64) glua.LValue {
	if !d.need(uint64(hdr) + n) {
		return nil
	}
	start := d.pos + hdr
	d.pos = start + int(n)
	return glua.LString(d.data[start:d.pos])
}

// sizeHint bounds a declared element count by what the rest of the input
// could hold, for presizing tables (gopher-lua's default size is 32).
func (d *mpDecoder) sizeHint(n uint64, bytesPerItem int) int {
	if left := uint64((len(d.data) - d.pos) / bytesPerItem); n > left {
		return int(left)
	}
	return int(n)
}

func (d *mpDecoder) array(n uint64, top int) glua.LValue {
	t := d.L.CreateTable(d.sizeHint(n, 1), 0)
	if top+2 > luaMaxCStack {
		raise(d.L, "stack overflow (in function mp_decode_to_lua_array)")
	}
	for i := uint64(1); i <= n; i++ {
		v := d.value(top + 2)
		if d.err != mpOK {
			return nil
		}
		if v != glua.LNil {
			t.RawSetInt(int(i), v)
		}
	}
	return t
}

func (d *mpDecoder) mapping(n uint64, top int) glua.LValue {
	t := d.L.CreateTable(0, d.sizeHint(n, 2))
	extent := 0 // how far gopher-lua's array part of t reaches
	for ; n > 0; n-- {
		k := d.value(top + 1)
		if d.err != mpOK {
			return nil
		}
		v := d.value(top + 2)
		if d.err != mpOK {
			return nil
		}
		if idx, ok := k.(glua.LNumber); ok && float64(idx) >= 1 && float64(idx) < float64(glua.MaxArrayIndex) &&
			float64(idx) == math.Floor(float64(idx)) && int(idx) > extent {
			d.arraySlots += int(idx) - extent
			if d.arraySlots > mpArraySlotAllowance+mpArraySlotsPerByte*len(d.data) {
				raiseBare(d.L, "not enough memory")
			}
			extent = int(idx)
		}
		rawSet(d.L, t, k, v)
	}
	return t
}

// unpack decodes up to limit objects from offset and returns the results
// with the next offset first when not decoding everything, as
// mp_unpack_full does.
func mpUnpackFull(L *glua.LState, limit, offset int64, top int) int {
	s := checkString(L, 1)
	decodeAll := limit == 0 && offset == 0
	if offset < 0 || limit < 0 {
		raise(L, "Invalid request to unpack with offset of %d and limit of %d.", int32(offset), int32(len(s)))
	} else if offset > int64(len(s)) {
		raise(L, "Start offset %d greater than input length %d.", int32(offset), int32(len(s)))
	}
	if decodeAll {
		limit = math.MaxInt32
	}
	d := &mpDecoder{L: L, data: s, pos: int(offset)}
	var results []glua.LValue
	for cnt := int64(0); d.pos < len(s) && cnt < limit; cnt++ {
		v := d.value(top + len(results))
		switch d.err {
		case mpEOF:
			raise(L, "Missing bytes in input.")
		case mpBadFormat:
			raise(L, "Bad data format in input.")
		}
		results = append(results, v)
	}
	if !decodeAll {
		if top+len(results)+1 > luaMaxCStack {
			raise(L, "stack overflow (in function mp_unpack_full)")
		}
		next := int64(-1)
		if d.pos < len(s) {
			next = int64(d.pos)
		}
		L.Push(glua.LNumber(next))
	}
	for _, v := range results {
		L.Push(v)
	}
	if decodeAll {
		return len(results)
	}
	return len(results) + 1
}

// cmsgpack.unpack(data)
func mpUnpack(L *glua.LState) int {
	return mpUnpackFull(L, 0, 0, L.GetTop())
}

// cmsgpack.unpack_one(data [, offset])
func mpUnpackOne(L *glua.LState) int {
	offset := optInteger(L, 2, 0)
	return mpUnpackFull(L, 1, offset, 1)
}

// cmsgpack.unpack_limit(data, limit [, offset])
func mpUnpackLimit(L *glua.LState) int {
	limit := checkInteger(L, 2)
	offset := optInteger(L, 3, 0)
	return mpUnpackFull(L, limit, offset, 1)
}
