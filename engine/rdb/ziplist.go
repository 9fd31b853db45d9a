package rdb

import (
	"encoding/binary"
	"fmt"
	"iter"
	"math"
)

// A ziplist, the compact encoding before listpacks (RDB types 10, 12, 13
// and the nodes of 14), is
//
//	<total bytes: uint32 LE> <offset of last entry: uint32 LE>
//	<count: uint16 LE, 65535 = unknown> <entry>... <0xFF>
//
// and each entry is <prevlen> <encoding> <data>: prevlen is the previous
// entry's size in one byte (0 to 253) or 0xFE and 4 bytes LE; the encoding
// byte says string (with its length) or integer (with its width).
const (
	zlHeaderSize = 10
	zlEnd        = 0xff
	zlBigPrevlen = 0xfe

	zlStr06b = 0x00 // 00LLLLLL
	zlStr14b = 0x40 // 01LLLLLL LLLLLLLL, big endian
	zlStr32b = 0x80 // 10______ then 4 bytes big endian
	zlInt16b = 0xc0
	zlInt32b = 0xd0
	zlInt64b = 0xe0
	zlInt24b = 0xf0
	zlInt8b  = 0xfe
	zlImmMin = 0xf1 // 1111xxxx, xxxx from 1 to 13: the value xxxx-1
	zlImmMax = 0xfd
)

// Ziplist is a ziplist that has passed ParseZiplist's checks.
type Ziplist struct {
	data  []byte
	count int
}

// Len returns the number of entries.
func (zl Ziplist) Len() int { return zl.count }

// zlEntry is the decoded header of one ziplist entry.
type zlEntry struct {
	prevlen    int  // size of the previous entry
	headerSize int  // prevlen field and encoding bytes
	dataSize   int  // string length or integer width
	encoding   byte // the encoding byte, string lengths masked off
}

// zlDecode decodes the header of the entry at zl[p], where p is before the
// end marker at last, as Redis's zipEntrySafe does: it fails when the
// encoding is invalid or the entry would reach past last.
func zlDecode(zl []byte, p, last int) (zlEntry, bool) {
	var e zlEntry
	prevSize := 1
	if zl[p] >= zlBigPrevlen {
		prevSize = 5
	}
	if p+prevSize > last {
		return e, false
	}
	if prevSize == 1 {
		e.prevlen = int(zl[p])
	} else {
		e.prevlen = int(binary.LittleEndian.Uint32(zl[p+1:]))
	}
	q := p + prevSize
	c := zl[q]
	lenSize := 1
	if c < 0xc0 {
		e.encoding = c & 0xc0
		switch e.encoding {
		case zlStr06b:
			e.dataSize = int(c & 0x3f)
		case zlStr14b:
			lenSize = 2
		default:
			lenSize = 5
		}
		if q+lenSize > last {
			return e, false
		}
		switch e.encoding {
		case zlStr14b:
			e.dataSize = int(c&0x3f)<<8 | int(zl[q+1])
		case zlStr32b:
			e.dataSize = int(binary.BigEndian.Uint32(zl[q+1:]))
		}
	} else {
		e.encoding = c
		switch {
		case c == zlInt8b:
			e.dataSize = 1
		case c == zlInt16b:
			e.dataSize = 2
		case c == zlInt24b:
			e.dataSize = 3
		case c == zlInt32b:
			e.dataSize = 4
		case c == zlInt64b:
			e.dataSize = 8
		case c >= zlImmMin && c <= zlImmMax:
			e.dataSize = 0
		default:
			return e, false
		}
	}
	e.headerSize = prevSize + lenSize
	if p+e.headerSize+e.dataSize > last {
		return e, false
	}
	return e, true
}

// value decodes the data of entry e, which starts at zl[p].
func (e zlEntry) value(zl []byte, p int) Entry {
	d := zl[p+e.headerSize : p+e.headerSize+e.dataSize : p+e.headerSize+e.dataSize]
	switch e.encoding {
	case zlStr06b, zlStr14b, zlStr32b:
		return Entry{Str: d}
	case zlInt8b:
		return Entry{Int: int64(int8(d[0])), IsInt: true}
	case zlInt16b:
		return Entry{Int: int64(int16(binary.LittleEndian.Uint16(d))), IsInt: true}
	case zlInt24b:
		u := uint64(d[0]) | uint64(d[1])<<8 | uint64(d[2])<<16
		return Entry{Int: signExtend(u, 24), IsInt: true}
	case zlInt32b:
		return Entry{Int: int64(int32(binary.LittleEndian.Uint32(d))), IsInt: true}
	case zlInt64b:
		return Entry{Int: int64(binary.LittleEndian.Uint64(d)), IsInt: true}
	default: // immediate 0 to 12
		return Entry{Int: int64(e.encoding&0x0f) - 1, IsInt: true}
	}
}

// ParseZiplist checks b as Redis's deep ziplistValidateIntegrity does: the
// header's byte count equals len(b), the last byte is the end marker, the
// tail offset lies inside, every entry decodes within b, records the
// previous entry's size, and does not point before the first entry, the
// entries end exactly at the end marker, the tail offset points at the
// last entry, and the count (unless 65535) matches. Errors wrap
// ErrCorrupt.
func ParseZiplist(b []byte) (Ziplist, error) {
	if len(b) < zlHeaderSize+1 || int64(binary.LittleEndian.Uint32(b)) != int64(len(b)) || b[len(b)-1] != zlEnd {
		return Ziplist{}, zlCorrupt("bad header or end marker")
	}
	last := len(b) - 1
	tail := int(binary.LittleEndian.Uint32(b[4:]))
	if tail > last {
		return Ziplist{}, zlCorrupt("tail offset %d outside", tail)
	}
	count, prev, prevSize := 0, -1, 0
	p := zlHeaderSize
	for b[p] != zlEnd {
		e, ok := zlDecode(b, p, last)
		if !ok || p-e.prevlen < zlHeaderSize {
			return Ziplist{}, zlCorrupt("invalid entry at %d", p)
		}
		if e.prevlen != prevSize {
			return Ziplist{}, zlCorrupt("entry at %d records a previous size of %d, not %d", p, e.prevlen, prevSize)
		}
		prevSize = e.headerSize + e.dataSize
		prev = p
		p += prevSize
		count++
	}
	if p != last {
		return Ziplist{}, zlCorrupt("end marker inside the entries at %d", p)
	}
	if prev >= 0 && prev != tail {
		return Ziplist{}, zlCorrupt("tail offset %d, last entry at %d", tail, prev)
	}
	if n := int(binary.LittleEndian.Uint16(b[8:])); n != math.MaxUint16 && n != count {
		return Ziplist{}, zlCorrupt("header counts %d entries, found %d", n, count)
	}
	return Ziplist{data: b, count: count}, nil
}

// Entries yields the entries in order; their Str aliases the ziplist.
func (zl Ziplist) Entries() iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		last := len(zl.data) - 1
		for p := zlHeaderSize; p < last; {
			e, _ := zlDecode(zl.data, p, last)
			if !yield(e.value(zl.data, p)) {
				return
			}
			p += e.headerSize + e.dataSize
		}
	}
}

func zlCorrupt(format string, args ...any) error {
	return fmt.Errorf("%w: ziplist: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}
