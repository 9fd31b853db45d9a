package hll

// The dense encoding packs the registers as 6-bit fields, least significant
// bits first: register i starts at bit 6*i of the register area, so a field
// may straddle two bytes.

// denseGet reads register i from a dense register area.
func denseGet(regs []byte, i int) uint8 {
	at, shift := i*6/8, uint(i*6&7)
	v := regs[at] >> shift
	if shift > 2 { // the field spills into the next byte
		v |= regs[at+1] << (8 - shift)
	}
	return v & RegisterMax
}

// denseSet writes v (at most RegisterMax) into register i.
func denseSet(regs []byte, i int, v uint8) {
	at, shift := i*6/8, uint(i*6&7)
	regs[at] = regs[at]&^(RegisterMax<<shift) | v<<shift
	if shift > 2 {
		regs[at+1] = regs[at+1]&^(RegisterMax>>(8-shift)) | v>>(8-shift)
	}
}

// denseRaise sets register i to v if v is larger and reports whether it did.
func denseRaise(regs []byte, i int, v uint8) bool {
	if v <= denseGet(regs, i) {
		return false
	}
	denseSet(regs, i, v)
	return true
}

// denseHistogram counts the registers of each value. Every 3 bytes hold
// exactly 4 registers, which the loop reads without the general shifts.
func denseHistogram(regs []byte, hist *[64]int) {
	for i := 0; i+3 <= len(regs); i += 3 {
		b0, b1, b2 := regs[i], regs[i+1], regs[i+2]
		hist[b0&63]++
		hist[(b0>>6|b1<<2)&63]++
		hist[(b1>>4|b2<<4)&63]++
		hist[b2>>2]++
	}
}

// packDense writes all registers at once.
func packDense(regs []byte, vals *[Registers]uint8) {
	regs = regs[:Registers*6/8]
	for i, r := 0, 0; i+3 <= len(regs); i, r = i+3, r+4 {
		v := (*[4]uint8)(vals[r : r+4])
		regs[i] = v[0] | v[1]<<6
		regs[i+1] = v[1]>>2 | v[2]<<4
		regs[i+2] = v[2]>>4 | v[3]<<2
	}
}
