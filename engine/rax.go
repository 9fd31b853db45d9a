package engine

import "bytes"

// rax is an ordered map from byte strings to values with the shape of
// Redis's radix tree (rax.c): the same nodes, split and merged by the same
// rules, so that its node count is Redis's. Streams show that count (XINFO
// STREAM's radix-tree-nodes) and MEMORY USAGE weighs it, so the streams use
// this tree for their nodes, their consumer groups, the pending entries
// lists and the consumers, exactly where Redis uses one.
//
// A node holds the edges leaving it. A compressed node holds a run of
// bytes and exactly one child, reached by following all of them; any other
// node holds one byte per child, ascending. A node is a key when the bytes
// on the path from the root to it form a key; its value lives there. The
// key of a node therefore precedes every key of its children, which gives
// the order the iterator walks in.
type rax[V any] struct {
	head     *raxNode[V]
	numele   int // keys
	numnodes int // nodes, the head included
}

type raxNode[V any] struct {
	compressed bool
	isKey      bool
	chars      []byte        // the compressed run, or one edge byte per child
	children   []*raxNode[V] // one for a compressed node, else len(chars)
	value      V
}

// newRax returns an empty tree: a head node with no key and no children.
func newRax[V any]() *rax[V] {
	return &rax[V]{head: &raxNode[V]{}, numnodes: 1}
}

// Len returns the number of keys.
func (t *rax[V]) Len() int { return t.numele }

// size is the number of chars of a node, Redis's raxNode.size: the run of
// a compressed node, the number of children of another.
func (n *raxNode[V]) size() int { return len(n.chars) }

// onlyChild returns the child of a node with a single way down: a
// compressed node or a node with one child (Redis's raxNodeLastChildPtr
// where it is used so).
func (n *raxNode[V]) lastChild() *raxNode[V] { return n.children[len(n.children)-1] }

// walk follows key from the head as far as the tree allows, Redis's
// raxLowWalk. It returns how many bytes of key it matched, the node where
// it stopped, the position inside that node's run where a compressed node
// stopped matching (0 otherwise), and, when stack is not nil, appends the
// nodes passed on the way (the stop node's ancestors, root first).
func (t *rax[V]) walk(key []byte, stack *[]*raxNode[V]) (i int, h *raxNode[V], parentLink **raxNode[V], split int) {
	h = t.head
	parentLink = &t.head
	j := 0
	for h.size() > 0 && i < len(key) {
		if h.compressed {
			for j = 0; j < h.size() && i < len(key); j, i = j+1, i+1 {
				if h.chars[j] != key[i] {
					break
				}
			}
			if j != h.size() {
				break
			}
			j = 0
		} else {
			j = bytes.IndexByte(h.chars, key[i])
			if j < 0 {
				j = 0
				break
			}
			i++
		}
		if stack != nil {
			*stack = append(*stack, h)
		}
		parentLink = &h.children[j]
		h = *parentLink
		j = 0
	}
	if h.compressed {
		split = j
	}
	return i, h, parentLink, split
}

// Find returns the value stored under key.
func (t *rax[V]) Find(key []byte) (V, bool) {
	i, h, _, split := t.walk(key, nil)
	if i != len(key) || (h.compressed && split != 0) || !h.isKey {
		var zero V
		return zero, false
	}
	return h.value, true
}

// Insert stores v under key, replacing any value there, and reports
// whether the key is new.
func (t *rax[V]) Insert(key []byte, v V) bool { return t.insert(key, v, true) }

// TryInsert stores v under key unless the key exists, and reports whether
// it stored it.
func (t *rax[V]) TryInsert(key []byte, v V) bool { return t.insert(key, v, false) }

