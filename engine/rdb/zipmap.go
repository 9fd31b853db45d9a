package rdb

import (
	"encoding/binary"
	"fmt"
	"iter"
)

// A zipmap, the small-hash encoding of Redis before 2.6 (TypeHashZipmap),
// is
//
//	<count: 1 byte, 254 = unknown> (<len> key <len> <free: 1 byte> value <free bytes>)... <0xFF>
//
// where each len is one byte (0 to 253) or 254 and 4 bytes LE.
const (
	zmBigLen = 254
	zmEnd    = 255
)

// Zipmap is a zipmap that has passed ParseZipmap's checks.
type Zipmap struct {
	data  []byte
	count int
}

// Len returns the number of key-value pairs.
func (zm Zipmap) Len() int { return zm.count }

// zmLength decodes the length at zm[p], reading bytes below limit only,
// and returns it with its size, or ok false when it passes limit.
func zmLength(zm []byte, p, limit int) (n, size int, ok bool) {
	if zm[p] < zmBigLen {
		return int(zm[p]), 1, true
	}
	if p+5 > limit {
		return 0, 0, false
	}
	return int(binary.LittleEndian.Uint32(zm[p+1:])), 5, true
}

// ParseZipmap checks b as Redis's deep zipmapValidateIntegrity does: at
// least two bytes, the end marker last, every key and value inside b, at
// least one pair, and a count byte that is 254 or the number of pairs.
// Errors wrap ErrCorrupt.
func ParseZipmap(b []byte) (Zipmap, error) {
	if len(b) < 2 || b[len(b)-1] != zmEnd {
		return Zipmap{}, zmCorrupt("bad end marker")
	}
	last := len(b) - 1
	count := 0
	p := 1
	for b[p] != zmEnd {
		klen, size, ok := zmLength(b, p, last)
		if !ok {
			return Zipmap{}, zmCorrupt("key length at %d runs past the end", p)
		}
		p += size + klen
		if p > last {
			return Zipmap{}, zmCorrupt("key runs past the end")
		}
		vlen, size, ok := zmLength(b, p, last)
		if !ok {
			return Zipmap{}, zmCorrupt("value length at %d runs past the end", p)
		}
		p += size
		// The free byte is read whatever it says; the check follows.
		free := int(b[p])
		p += 1 + vlen + free
		if p > last {
			return Zipmap{}, zmCorrupt("value runs past the end")
		}
		count++
	}
	if count == 0 {
		return Zipmap{}, zmCorrupt("empty")
	}
	if int(b[0]) != zmBigLen && int(b[0]) != count {
		return Zipmap{}, zmCorrupt("header counts %d pairs, found %d", b[0], count)
	}
	return Zipmap{data: b, count: count}, nil
}

// Pairs yields the keys and values in order; they alias the zipmap.
func (zm Zipmap) Pairs() iter.Seq2[[]byte, []byte] {
	return func(yield func([]byte, []byte) bool) {
		last := len(zm.data) - 1
		for p := 1; p < last && zm.data[p] != zmEnd; {
			klen, size, _ := zmLength(zm.data, p, last)
			key := zm.data[p+size : p+size+klen : p+size+klen]
			p += size + klen
			vlen, size, _ := zmLength(zm.data, p, last)
			p += size + 1 // the free byte
			val := zm.data[p : p+vlen : p+vlen]
			p += vlen + int(zm.data[p-1])
			if !yield(key, val) {
				return
			}
		}
	}
}

func zmCorrupt(format string, args ...any) error {
	return fmt.Errorf("%w: zipmap: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}
