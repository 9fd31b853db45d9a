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
	var u Union
	for i := -1; i < len(sources); i++ {
		h := dest
		if i >= 0 {
			h = sources[i]
		}
		if h == nil {
			continue
		}
		if err := u.Add(h); err != nil {
			return nil, err
		}
	}
	return u.Store(dest, sparseMax)
}

// Union is the register-wise maximum of HLLs added one at a time. PFCOUNT
// and PFMERGE of several keys look each key up, check it and merge it in
// turn, stopping at the first bad one; a Union lets the caller do the same:
// Add each value, then Count it (PFCOUNT) or Store it (PFMERGE). The zero
// value is an empty union.
type Union struct {
	regs  [Registers]uint8
	dense bool // a dense value was added: PFMERGE's result is dense
}

// Add validates h and merges its registers into the union. It returns
// ErrWrongType or ErrCorrupt for a bad value, which leaves the union
// partly merged: stop there, as Redis does.
func (u *Union) Add(h []byte) error {
	if err := mergeInto(&u.regs, h); err != nil {
		return err
	}
	if IsDense(h) {
		u.dense = true
	}
	return nil
}

// Count returns the cardinality of the union, as PFCOUNT of several keys
// reports it.
func (u *Union) Count() int64 {
	var hist [64]int
	for _, v := range u.regs {
		hist[v]++
	}
	return int64(estimate(&hist))
}

// Store returns the value PFMERGE leaves in its destination: dest (nil
// when missing; when present it must have been added to the union, as
// PFMERGE adds its destination first) with the union written into it, as
// described at Merge. dest is not modified. The only error is ErrCorrupt,
// for a corrupt dest that was not added first and has to turn dense.
func (u *Union) Store(dest []byte, sparseMax int) ([]byte, error) {
	var w []byte
	if dest == nil {
		w = New()
	} else {
		w = clone(dest)
	}
	if u.dense && !IsDense(w) {
		d, err := sparseToDense(w, 0)
		if err != nil {
			return nil, err
		}
		w = d
	}
	edit := sparseEdit{h: w, sparseMax: sparseMax, ascending: true}
	for i, v := range u.regs {
		if IsDense(w) {
			// dest's registers are part of the union: the dense result
			// is the union, whatever was there.
			packDense(w[HeaderSize:], &u.regs)
			break
		}
		if v != 0 {
			edit.set(i, v) // cannot fail: a corrupt dest would have failed Add
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