// insert is Redis's raxGenericInsert. Nodes change in place where Redis
// reallocates them; the shapes and counts are the same.
func (t *rax[V]) insert(key []byte, v V, overwrite bool) bool {
	i, h, _, j := t.walk(key, nil)

	// The key ends at an existing node (not inside a compressed run).
	if i == len(key) && (!h.compressed || j == 0) {
		if h.isKey {
			if overwrite {
				h.value = v
			}
			return false
		}
		h.isKey, h.value = true, v
		t.numele++
		return true
	}

	if h.compressed && i != len(key) {
		// The key leaves the compressed run at byte j: split the run into
		// the part before j (kept in h), a one-child node for byte j that
		// will get the key's byte as a second child, and the part after j.
		next := h.children[0]
		var postfix *raxNode[V]
		if rest := h.chars[j+1:]; len(rest) > 0 {
			postfix = &raxNode[V]{compressed: len(rest) > 1, chars: clone(rest), children: []*raxNode[V]{next}}
			t.numnodes++
		} else {
			postfix = next
		}
		if j == 0 {
			// h itself becomes the split node, keeping its key.
			h.chars = []byte{h.chars[0]}
			h.compressed = false
			h.children = []*raxNode[V]{postfix}
		} else {
			split := &raxNode[V]{chars: []byte{h.chars[j]}, children: []*raxNode[V]{postfix}}
			h.chars = clone(h.chars[:j])
			h.compressed = j > 1
			h.children = []*raxNode[V]{split}
			t.numnodes++
			h = split
		}
	} else if h.compressed && i == len(key) {
		// The key ends inside the run at byte j: the part from j on moves
		// to a new node that is the key.
		postfix := &raxNode[V]{
			compressed: h.size()-j > 1, isKey: true, value: v,
			chars: clone(h.chars[j:]), children: h.children,
		}
		t.numnodes++
		h.chars = clone(h.chars[:j])
		h.compressed = j > 1
		h.children = []*raxNode[V]{postfix}
		t.numele++
		return true
	}

	// Add what is left of the key below h: a childless node takes the
	// rest as one compressed run, others get one child per byte.
	for i < len(key) {
		child := &raxNode[V]{}
		if h.size() == 0 && len(key)-i > 1 {
			h.compressed = true
			h.chars = clone(key[i:])
			h.children = []*raxNode[V]{child}
			i = len(key)
		} else {
			at := 0
			for at < len(h.chars) && h.chars[at] < key[i] {
				at++
			}
			h.chars = append(h.chars, 0)
			copy(h.chars[at+1:], h.chars[at:])
			h.chars[at] = key[i]
			h.children = append(h.children, nil)
			copy(h.children[at+1:], h.children[at:])
			h.children[at] = child
			i++
		}
		t.numnodes++
		h = child
	}
	if !h.isKey {
		t.numele++
	}
	h.isKey, h.value = true, v
	return true
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// Remove deletes key and returns its value, Redis's raxRemove: the
// nodes left without purpose go, and chains of single-child nodes are
// merged back into compressed runs where Redis merges them.
func (t *rax[V]) Remove(key []byte) (V, bool) {
	var zero V
	var stack []*raxNode[V]
	i, h, _, split := t.walk(key, &stack)
	if i != len(key) || (h.compressed && split != 0) || !h.isKey {
		return zero, false
	}
	old := h.value
	h.isKey, h.value = false, zero
	t.numele--

	pop := func() *raxNode[V] {
		if len(stack) == 0 {
			return nil
		}
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		return n
	}

	tryCompress := false
	if h.size() == 0 {
		// Free the childless node and the single-child non-key nodes
		// above it, up to the first node that still has a purpose.
		var child *raxNode[V]
		for h != t.head {
			child = h
			t.numnodes--
			h = pop()
			if h.isKey || (!h.compressed && h.size() != 1) {
				break
			}
		}
		if child != nil {
			h.removeChild(child)
			if h.size() == 1 && !h.isKey {
				tryCompress = true
			}
		}
	} else if h.size() == 1 {
		tryCompress = true
	}

	if tryCompress {
		// Go up to the highest node of the chain h belongs to, then merge
		// the chain going down into one compressed node.
		var parent *raxNode[V]
		for {
			parent = pop()
			if parent == nil || parent.isKey || (!parent.compressed && parent.size() != 1) {
				break
			}
			h = parent
		}
		start := h
		nodes := 1
		for n := h; n.size() != 0; {
			n = n.lastChild()
			if n.isKey || (!n.compressed && n.size() != 1) {
				break
			}
			nodes++
		}
		if nodes > 1 {
			var run []byte
			n := start
			for n.size() != 0 {
				run = append(run, n.chars...)
				n = n.lastChild()
				t.numnodes--
				if n.isKey || (!n.compressed && n.size() != 1) {
					break
				}
			}
			// start becomes the merged node: one node was added, the
			// chain freed.
			t.numnodes++
			start.compressed = true
			start.chars = run
			start.children = []*raxNode[V]{n}
		}
	}
	return old, true
}

// removeChild unlinks child from n, Redis's raxRemoveChild: a compressed
// node becomes an empty plain node.
func (n *raxNode[V]) removeChild(child *raxNode[V]) {
	if n.compressed {
		n.compressed = false
		n.chars = nil
		n.children = nil
		return
	}
	for i, c := range n.children {
		if c == child {
			n.chars = append(n.chars[:i], n.chars[i+1:]...)
			n.children = append(n.children[:i], n.children[i+1:]...)
			return
		}
	}
}

// raxIter walks the keys of a rax in order. The tree must not change
// while an iterator is in use: seek again after a change.
type raxIter[V any] struct {
	t     *rax[V]
	stack []raxFrame[V] // the nodes above the current one, with the child taken
	node  *raxNode[V]   // the current key's node; nil when past either end
	key   []byte        // the current key

	// Room for the stack and key of 128-bit keys (stream IDs), so that
	// walking a stream allocates nothing more.
	stackBuf [18]raxFrame[V]
	keyBuf   [16]byte
}

type raxFrame[V any] struct {
	n     *raxNode[V]
	child int
}

// iter returns an iterator positioned nowhere; call one of its seeks.
func (t *rax[V]) iter() *raxIter[V] {
	it := &raxIter[V]{}
	it.init(t)
	return it
}

// init readies an iterator over t (one kept inside another struct).
func (it *raxIter[V]) init(t *rax[V]) {
	it.t = t
	it.stack = it.stackBuf[:0]
	it.key = it.keyBuf[:0]
	it.node = nil
}

// Valid reports whether the iterator is at a key.
func (it *raxIter[V]) Valid() bool { return it.node != nil }

// Key returns the current key; it is overwritten by the next move.
func (it *raxIter[V]) Key() []byte { return it.key }

// Value returns the current key's value.
func (it *raxIter[V]) Value() V { return it.node.value }

func (it *raxIter[V]) reset() {
	it.stack = it.stack[:0]
	it.key = it.key[:0]
	it.node = nil
}

// down moves from n to its child i, extending the key.
func (it *raxIter[V]) down(n *raxNode[V], i int) *raxNode[V] {
	it.stack = append(it.stack, raxFrame[V]{n, i})
	if n.compressed {
		it.key = append(it.key, n.chars...)
	} else {
		it.key = append(it.key, n.chars[i])
	}
	return n.children[i]
}

// up returns to the parent, shortening the key, or reports false at the
// head.
func (it *raxIter[V]) up() (raxFrame[V], bool) {
	if len(it.stack) == 0 {
		return raxFrame[V]{}, false
	}
	f := it.stack[len(it.stack)-1]
	it.stack = it.stack[:len(it.stack)-1]
	if f.n.compressed {
		it.key = it.key[:len(it.key)-len(f.n.chars)]
	} else {
		it.key = it.key[:len(it.key)-1]
	}
	return f, true
}

// firstFrom stops at the smallest key of n's subtree.
func (it *raxIter[V]) firstFrom(n *raxNode[V]) {
	for !n.isKey && len(n.children) > 0 {
		n = it.down(n, 0)
	}
	if n.isKey {
		it.node = n
	} else {
		it.node = nil // an empty tree's head
	}
}

// lastFrom stops at the greatest key of n's subtree.
func (it *raxIter[V]) lastFrom(n *raxNode[V]) {
	for len(n.children) > 0 {
		n = it.down(n, len(n.children)-1)
	}
	if n.isKey {
		it.node = n
	} else {
		it.node = nil
	}
}

// afterSubtree moves to the first key after everything below the frames
// left on the stack's top node.
func (it *raxIter[V]) afterSubtree() {
	for {
		f, ok := it.up()
		if !ok {
			it.node = nil
			return
		}
		if f.child+1 < len(f.n.children) {
			it.firstFrom(it.down(f.n, f.child+1))
			return
		}
	}
}

// First moves to the smallest key.
func (it *raxIter[V]) First() {
	it.reset()
	it.firstFrom(it.t.head)
}

// Last moves to the greatest key.
func (it *raxIter[V]) Last() {
	it.reset()
	it.lastFrom(it.t.head)
}

// Next moves to the following key.
func (it *raxIter[V]) Next() {
	n := it.node
	if n == nil {
		return
	}
	if len(n.children) > 0 {
		it.firstFrom(it.down(n, 0))
		return
	}
	it.afterSubtree()
}

// Prev moves to the preceding key.
func (it *raxIter[V]) Prev() {
	if it.node == nil {
		return
	}
	for {
		f, ok := it.up()
		if !ok {
			it.node = nil
			return
		}
		if f.child > 0 {
			it.lastFrom(it.down(f.n, f.child-1))
			return
		}
		if f.n.isKey {
			it.node = f.n
			return
		}
	}
}

// SeekGE moves to the smallest key >= key.
func (it *raxIter[V]) SeekGE(key []byte) {
	it.reset()
	n, i := it.t.head, 0
	for {
		if i == len(key) {
			it.firstFrom(n)
			return
		}
		if n.compressed {
			m := 0
			for m < len(n.chars) && i+m < len(key) && n.chars[m] == key[i+m] {
				m++
			}
			switch {
			case m == len(n.chars):
				n = it.down(n, 0)
				i += m
				continue
			case i+m == len(key) || key[i+m] < n.chars[m]:
				it.firstFrom(it.down(n, 0))
			default:
				it.stack = append(it.stack, raxFrame[V]{n, 0})
				it.key = append(it.key, n.chars...)
				it.afterSubtree()
			}
			return
		}
		at := 0
		for at < len(n.chars) && n.chars[at] < key[i] {
			at++
		}
		switch {
		case at < len(n.chars) && n.chars[at] == key[i]:
			n = it.down(n, at)
			i++
		case at < len(n.chars):
			it.firstFrom(it.down(n, at))
			return
		case len(n.children) == 0:
			// A childless key shorter than key: the next key is after it.
			it.node = n
			it.Next()
			return
		default:
			it.stack = append(it.stack, raxFrame[V]{n, len(n.children) - 1})
			it.key = append(it.key, n.chars[len(n.chars)-1])
			it.afterSubtree()
			return
		}
	}
}

// SeekGT moves to the smallest key > key.
func (it *raxIter[V]) SeekGT(key []byte) {
	it.SeekGE(key)
	if it.node != nil && bytes.Equal(it.key, key) {
		it.Next()
	}
}

// SeekLE moves to the greatest key <= key.
func (it *raxIter[V]) SeekLE(key []byte) {
	it.SeekGE(key)
	switch {
	case it.node == nil:
		it.Last()
	case !bytes.Equal(it.key, key):
		it.Prev()
	}
}

// SeekLT moves to the greatest key < key.
func (it *raxIter[V]) SeekLT(key []byte) {
	it.SeekGE(key)
	if it.node == nil {
		it.Last()
	} else {
		it.Prev()
	}
}
