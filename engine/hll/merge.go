package hll

// Merge performs PFMERGE: it returns the new value of the destination key
// dest (nil when missing), holding for every register the largest value
// found in dest and in the sources. Nil sources stand for missing keys.
// sparseMax is the hll-sparse-max-bytes setting. No input is modified.
//
// As in Redis the result is dense as soon as dest or any source is dense;
// otherwise the merged registers are written one by one into the sparse
// dest (a new one when dest is nil), which turns dense if a value exceeds
// 32 or the value outgrows sparseMax. The header of dest is kept, with the
// cached cardinality marked stale.
//
// Errors: ErrWrongType or ErrCorrupt for the first bad value, dest first,
// then the sources in order.
func Merge(dest []byte, sources [][]byte, sparseMax int) ([]byte, error) {
	var max [Registers]uint8
	useDense := false
	for i := -1; i < len(sources); i++ {
		h := dest
		if i >= 0 {
			h = sources[i]
		}
		if h == nil {
			continue
		}
		if err := mergeInto(&max, h); err != nil {
			return nil, err
		}
		if IsDense(h) {
			useDense = true
		}
	}

	var w []byte
	if dest == nil {
		w = New()
	} else {
		w = clone(dest)
	}
	if useDense && !IsDense(w) {
		d, err := sparseToDense(w, 0)
		if err != nil { // unreachable: dest was walked above
			return nil, err
		}
		w = d
	}
	var term byte // the byte after the end of w, see sparseSet
	for i, v := range max {
		if v == 0 {
			continue
		}
		if IsDense(w) {
			denseRaise(w[HeaderSize:], i, v)
		} else {
			w, term, _ = sparseSet(w, term, i, v, sparseMax)
		}
	}
	invalidateCache(w)
	return w, nil
}

// mergeInto validates h and raises every entry of max to h's register.
func mergeInto(max *[Registers]uint8, h []byte) error {
	if err := Validate(h); err != nil {
		return err
	}
	if !IsDense(h) {
		return forEachRun(h, 0, func(start, n int, v uint8) {
			for i := start; i < start+n; i++ {
				if v > max[i] {
					max[i] = v
				}
			}
		})
	}
	regs := h[HeaderSize:]
	for i, r := 0, 0; r < Registers; i, r = i+3, r+4 {
		b0, b1, b2 := regs[i], regs[i+1], regs[i+2]
		vals := [4]uint8{b0 & 63, (b0>>6 | b1<<2) & 63, (b1>>4 | b2<<4) & 63, b2 >> 2}
		for k, v := range vals {
			if v > max[r+k] {
				max[r+k] = v
			}
		}
	}
	return nil
}
