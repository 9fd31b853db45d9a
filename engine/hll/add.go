package hll

// Add performs PFADD: it offers each element to the HLL h and returns the
// value to store and whether it changed (PFADD's reply of 1 or 0). A nil h
// stands for a missing key: a new sparse HLL is created, and that alone
// counts as a change, even with no elements. sparseMax is the
// hll-sparse-max-bytes setting. h itself is never modified.
//
// A change marks the cached cardinality stale. A sparse value is edited
// exactly as Redis edits it, and turned dense when a register needs a value
// above 32 or the value would grow past sparseMax bytes.
//
// Errors: ErrWrongType (h returned unchanged), or ErrCorrupt when an element
// falls beyond the end of a damaged sparse list. Redis keeps the changes made
// by the elements before that one, so out then holds them and changed says
// whether there were any: store out if changed, and reply with the error.
func Add(h []byte, elements [][]byte, sparseMax int) (out []byte, changed bool, err error) {
	var w []byte // private copy, made before the first edit
	if h == nil {
		w, changed = New(), true
	} else if err := Validate(h); err != nil {
		return h, false, err
	} else if !IsDense(h) && len(elements) > 0 {
		// Sparse edits happen in place while Redis's procedure runs, so
		// work on a copy from the start; sparse values are small.
		w = clone(h)
	}
	edit := sparseEdit{h: w, sparseMax: sparseMax}
	for _, e := range elements {
		index, count := patternOf(e)
		if w == nil { // dense, not copied yet
			if denseGet(h[HeaderSize:], index) >= count {
				continue
			}
			w = clone(h)
		}
		if IsDense(w) {
			if denseRaise(w[HeaderSize:], index, count) {
				changed = true
			}
			continue
		}
		res := edit.set(index, count)
		w = edit.h
		switch res {
		case setRaised, setPromoted:
			changed = true
		case setCorrupt:
			if !changed {
				return h, false, ErrCorrupt
			}
			return w, true, ErrCorrupt
		}
	}
	if !changed {
		return h, false, nil
	}
	invalidateCache(w)
	return w, true, nil
}
