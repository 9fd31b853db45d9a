package lua

import (
	"math"

	glua "github.com/yuin/gopher-lua"
)

// C Lua 5.1 iterates a table in the layout of its array part and hash
// nodes, which follows from the keys' hashes and the order they were
// inserted in. Scripts see that order through pairs and next, and Redis
// clients see it in the key order of cjson objects and cmsgpack maps.
// gopher-lua keeps insertion order instead, so this file replays a table's
// insertions through a model of ltable.c (main positions, collision
// chains, the free pointer, rehash sizing) to recover C Lua's order.
//
// gopher-lua does not record how a table was built, so the replay assumes
// it was built one key at a time into an empty table (as cjson.decode,
// cmsgpack.unpack and field assignments build tables): integer keys
// first, in increasing order, then the other keys in insertion order.
// Tables from constructors with several fields ({a=1, b=2, c=3}) are
// presized by C Lua and can collide differently; keys that are tables or
// functions hash by address in C Lua and cannot be placed the same way.

// cOrder returns the keys of t in C Lua's iteration order, or nil when
// that is gopher-lua's order (keys 1..n only).
func cOrder(t *glua.LTable) []glua.LValue {
	var keys []glua.LValue
	hashKeys := false
	for k, _ := t.Next(glua.LNil); k != glua.LNil; k, _ = t.Next(k) {
		keys = append(keys, k)
		if n, ok := k.(glua.LNumber); !ok || float64(n) != float64(len(keys)) {
			hashKeys = true
		}
	}
	if !hashKeys {
		return nil // 1..n: all in C Lua's array part, in order
	}
	var sim simTable
	for _, k := range keys {
		sim.insert(k)
	}
	return sim.order()
}

// forEachInCOrder calls fn for each entry of t in C Lua's order.
func forEachInCOrder(t *glua.LTable, fn func(k, v glua.LValue)) {
	keys := cOrder(t)
	if keys == nil {
		for k, v := t.Next(glua.LNil); k != glua.LNil; k, v = t.Next(k) {
			fn(k, v)
		}
		return
	}
	for _, k := range keys {
		fn(k, t.RawGet(k))
	}
}

// traversal remembers a table's C order while a script walks it with next,
// so each step is not a replay.
type traversal struct {
	keys  []glua.LValue
	index map[glua.LValue]int
}

// maxTraversals bounds the remembered orders; they are dropped when it is
// reached, and rebuilt on demand.
const maxTraversals = 256

// next returns the entry after k in t (seen through proxies) in C Lua's
// order, as lua_next does.
func (s *State) next(t *glua.LTable, k glua.LValue) (glua.LValue, glua.LValue) {
	real := s.ro.target(t)
	tr, ok := s.traversals[real]
	if !ok || k == glua.LNil {
		tr = s.remember(real)
	}
	if tr == nil {
		return real.Next(k)
	}
	i := 0
	if k != glua.LNil {
		pos, found := tr.index[k]
		if !found {
			if tr = s.remember(real); tr == nil {
				return real.Next(k)
			}
			if pos, found = tr.index[k]; !found {
				return real.Next(k) // not a key: gopher-lua's answer
			}
		}
		i = pos + 1
	}
	for ; i < len(tr.keys); i++ {
		if v := real.RawGet(tr.keys[i]); v != glua.LNil {
			return tr.keys[i], v
		}
	}
	return glua.LNil, glua.LNil
}

func (s *State) remember(t *glua.LTable) *traversal {
	keys := cOrder(t)
	if keys == nil {
		delete(s.traversals, t)
		return nil
	}
	if len(s.traversals) >= maxTraversals {
		clear(s.traversals)
	}
	tr := &traversal{keys: keys, index: make(map[glua.LValue]int, len(keys))}
	for i, k := range keys {
		tr.index[k] = i
	}
	s.traversals[t] = tr
	return tr
}

// simTable models a C Lua table's layout: which array slots are used and
// which key sits in which hash node.
type simTable struct {
	array    []bool // used array slots; len is the array size
	nodes    []simNode
	lastFree int
}

type simNode struct {
	key  glua.LValue // nil when free
	next int         // index of the next node in the chain, or -1
}

const maxArrayBits = 26 // MAXBITS

// arrayIndex returns the key as a candidate array index, or 0.
func arrayIndex(k glua.LValue) int {
	n, ok := k.(glua.LNumber)
	if !ok {
		return 0
	}
	i := cInt(float64(n))
	if float64(i) != float64(n) {
		return 0
	}
	return int(i)
}

// luaStringHash is Lua 5.1's string hash (luaS_newlstr).
func luaStringHash(s string) uint32 {
	h := uint32(len(s))
	step := len(s)>>5 + 1
	for l := len(s); l >= step; l -= step {
		h ^= (h << 5) + (h >> 2) + uint32(s[l-1])
	}
	return h
}

