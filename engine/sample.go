package engine

import "math/rand/v2"

// Random sampling of collections without repetition, for SRANDMEMBER,
// SPOP and HRANDFIELD with a positive count smaller than the collection.

// randomIndexes returns count distinct indexes of [0, n), in random order,
// with a partial Fisher-Yates shuffle.
func randomIndexes(n, count int) []int {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	for i := 0; i < count; i++ {
		j := i + rand.IntN(n-i)
		perm[i], perm[j] = perm[j], perm[i]
	}
	return perm[:count]
}

// randomDictKeys returns count distinct keys of d (count < d.Len()), in
// random order. Like Redis, it samples at random while the request is
// small against the table and otherwise shuffles a copy of all the keys,
// so neither case degenerates into endless retries.
func randomDictKeys[V any](d *dict[V], count int) []string {
	if count*3 > d.Len() {
		keys := make([]string, 0, d.Len())
		d.Each(func(key string, _ V) bool {
			keys = append(keys, key)
			return true
		})
		for i := 0; i < count; i++ {
			j := i + rand.IntN(len(keys)-i)
			keys[i], keys[j] = keys[j], keys[i]
		}
		return keys[:count]
	}
	seen := make(map[string]bool, count)
	keys := make([]string, 0, count)
	for len(keys) < count {
		key, _, _ := d.Random()
		if !seen[key] {
			seen[key] = true
			keys = append(keys, key)
		}
	}
	return keys
}
