package engine

// Sorts that reproduce the order Redis leaves elements in, for replies
// where equal elements' order shows: the C library's qsort and Redis's own
// partial quicksort, step by step, over any element type.

// mergeSort is qsort as glibc (2.36, Debian 12's) implements it for
// arrays that fit in memory: a top-down merge sort that sorts each half,
// then merges them, taking from the first half while its element is not
// greater. It is stable; with a comparator that is not a consistent order
// (NaN distances), only this exact procedure gives glibc's result.
func mergeSort[T any](p []T, cmp func(a, b *T) int) {
	if len(p) > 1 {
		mergeSortWith(p, make([]T, 0, len(p)), cmp)
	}
}

func mergeSortWith[T any](p, tmp []T, cmp func(a, b *T) int) {
	if len(p) <= 1 {
		return
	}
	half := len(p) / 2
	left, right := p[:half], p[half:]
	mergeSortWith(left, tmp, cmp)
	mergeSortWith(right, tmp, cmp)
	tmp = tmp[:0]
	for len(left) > 0 && len(right) > 0 {
		if cmp(&left[0], &right[0]) <= 0 {
			tmp = append(tmp, left[0])
			left = left[1:]
		} else {
			tmp = append(tmp, right[0])
			right = right[1:]
		}
	}
	// What is left of the right half is already in place.
	tmp = append(tmp, left...)
	copy(p, tmp)
}

// pqsort is Redis's pqsort: it leaves the elements at positions
// first..last where a full sort would put them, sorting partitions only
// while they overlap that window. It is Bentley and McIlroy's quicksort
// ("Engineering a Sort Function"): not stable, and elements that compare
// equal end up in the order its swaps leave them, which is what Redis
// replies (SORT ... LIMIT, GEOSEARCH ... COUNT).
//
// Some copies of this quicksort switch to an insertion sort when a
// partition needs no swap; redis-server 7.0.15's replies show that its
// pqsort does not, and neither does this one.
func pqsort[T any](p []T, cmp func(a, b *T) int, first, last int) {
	pqsortFrom(p, 0, len(p), cmp, first, last)
}

// pqsortFrom is pqsort on the n elements of p from lo; first and last are
// absolute positions.
func pqsortFrom[T any](p []T, lo, n int, cmp func(a, b *T) int, first, last int) {
	swap := func(i, j int) { p[i], p[j] = p[j], p[i] }
	// swapBlocks exchanges the k elements from i with the k from j.
	swapBlocks := func(i, j, k int) {
		for ; k > 0; k-- {
			swap(i, j)
			i++
			j++
		}
	}
	medianOf3 := func(a, b, c int) int {
		if cmp(&p[a], &p[b]) < 0 {
			switch {
			case cmp(&p[b], &p[c]) < 0:
				return b
			case cmp(&p[a], &p[c]) < 0:
				return c
			}
			return a
		}
		switch {
		case cmp(&p[b], &p[c]) > 0:
			return b
		case cmp(&p[a], &p[c]) < 0:
			return a
		}
		return c
	}
	overlaps := func(lo, n int) bool { return last >= lo && first < lo+n }

	for {
		if n < 7 { // insertion sort
			for m := lo + 1; m < lo+n; m++ {
				for l := m; l > lo && cmp(&p[l-1], &p[l]) > 0; l-- {
					swap(l, l-1)
				}
			}
			return
		}
		// The pivot: the middle element, or a median of three or of
		// three medians for larger partitions. It goes to the front.
		m := lo + n/2
		if n > 7 {
			l, r := lo, lo+n-1
			if n > 40 {
				d := n / 8
				l = medianOf3(l, l+d, l+2*d)
				m = medianOf3(m-d, m, m+d)
				r = medianOf3(r-2*d, r-d, r)
			}
			m = medianOf3(l, m, r)
		}
		swap(lo, m)

		// Partition: elements equal to the pivot gather at both ends
		// (lo+1..a and d..end), smaller ones after them on the left
		// (up to b), greater ones on the right (from c).
		a, b := lo+1, lo+1
		c, d := lo+n-1, lo+n-1
		for {
			for b <= c {
				r := cmp(&p[b], &p[lo])
				if r > 0 {
					break
				}
				if r == 0 {
					swap(a, b)
					a++
				}
				b++
			}
			for b <= c {
				r := cmp(&p[c], &p[lo])
				if r < 0 {
					break
				}
				if r == 0 {
					swap(c, d)
					d--
				}
				c--
			}
			if b > c {
				break
			}
			swap(b, c)
			b++
			c--
		}
		// Move the pivot's equals from the ends to the middle.
		end := lo + n
		k := min(a-lo, b-a)
		swapBlocks(lo, b-k, k)
		k = min(d-c, end-d-1)
		swapBlocks(b, end-k, k)

		// Recurse into the smaller-than part, loop on the greater-than
		// part, skipping either when it holds none of first..last.
		if k = b - a; k > 1 && overlaps(lo, k) {
			pqsortFrom(p, lo, k, cmp, first, last)
		}
		k = d - c
		if k <= 1 {
			return
		}
		lo, n = end-k, k
		if !overlaps(lo, n) {
			return
		}
	}
}
