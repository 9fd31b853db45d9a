package hll

import (
	"fmt"
	"math"
)

// ToDense performs PFDEBUG TODENSE (and the conversion PFDEBUG GETREG does
// first): it returns h converted to the dense encoding and true, or h itself
// and false when it already is dense. Redis stores the converted value.
// h must have passed Validate; a corrupt sparse list gives ErrCorrupt.
func ToDense(h []byte) ([]byte, bool, error) {
	if IsDense(h) {
		return h, false, nil
	}
	d, err := sparseToDense(h, 0)
	if err != nil {
		return h, false, err
	}
	return d, true, nil
}

// RegisterValues returns the value of every register of a valid HLL, in order, as
// PFDEBUG GETREG lists them. A corrupt sparse list gives ErrCorrupt.
func RegisterValues(h []byte) (*[Registers]uint8, error) {
	var regs [Registers]uint8
	if err := mergeInto(&regs, h); err != nil {
		return nil, err
	}
	return &regs, nil
}

// SelfTest performs PFSELFTEST's checks on this implementation and returns
// nil or an error carrying the text Redis replies with ("TESTFAILED ...").
// rand supplies random numbers (Redis uses rand()); sparseMax is the
// hll-sparse-max-bytes setting. It adds ten million elements, so it takes a
// while, as in Redis.
func SelfTest(sparseMax int, rand func() uint32) error {
	// Registers must keep the values written to them, and writing one must
	// not disturb its neighbours.
	regs := make([]byte, DenseSize-HeaderSize)
	var want [Registers]uint8
	for round := 0; round < 1000; round++ {
		for i := range want {
			want[i] = uint8(rand() & RegisterMax)
			denseSet(regs, i, want[i])
		}
		for i, w := range want {
			if got := denseGet(regs, i); got != w {
				return fmt.Errorf("TESTFAILED Register %d should be %d but is %d", i, w, got)
			}
		}
	}

	// Dense and sparse must agree, and the estimate must stay within six
	// standard errors at every power of ten.
	dense := make([]byte, DenseSize)
	copy(dense, "HYLL")
	sparse := sparseEdit{h: New(), sparseMax: sparseMax}
	relErr := 1.04 / math.Sqrt(Registers)
	seed := uint64(rand()) | uint64(rand())<<32
	var ele [8]byte
	checkpoint := uint64(1)
	for j := uint64(1); j <= 10000000; j++ {
		v := j ^ seed
		for k := range ele {
			ele[k] = byte(v >> (8 * k))
		}
		index, count := patternOf(ele[:])
		denseRaise(dense[HeaderSize:], index, count)
		if IsDense(sparse.h) {
			denseRaise(sparse.h[HeaderSize:], index, count)
		} else {
			sparse.set(index, count)
		}
		if j != checkpoint {
			continue
		}
		if j < uint64(sparseMax/2) && IsDense(sparse.h) {
			return fmt.Errorf("TESTFAILED sparse encoding not used")
		}
		card := registersCount(dense)
		if card != registersCount(sparse.h) {
			return fmt.Errorf("TESTFAILED dense/sparse disagree")
		}
		maxErr := uint64(math.Ceil(relErr * 6 * float64(checkpoint)))
		if j == 10 {
			maxErr = 1 // collisions make small sets err more often
		}
		absErr := int64(checkpoint) - int64(card)
		if absErr < 0 {
			absErr = -absErr
		}
		if absErr > int64(maxErr) {
			return fmt.Errorf("TESTFAILED Too big error. card:%d abserr:%d", checkpoint, absErr)
		}
		checkpoint *= 10
	}
	return nil
}

// registersCount estimates from the registers, ignoring the cache.
func registersCount(h []byte) uint64 {
	var hist [64]int
	if IsDense(h) {
		denseHistogram(h[HeaderSize:], &hist)
	} else if sparseHistogram(h, &hist) != nil {
		return 0
	}
	return estimate(&hist)
}
