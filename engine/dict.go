package engine

import (
	"hash/maphash"
	"math/bits"
	"math/rand/v2"
)

// dict is a chained hash table of string keys, the structure behind the
// keyspace and behind large hashes, sets and sorted sets. It exists, rather
// than a Go map, for what Redis's dict gives its users: SCAN's cursor over
// power-of-two buckets in reverse-binary order (an element present for the
// whole iteration is returned at least once, even across resizes) and fair
// random sampling (RANDOMKEY, SPOP, active expiry).
type dict[V any] struct {
	buckets []*dictEntry[V] // len is 0 or a power of two
	used    int
}

type dictEntry[V any] struct {
	key   string
	value V
	next  *dictEntry[V]
}

var dictSeed = maphash.MakeSeed()

const dictMinSize = 4

func (d *dict[V]) Len() int { return d.used }

func (d *dict[V]) bucket(key string) int {
	return int(maphash.String(dictSeed, key) & uint64(len(d.buckets)-1))
}

func (d *dict[V]) find(key string) *dictEntry[V] {
	if d.used == 0 {
		return nil
	}
	for e := d.buckets[d.bucket(key)]; e != nil; e = e.next {
		if e.key == key {
			return e
		}
	}
	return nil
}

// Get returns the value of key.
func (d *dict[V]) Get(key string) (V, bool) {
	if e := d.find(key); e != nil {
		return e.value, true
	}
	var zero V
	return zero, false
}

// Ref returns a pointer to the value of key, valid until the next change
// to the dict's shape (insert or delete), or nil.
func (d *dict[V]) Ref(key string) *V {
	if e := d.find(key); e != nil {
		return &e.value
	}
	return nil
}

// Set stores value under key and reports whether the key is new. The key
// string is kept: callers pass a string they own, never one that aliases
// a reused buffer.
func (d *dict[V]) Set(key string, value V) bool {
	if e := d.find(key); e != nil {
		e.value = value
		return false
	}
	if d.used >= len(d.buckets) {
		d.resize(max(dictMinSize, 2*len(d.buckets)))
	}
	i := d.bucket(key)
	d.buckets[i] = &dictEntry[V]{key: key, value: value, next: d.buckets[i]}
	d.used++
	return true
}

// Delete removes key, returning its value.
func (d *dict[V]) Delete(key string) (V, bool) {
	var zero V
	if d.used == 0 {
		return zero, false
	}
	i := d.bucket(key)
	for p := &d.buckets[i]; *p != nil; p = &(*p).next {
		if e := *p; e.key == key {
			*p = e.next
			d.used--
			if len(d.buckets) > dictMinSize && d.used*10 < len(d.buckets) {
				d.resize(max(dictMinSize, 1<<bits.Len(uint(d.used))))
			}
			return e.value, true
		}
	}
	return zero, false
}

// Clear empties the dict.
func (d *dict[V]) Clear() { *d = dict[V]{} }

func (d *dict[V]) resize(size int) {
	old := d.buckets
	d.buckets = make([]*dictEntry[V], size)
	for _, e := range old {
		for e != nil {
			next := e.next
			i := d.bucket(e.key)
			e.next = d.buckets[i]
			d.buckets[i] = e
			e = next
		}
	}
}

// Scan visits the entries of the bucket at cursor and returns the next
// cursor, 0 when the iteration is complete. The cursor walks the buckets
// in reverse-binary order, which is what lets an iteration survive the
// table growing or shrinking between calls.
func (d *dict[V]) Scan(cursor uint64, fn func(key string, value V)) uint64 {
	if d.used == 0 {
		return 0
	}
	mask := uint64(len(d.buckets) - 1)
	for e := d.buckets[cursor&mask]; e != nil; e = e.next {
		fn(e.key, e.value)
	}
	cursor |= ^mask
	cursor = bits.Reverse64(cursor)
	cursor++
	return bits.Reverse64(cursor)
}

// Each calls fn for every entry until fn returns false. fn must not change
// the dict.
func (d *dict[V]) Each(fn func(key string, value V) bool) {
	for _, e := range d.buckets {
		for ; e != nil; e = e.next {
			if !fn(e.key, e.value) {
				return
			}
		}
	}
}

// Random returns a random entry, as fairly as Redis's dictGetFairRandomKey:
// a random non-empty bucket, then a random entry of its chain.
func (d *dict[V]) Random() (string, V, bool) {
	if d.used == 0 {
		var zero V
		return "", zero, false
	}
	mask := len(d.buckets) - 1
	var head *dictEntry[V]
	for head == nil {
		head = d.buckets[rand.IntN(mask+1)]
	}
	n := 0
	for e := head; e != nil; e = e.next {
		n++
	}
	e := head
	for i := rand.IntN(n); i > 0; i-- {
		e = e.next
	}
	return e.key, e.value, true
}
