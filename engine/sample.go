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

// maxRepeatedSample caps the count of SRANDMEMBER, HRANDFIELD and
// ZRANDMEMBER with a negative count, which repeats elements and so is not
// bounded by the collection's size. Redis has no cap and builds whatever
// was asked, exhausting memory (seen: OOM-killed at 24 GB); past this
// many elements redwasm answers "value is out of range" instead, so a
// typo cannot freeze a browser tab or a server.
const maxRepeatedSample = 1 << 24

// repeatedSampleTooLarge replies with an error and returns true when a
// negative count asks for more repeated elements than maxRepeatedSample.
func (c *Client) repeatedSampleTooLarge(count int64) bool {
	if count < -maxRepeatedSample {
		c.Error("ERR value is out of range")
		return true
	}
	return false
}
