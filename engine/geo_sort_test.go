package engine

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// randomGeoPoints returns n points whose distances take few values, so
// that ties are common, and some of them NaN when withNaN.
func randomGeoPoints(r *rand.Rand, n int, withNaN bool) []geoPoint {
	p := make([]geoPoint, n)
	for i := range p {
		p[i] = geoPoint{member: strconv.Itoa(i), dist: float64(r.IntN(1 + n/3))}
		if withNaN && r.IntN(10) == 0 {
			p[i].dist = math.NaN()
		}
	}
	return p
}

func members(p []geoPoint) []string {
	out := make([]string, len(p))
	for i := range p {
		out[i] = p[i].member
	}
	return out
}

// The full sort is stable, nearest first or farthest first.
func TestSortGeoPointsFull(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 200; n += 1 + n/10 {
		for _, order := range []geoOrder{geoAsc, geoDesc} {
			p := randomGeoPoints(r, n, false)
			want := slices.Clone(p)
			slices.SortStableFunc(want, func(a, b geoPoint) int {
				if order == geoDesc {
					return compareGeoDistance(&b, &a)
				}
				return compareGeoDistance(&a, &b)
			})
			sortGeoPoints(p, order, n)
			if !slices.Equal(members(p), members(want)) {
				t.Fatalf("n=%d order=%d: %v, want %v", n, order, members(p), members(want))
			}
		}
	}
}

// The partial sort puts the k nearest (or farthest) first, in order; ties
// may come in any order.
func TestSortGeoPointsPartial(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 2; n < 300; n += 1 + n/8 {
		for k := 1; k < n; k += 1 + k/3 {
			for _, order := range []geoOrder{geoAsc, geoDesc} {
				p := randomGeoPoints(r, n, false)
				before := slices.Clone(p)
				sortGeoPoints(p, order, k)
				var dists []float64
				for _, q := range p {
					dists = append(dists, q.dist)
				}
				sorted := slices.Clone(dists)
				slices.Sort(sorted)
				if order == geoDesc {
					slices.Reverse(sorted)
				}
				if !slices.Equal(dists[:k], sorted[:k]) {
					t.Fatalf("n=%d k=%d order=%d: first %v, want %v", n, k, order, dists[:k], sorted[:k])
				}
				got, all := members(p), members(before)
				slices.Sort(got)
				slices.Sort(all)
				if !slices.Equal(got, all) {
					t.Fatal("members lost or duplicated")
				}
			}
		}
	}
}

// NaN distances (possible for antipodal points) compare as smaller than
// everything, inconsistently, as in Redis: the sorts must still return
// every member once.
func TestSortGeoPointsNaN(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := 1; n < 120; n += 7 {
		for _, k := range []int{1, n / 2, n} {
			if k < 1 {
				continue
			}
			p := randomGeoPoints(r, n, true)
			want := members(p)
			sortGeoPoints(p, geoAsc, k)
			got := members(p)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d k=%d: members lost", n, k)
			}
		}
	}
}

func BenchmarkSortGeoPoints(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	src := randomGeoPoints(r, 10000, false)
	for i := range src {
		src[i].dist = r.Float64()
	}
	p := make([]geoPoint, len(src))
	for _, k := range []int{10, len(src)} {
		b.Run("count="+strconv.Itoa(k), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				copy(p, src)
				sortGeoPoints(p, geoAsc, k)
			}
		})
	}
}