// mainPosition is the node a key hashes to.
func (t *simTable) mainPosition(k glua.LValue) int {
	size := uint32(len(t.nodes))
	switch k := k.(type) {
	case glua.LString:
		return int(luaStringHash(string(k)) & (size - 1))
	case glua.LNumber:
		if k == 0 {
			return 0
		}
		bits := math.Float64bits(float64(k))
		return int((uint32(bits) + uint32(bits>>32)) % ((size - 1) | 1))
	case glua.LBool:
		if k {
			return int(1 & (size - 1))
		}
		return 0
	}
	return 0 // hashed by address in C Lua
}

func (t *simTable) freePos() int {
	for t.lastFree > 0 {
		t.lastFree--
		if t.nodes[t.lastFree].key == nil {
			return t.lastFree
		}
	}
	return -1
}

// insert adds a key that is not in the table yet, as luaH_set does.
func (t *simTable) insert(k glua.LValue) {
	if i := arrayIndex(k); i >= 1 && i <= len(t.array) {
		t.array[i-1] = true
		return
	}
	if len(t.nodes) == 0 {
		t.rehash(k)
		t.insert(k)
		return
	}
	mp := t.mainPosition(k)
	if t.nodes[mp].key != nil {
		n := t.freePos()
		if n < 0 {
			t.rehash(k)
			t.insert(k)
			return
		}
		other := t.mainPosition(t.nodes[mp].key)
		if other != mp {
			// The colliding node is not in its main position: move it to
			// the free node and take its place.
			for t.nodes[other].next != mp {
				other = t.nodes[other].next
			}
			t.nodes[other].next = n
			t.nodes[n] = t.nodes[mp]
			t.nodes[mp] = simNode{next: -1}
		} else {
			// It is: chain the new key in the free node.
			t.nodes[n].next = t.nodes[mp].next
			t.nodes[mp].next = n
			mp = n
		}
	}
	t.nodes[mp].key = k
}

// countInt counts k in nums when it is a candidate array index.
func countInt(k glua.LValue, nums *[maxArrayBits + 1]int) int {
	if i := arrayIndex(k); i > 0 && i <= 1<<maxArrayBits {
		nums[ceilLog2(i)]++
		return 1
	}
	return 0
}

func ceilLog2(x int) int {
	l := 0
	for (1 << l) < x {
		l++
	}
	return l
}

// rehash resizes for the keys present plus the one being inserted, as
// ltable.c's rehash and computesizes decide.
func (t *simTable) rehash(extra glua.LValue) {
	var nums [maxArrayBits + 1]int
	nasize := 0
	for i, used := range t.array {
		if used {
			nums[ceilLog2(i+1)]++
			nasize++
		}
	}
	total := nasize
	for i := len(t.nodes) - 1; i >= 0; i-- {
		if k := t.nodes[i].key; k != nil {
			nasize += countInt(k, &nums)
			total++
		}
	}
	nasize += countInt(extra, &nums)
	total++
	// The array size is the largest power of two with more than half of
	// its slots used.
	a, na, n := 0, 0, 0
	for i, twoToI := 0, 1; twoToI/2 < nasize; i, twoToI = i+1, twoToI*2 {
		if nums[i] > 0 {
			a += nums[i]
			if a > twoToI/2 {
				n, na = twoToI, a
			}
		}
		if a == nasize {
			break
		}
	}
	t.resize(n, total-na)
}

func (t *simTable) resize(arraySize, hashSize int) {
	oldArray := t.array
	oldNodes := t.nodes
	if arraySize > len(oldArray) {
		t.array = append(t.array, make([]bool, arraySize-len(oldArray))...)
	}
	t.nodes = nil
	if hashSize > 0 {
		t.nodes = make([]simNode, 1<<ceilLog2(hashSize))
		for i := range t.nodes {
			t.nodes[i].next = -1
		}
	}
	t.lastFree = len(t.nodes)
	if arraySize < len(oldArray) {
		t.array = oldArray[:arraySize]
		for i := arraySize; i < len(oldArray); i++ {
			if oldArray[i] {
				t.insert(glua.LNumber(i + 1))
			}
		}
	}
	for i := len(oldNodes) - 1; i >= 0; i-- {
		if k := oldNodes[i].key; k != nil {
			t.insert(k)
		}
	}
}

// order lists the keys as luaH_next visits them: array part, then nodes.
func (t *simTable) order() []glua.LValue {
	var keys []glua.LValue
	for i, used := range t.array {
		if used {
			keys = append(keys, glua.LNumber(i+1))
		}
	}
	for _, n := range t.nodes {
		if n.key != nil {
			keys = append(keys, n.key)
		}
	}
	return keys
}
