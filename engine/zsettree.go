package engine

import "strings"

// zsetTree keeps the elements of a large sorted set in order: by score,
// then by member bytes. It is a B+tree with order statistics: leaves hold
// runs of elements in arrays and are linked both ways, inner nodes hold
// for each child its last element and how many elements it holds. Search,
// insert, delete, rank and rank lookup cost O(log N), like the skiplist
// Redis uses for this encoding, but a search touches a handful of
// contiguous arrays instead of dozens of scattered nodes, which keeps
// sets of millions of members fast.
//
// The tree only orders; membership and scores by member live in the
// sorted set's dict beside it.
type zsetTree struct {
	root   *treeNode // nil when empty
	length int
}

// treeFanout is the capacity of a node: elements in a leaf, children in
// an inner node. A node that falls under treeMinFill merges with a
// neighbour when the two fit in one.
const (
	treeFanout  = 64
	treeMinFill = treeFanout / 4
)

// treeNode is a leaf (children == nil) or an inner node. In a leaf,
// scores and members are its elements; in an inner node they are the
// last element of each child.
type treeNode struct {
	n       int
	scores  [treeFanout]float64
	members [treeFanout]string

	children []*treeNode // inner nodes: the children
	counts   []int       // inner nodes: elements under each child

	prev, next *treeNode // leaves: the neighbouring leaves
}

func (n *treeNode) isLeaf() bool { return n.children == nil }

func newInnerNode() *treeNode {
	return &treeNode{children: make([]*treeNode, treeFanout), counts: make([]int, treeFanout)}
}

// less reports whether element j of n sorts before (score, member).
func (n *treeNode) less(j int, score float64, member string) bool {
	return n.scores[j] < score || n.scores[j] == score && n.members[j] < member
}

