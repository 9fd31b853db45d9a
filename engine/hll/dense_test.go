package hll

import (
	"math/rand/v2"
	"testing"
)

func TestDenseRegisters(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	regs := make([]byte, DenseSize-HeaderSize)
	var want [Registers]uint8
	for round := 0; round < 20; round++ {
		for i := range want {
			want[i] = uint8(r.IntN(RegisterMax + 1))
			denseSet(regs, i, want[i])
		}
		// Rewrite a few registers: neighbours must not move.
		for k := 0; k < 100; k++ {
			i := r.IntN(Registers)
			want[i] = uint8(r.IntN(RegisterMax + 1))
			denseSet(regs, i, want[i])
		}
		var hist [64]int
		for i, w := range want {
			if got := denseGet(regs, i); got != w {
				t.Fatalf("register %d = %d, want %d", i, got, w)
			}
			hist[w]++
		}
		var got [64]int
		denseHistogram(regs, &got)
		if got != hist {
			t.Fatalf("histogram %v, want %v", got, hist)
		}
	}
}

func TestDenseRaise(t *testing.T) {
	regs := make([]byte, DenseSize-HeaderSize)
	if !denseRaise(regs, 5, 3) || denseRaise(regs, 5, 3) || denseRaise(regs, 5, 2) || !denseRaise(regs, 5, 4) {
		t.Fatal("denseRaise must report raises only")
	}
	if denseGet(regs, 5) != 4 || denseGet(regs, 4) != 0 || denseGet(regs, 6) != 0 {
		t.Fatal("denseRaise wrote the wrong place")
	}
	// The last register does not reach past the register area.
	denseSet(regs, Registers-1, RegisterMax)
	if denseGet(regs, Registers-1) != RegisterMax {
		t.Fatal("last register")
	}
}
