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
	var union [Registers]uint8
	useDense := false
	for i := -1; i < len(sources); i++ {
		h := dest
		if i >= 0 {
			h = sources[i]
		}
		if h == nil {
			continue
		}
		if err := mergeInto(&union, h); err != nil {
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
	edit := sparseEdit{h: w, sparseMax: sparseMax, ascending: true}
	for i, v := range union {
		if IsDense(w) {
			// dest's registers are part of the union: the dense result
			// is the union, whatever was there.
			packDense(w[HeaderSize:], &union)
			break
		}
		if v != 0 {
			edit.set(i, v) // cannot fail: dest was walked above
			w = edit.h
		}
	}
	invalidateCache(w)
	return w, nil
}

// mergeInto validates h and raises every entry of union to h's register.
func mergeInto(union *[Registers]uint8, h []byte) error {
	if err := Validate(h); err != nil {
		return err
	}
	if !IsDense(h) {
		return forEachRun(h, 0, func(start, n int, v uint8) {
			for i := start; i < start+n; i++ {
				union[i] = max(union[i], v)
			}
		})
	}
	// Every 3 bytes hold exactly 4 registers.
	regs := h[HeaderSize:DenseSize]
	for i, r := 0, 0; i+3 <= len(regs); i, r = i+3, r+4 {
		b0, b1, b2 := regs[i], regs[i+1], regs[i+2]
		m := (*[4]uint8)(union[r : r+4])
		m[0] = max(m[0], b0&63)
		m[1] = max(m[1], (b0>>6|b1<<2)&63)
		m[2] = max(m[2], (b1>>4|b2<<4)&63)
		m[3] = max(m[3], b2>>2)
	}
	return nil
}