// lowerBound returns the first index of n whose element (or last
// element) does not sort before (score, member), n.n if none.
func (n *treeNode) lowerBound(score float64, member string) int {
	lo, hi := 0, n.n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if n.less(mid, score, member) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// childFor returns the child of inner node n where (score, member) is or
// would go.
func (n *treeNode) childFor(score float64, member string) int {
	return min(n.lowerBound(score, member), n.n-1)
}

// total returns the number of elements under n.
func (n *treeNode) total() int {
	if n.isLeaf() {
		return n.n
	}
	t := 0
	for _, c := range n.counts[:n.n] {
		t += c
	}
	return t
}

// countBefore returns the elements under the first i children of n.
func (n *treeNode) countBefore(i int) int {
	t := 0
	for _, c := range n.counts[:i] {
		t += c
	}
	return t
}

// setKey makes entry i of n describe child c: its last element.
func (n *treeNode) setKey(i int, c *treeNode) {
	n.scores[i], n.members[i] = c.scores[c.n-1], c.members[c.n-1]
}

// insertSlot opens a slot at i, moving the entries after it up.
func (n *treeNode) insertSlot(i int) {
	copy(n.scores[i+1:n.n+1], n.scores[i:n.n])
	copy(n.members[i+1:n.n+1], n.members[i:n.n])
	if !n.isLeaf() {
		copy(n.children[i+1:n.n+1], n.children[i:n.n])
		copy(n.counts[i+1:n.n+1], n.counts[i:n.n])
	}
	n.n++
}

// removeSlots deletes entries i..j-1.
func (n *treeNode) removeSlots(i, j int) {
	copy(n.scores[i:], n.scores[j:n.n])
	copy(n.members[i:], n.members[j:n.n])
	clear(n.members[n.n-(j-i) : n.n])
	if !n.isLeaf() {
		copy(n.children[i:], n.children[j:n.n])
		copy(n.counts[i:], n.counts[j:n.n])
		clear(n.children[n.n-(j-i) : n.n])
	}
	n.n -= j - i
}

// moveTail moves the entries of n from index from on to the end of dst.
func (n *treeNode) moveTail(from int, dst *treeNode) {
	k := n.n - from
	copy(dst.scores[dst.n:], n.scores[from:n.n])
	copy(dst.members[dst.n:], n.members[from:n.n])
	if !n.isLeaf() {
		copy(dst.children[dst.n:], n.children[from:n.n])
		copy(dst.counts[dst.n:], n.counts[from:n.n])
		clear(n.children[from:n.n])
	}
	clear(n.members[from:n.n])
	dst.n += k
	n.n = from
}

// split moves the upper part of a full node into a new right sibling and
// returns it. A node that is being appended to at the end of the tree
// (rightmost) keeps all its entries, so that inserts in order fill nodes.
func (n *treeNode) split(rightmost bool) *treeNode {
	var r *treeNode
	if n.isLeaf() {
		r = &treeNode{prev: n, next: n.next}
		if n.next != nil {
			n.next.prev = r
		}
		n.next = r
	} else {
		r = newInnerNode()
	}
	if !rightmost {
		n.moveTail(n.n/2, r)
	}
	return r
}

// insert adds an element that is not in the tree yet. member is stored
// as is: the caller passes a string it owns.
func (t *zsetTree) insert(score float64, member string) {
	t.length++
	if t.root == nil {
		t.root = &treeNode{}
	}
	right := t.insertUnder(t.root, score, member, true)
	if right != nil {
		root := newInnerNode()
		root.n = 2
		root.children[0], root.children[1] = t.root, right
		root.counts[0], root.counts[1] = t.root.total(), right.total()
		root.setKey(0, t.root)
		root.setKey(1, right)
		t.root = root
	}
}

// insertUnder inserts into the subtree of n and returns n's new right
// sibling if n had to split. rightmost says n is the last node of its
// level.
func (t *zsetTree) insertUnder(n *treeNode, score float64, member string, rightmost bool) *treeNode {
	if n.isLeaf() {
		j := n.lowerBound(score, member)
		var right *treeNode
		if n.n == treeFanout {
			right = n.split(rightmost && j == n.n)
			if j > n.n {
				n, j = right, j-n.n
			} else if j == n.n && n.n == treeFanout {
				n, j = right, 0
			}
		}
		n.insertSlot(j)
		n.scores[j], n.members[j] = score, member
		return right
	}
	i := n.childFor(score, member)
	child := n.children[i]
	grown := t.insertUnder(child, score, member, rightmost && i == n.n-1)
	n.counts[i]++
	n.setKey(i, child)
	if grown == nil {
		return nil
	}
	n.counts[i] = child.total()
	entry := i + 1
	var right *treeNode
	if n.n == treeFanout {
		right = n.split(rightmost && entry == n.n)
		if entry > n.n || entry == n.n && n.n == treeFanout {
			n, entry = right, entry-n.n
		}
	}
	n.insertSlot(entry)
	n.children[entry], n.counts[entry] = grown, grown.total()
	n.setKey(entry, grown)
	return right
}

// delete removes the element (score, member) and reports whether it was
// there.
func (t *zsetTree) delete(score float64, member string) bool {
	if t.root == nil || !t.deleteUnder(t.root, score, member) {
		return false
	}
	t.length--
	t.shrink()
	return true
}

func (t *zsetTree) deleteUnder(n *treeNode, score float64, member string) bool {
	if n.isLeaf() {
		j := n.lowerBound(score, member)
		if j == n.n || n.scores[j] != score || n.members[j] != member {
			return false
		}
		n.removeSlots(j, j+1)
		return true
	}
	i := n.childFor(score, member)
	if !t.deleteUnder(n.children[i], score, member) {
		return false
	}
	n.counts[i]--
	n.childShrank(i)
	return true
}

// childShrank restores the invariants of n after child i lost elements:
// an empty child goes, a small one merges with a neighbour if they fit
// in one node, and the child's key follows its last element.
func (n *treeNode) childShrank(i int) {
	c := n.children[i]
	if c.n == 0 {
		if c.isLeaf() {
			unlinkLeaf(c)
		}
		n.removeSlots(i, i+1)
		return
	}
	n.setKey(i, c)
	if c.n >= treeMinFill {
		return
	}
	switch {
	case i > 0 && n.children[i-1].n+c.n <= treeFanout:
		n.merge(i - 1)
	case i+1 < n.n && n.children[i+1].n+c.n <= treeFanout:
		n.merge(i)
	}
}

// merge moves child i+1 of n into child i and drops it.
func (n *treeNode) merge(i int) {
	left, right := n.children[i], n.children[i+1]
	right.moveTail(0, left)
	if left.isLeaf() {
		unlinkLeaf(right)
	}
	n.counts[i] += n.counts[i+1]
	n.setKey(i, left)
	n.removeSlots(i+1, i+2)
}

func unlinkLeaf(l *treeNode) {
	if l.prev != nil {
		l.prev.next = l.next
	}
	if l.next != nil {
		l.next.prev = l.prev
	}
	l.prev, l.next = nil, nil
}

// shrink drops a root left with a single child, or with nothing.
func (t *zsetTree) shrink() {
	for t.root != nil && !t.root.isLeaf() && t.root.n == 1 {
		t.root = t.root.children[0]
	}
	if t.root != nil && t.root.n == 0 {
		t.root = nil
	}
}

// treePos is a position in the tree: an element of a leaf, or nowhere.
type treePos struct {
	leaf *treeNode
	i    int
}

func (p treePos) ok() bool         { return p.leaf != nil }
func (p treePos) member() string   { return p.leaf.members[p.i] }
func (p treePos) score() float64   { return p.leaf.scores[p.i] }
func (p treePos) entry() zsetEntry { return zsetEntry{p.member(), p.score()} }

// next returns the position after p, or nowhere.
func (p treePos) next() treePos {
	if p.i+1 < p.leaf.n {
		return treePos{p.leaf, p.i + 1}
	}
	return treePos{leaf: p.leaf.next}
}

// prev returns the position before p, or nowhere.
func (p treePos) prev() treePos {
	if p.i > 0 {
		return treePos{p.leaf, p.i - 1}
	}
	if l := p.leaf.prev; l != nil {
		return treePos{l, l.n - 1}
	}
	return treePos{}
}

// byRank returns the position of 0-based rank r, or nowhere.
func (t *zsetTree) byRank(r int) treePos {
	if r < 0 || r >= t.length {
		return treePos{}
	}
	n := t.root
	for !n.isLeaf() {
		i := 0
		for r >= n.counts[i] {
			r -= n.counts[i]
			i++
		}
		n = n.children[i]
	}
	return treePos{n, r}
}

// first and last return the ends of the tree, or nowhere when empty.
func (t *zsetTree) first() treePos { return t.byRank(0) }
func (t *zsetTree) last() treePos  { return t.byRank(t.length - 1) }

// rank returns the 0-based rank of (score, member), or -1 if absent.
func (t *zsetTree) rank(score float64, member string) int {
	p, r := t.search(func(s float64, m string) bool { return !(s < score || s == score && m < member) })
	if !p.ok() || p.score() != score || p.member() != member {
		return -1
	}
	return r
}

// search returns the first position whose element satisfies past, and
// its 0-based rank; nowhere and the length if none does. past must be
// false for a prefix of the elements and true for the rest.
func (t *zsetTree) search(past func(score float64, member string) bool) (treePos, int) {
	if t.root == nil {
		return treePos{}, 0
	}
	n, rank := t.root, 0
	for {
		lo, hi := 0, n.n
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if past(n.scores[mid], n.members[mid]) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		if lo == n.n {
			return treePos{}, t.length
		}
		if n.isLeaf() {
			return treePos{n, lo}, rank + lo
		}
		rank += n.countBefore(lo)
		n = n.children[lo]
	}
}

// inRange returns the first position (or the last if reverse) whose
// element is between the two conditions, and its rank: aboveMin holds
// from some element on, belowMax up to some element.
func (t *zsetTree) inRange(aboveMin, belowMax func(float64, string) bool, reverse bool) (treePos, int) {
	if reverse {
		p, r := t.search(func(s float64, m string) bool { return !belowMax(s, m) })
		if p.ok() {
			p, r = p.prev(), r-1
		} else if t.length > 0 {
			p, r = t.last(), t.length-1
		}
		if !p.ok() || !aboveMin(p.score(), p.member()) {
			return treePos{}, 0
		}
		return p, r
	}
	p, r := t.search(aboveMin)
	if !p.ok() || !belowMax(p.score(), p.member()) {
		return treePos{}, 0
	}
	return p, r
}

// deleteRanks removes count elements from 0-based rank start, calling
// gone for each, in O(log N) per leaf touched.
func (t *zsetTree) deleteRanks(start, count int, gone func(member string)) {
	for count > 0 {
		d := t.deleteRun(t.root, start, count, gone)
		count -= d
		t.length -= d
		t.shrink()
	}
}

// deleteRun removes up to count elements from rank r of n's subtree,
// as many as the leaf holding rank r has from there, and returns how
// many it removed.
func (t *zsetTree) deleteRun(n *treeNode, r, count int, gone func(string)) int {
	if n.isLeaf() {
		k := min(count, n.n-r)
		for _, m := range n.members[r : r+k] {
			gone(m)
		}
		n.removeSlots(r, r+k)
		return k
	}
	i := 0
	for r >= n.counts[i] {
		r -= n.counts[i]
		i++
	}
	d := t.deleteRun(n.children[i], r, count, gone)
	n.counts[i] -= d
	n.childShrank(i)
	return d
}

// compareElements orders elements as the sorted set does.
func compareElements(s1 float64, m1 string, s2 float64, m2 string) int {
	switch {
	case s1 < s2:
		return -1
	case s1 > s2:
		return 1
	}
	return strings.Compare(m1, m2)
}
