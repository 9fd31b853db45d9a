package engine

// Sorting search results by distance, exactly as Redis does, so that
// members at equal distances come out in Redis's order too: the whole
// array with the C library's qsort (mergeSort), or, when COUNT asks for
// fewer members than were found, only as much as needed with Redis's
// pqsort, whose order of equal distances depends on every swap it makes
// (pqsort.go). Distances compare the way Redis's comparator does (NaN
// compares as smaller).

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
	pqsort(points, cmp, 0, n-1)
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
