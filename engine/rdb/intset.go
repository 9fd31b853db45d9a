package rdb

import (
	"encoding/binary"
	"fmt"
	"iter"
	"math"
)

// An intset is
//
//	<width: uint32 LE> <count: uint32 LE> <count integers of width bytes, LE>
//
// with width 2, 4 or 8 and the integers strictly increasing.
const intsetHeaderSize = 8

// IntsetWidth returns the smallest intset width, 2, 4 or 8 bytes, that
// holds every value in vals. Redis widens an intset when a value needs it
// and never narrows it again, so an intset that once held a large value
// may be wider than its values need.
func IntsetWidth(vals []int64) int {
	w := 2
	for _, v := range vals {
		switch {
		case v < math.MinInt32 || v > math.MaxInt32:
			return 8
		case v < math.MinInt16 || v > math.MaxInt16:
			w = 4
		}
	}
	return w
}

// AppendIntset appends the intset of vals, which must be sorted in
// increasing order without repeats, with integers width bytes wide: 2, 4 or
// 8, and at least IntsetWidth(vals).
func AppendIntset(dst []byte, vals []int64, width int) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(width))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(vals)))
	for _, v := range vals {
		switch width {
		case 2:
			dst = binary.LittleEndian.AppendUint16(dst, uint16(v))
		case 4:
			dst = binary.LittleEndian.AppendUint32(dst, uint32(v))
		default:
			dst = binary.LittleEndian.AppendUint64(dst, uint64(v))
		}
	}
	return dst
}

// Intset is an intset that has passed ParseIntset's checks.
type Intset struct {
	data  []byte // the integers, without header
	width int
}

// ParseIntset checks b as Redis's deep intsetValidateIntegrity does: a
// width of 2, 4 or 8, a length that matches the count exactly, at least one
// integer, and integers in strictly increasing order. Errors wrap
// ErrCorrupt.
func ParseIntset(b []byte) (Intset, error) {
	if len(b) < intsetHeaderSize {
		return Intset{}, intsetCorrupt("too short")
	}
	width := binary.LittleEndian.Uint32(b)
	if width != 2 && width != 4 && width != 8 {
		return Intset{}, intsetCorrupt("width %d", width)
	}
	count := uint64(binary.LittleEndian.Uint32(b[4:]))
	if intsetHeaderSize+count*uint64(width) != uint64(len(b)) {
		return Intset{}, intsetCorrupt("%d integers do not fill %d bytes", count, len(b))
	}
	if count == 0 {
		return Intset{}, intsetCorrupt("empty")
	}
	s := Intset{data: b[intsetHeaderSize:], width: int(width)}
	for i := 1; i < s.Len(); i++ {
		if s.At(i) <= s.At(i-1) {
			return Intset{}, intsetCorrupt("integer %d out of order", i)
		}
	}
	return s, nil
}

// Len returns the number of integers.
func (s Intset) Len() int { return len(s.data) / max(s.width, 1) }

// Width returns the width of the integers in bytes.
func (s Intset) Width() int { return s.width }

// At returns the i'th integer.
func (s Intset) At(i int) int64 {
	switch s.width {
	case 2:
		return int64(int16(binary.LittleEndian.Uint16(s.data[2*i:])))
	case 4:
		return int64(int32(binary.LittleEndian.Uint32(s.data[4*i:])))
	default:
		return int64(binary.LittleEndian.Uint64(s.data[8*i:]))
	}
}

// Values yields the integers in increasing order.
func (s Intset) Values() iter.Seq[int64] {
	return func(yield func(int64) bool) {
		for i := range s.Len() {
			if !yield(s.At(i)) {
				return
			}
		}
	}
}

func intsetCorrupt(format string, args ...any) error {
	return fmt.Errorf("%w: intset: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}
