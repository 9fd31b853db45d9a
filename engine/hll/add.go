package hll

// Add performs PFADD: it offers each element to the HLL h and returns the
// value to store and how many changes it made: one per element that raised
// a register, plus one for creating the value. That is what Redis adds to
// its count of changes; PFADD replies 1 if it is not zero. A nil h stands
// for a missing key: a new sparse HLL is created, and that alone counts as
// a change, even with no elements. sparseMax is the hll-sparse-max-bytes
// setting. h itself is never modified.
//
// A change marks the cached cardinality stale. A sparse value is edited
// exactly as Redis edits it, and turned dense when a register needs a value
// above 32 or the value would grow past sparseMax bytes.
//
// Errors: ErrWrongType (h returned unchanged), or ErrCorrupt when an element
// falls beyond the end of a damaged sparse list. Redis keeps the changes made
// by the elements before that one (without marking the cache stale), so out
// then holds them and updated counts them: store out if updated is not zero,
// and reply with the error.
func Add(h []byte, elements [][]byte, sparseMax int) (out []byte, updated int, err error) {
	var w []byte // private copy, made before the first edit
	if h == nil {
		w, updated = New(), 1
	} else if err := Validate(h); err != nil {
		return h, 0, err
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
				updated++
			}
			continue
		}
		res := edit.set(index, count)
		w = edit.h
		switch res {
		case setRaised, setPromoted:
			updated++
		case setCorrupt:
			if updated == 0 {
				return h, 0, ErrCorrupt
			}
			return w, updated, ErrCorrupt
		}
	}
	if updated == 0 {
		return h, 0, nil
	}
	invalidateCache(w)
	return w, updated, nil
}
