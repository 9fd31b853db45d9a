package engine

// Sorting search results by distance, exactly as Redis does, so that
// members at equal distances come out in Redis's order too.
//
// Redis sorts the whole array with the C library's qsort, which in glibc
// (for arrays this size) is a top-down merge sort: stable. When COUNT asks
// for fewer members than were found, it sorts only as much as needed with
// its own pqsort, a partial quicksort after Bentley and McIlroy's
// "Engineering a Sort Function" that skips partitions holding none of the
// wanted positions: not stable, and the order of equal distances depends on
// every swap it makes. Both are reproduced step by step below, comparing
// distances the way Redis's comparator does (NaN compares as smaller).
// (Some copies of this quicksort switch to an insertion sort when a
// partition needs no swap; redis-server 7.0.15's replies show that its
// pqsort does not, and neither does this one.)

// sortGeoPoints puts points in order so that the first n are the ones the
// reply or the store takes, in Redis's order.
func sortGeoPoints(points []geoPoint, order geoOrder, n int) {
	var cmp func(a, b *geoPoint) int
	switch order {
	case geoUnsorted:
		return
	case geoAsc:
		cmp = compareGeoDistance
	case geoDesc:
		cmp = func(a, b *geoPoint) int { return -compareGeoDistance(a, b) }
	}
	if n == len(points) {
		mergeSort(points, cmp)
		return
	}
	partialQuicksort(points, 0, len(points), cmp, 0, n-1)
}

// compareGeoDistance is Redis's sort_gp_asc: 1, 0 or -1, by distance.
func compareGeoDistance(a, b *geoPoint) int {
	switch {
	case a.dist > b.dist:
		return 1
	case a.dist == b.dist:
		return 0
	}
	return -1
}

// mergeSort is glibc's qsort: sort each half, then merge them, taking from
// the first half while its element is not greater.
func mergeSort(p []geoPoint, cmp func(a, b *geoPoint) int) {
	if len(p) > 1 {
		mergeSortWith(p, make([]geoPoint, 0, len(p)), cmp)
	}
}

func mergeSortWith(p, tmp []geoPoint, cmp func(a, b *geoPoint) int) {
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

// partialQuicksort is Redis's pqsort on the n elements of p from lo: it
// leaves the elements at positions first..last (absolute indices) where a
// full sort would put them, and sorts partitions only while they overlap
// that window.
func partialQuicksort(p []geoPoint, lo, n int, cmp func(a, b *geoPoint) int, first, last int) {
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
			partialQuicksort(p, lo, k, cmp, first, last)
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
