package engine

// quicklistLayout follows the nodes Redis 7.0's quicklist would hold for a
// list: how many elements each node has and how big its listpack is. A
// list is a ring of elements here (list.go), but Redis's node boundaries
// show in the RDB encoding (every node is written apart) and so in DUMP,
// and they depend on the list's history: pushes at either end fill the
// end node until _quicklistNodeAllowInsert refuses, pops empty and drop
// end nodes, LINSERT splits and merges nodes, LREM and LTRIM delete inside
// them. Each list operation updates the layout the way quicklist.c
// updates its nodes, so that the RDB writer can split the elements as
// Redis would.
//
// Compression (list-compress-depth) is not followed: with rdbcompression
// on, a node comes out the same whether Redis held it compressed or not.
type quicklistLayout struct {
	// The nodes, head first, in a ring so that both ends change in O(1):
	// node i is ring[(head+i)&(len(ring)-1)].
	ring    []qlNode
	head, n int
	elems   int // elements in all the nodes
}

// qlNode is one node: a listpack of count elements taking sz bytes, or,
// plain, one element of sz bytes too large for a listpack.
type qlNode struct {
	count int
	sz    int
	plain bool
}

// layoutOf returns the layout of the given nodes.
func layoutOf(nodes []qlNode) quicklistLayout {
	var q quicklistLayout
	for _, nd := range nodes {
		q.insertNode(q.n, nd)
		q.elems += nd.count
	}
	return q
}

func (q *quicklistLayout) clone() quicklistLayout {
	cp := *q
	cp.ring = append([]qlNode(nil), q.ring...)
	return cp
}

// total is the number of elements the nodes hold.
func (q *quicklistLayout) total() int { return q.elems }

// node returns node i, counting from the head.
func (q *quicklistLayout) node(i int) *qlNode { return &q.ring[(q.head+i)&(len(q.ring)-1)] }

// each calls fn for every node, head first.
func (q *quicklistLayout) each(fn func(nd qlNode)) {
	for i := 0; i < q.n; i++ {
		fn(*q.node(i))
	}
}

// insertNode puts nd at position at, moving the nodes on the shorter side.
func (q *quicklistLayout) insertNode(at int, nd qlNode) {
	if q.n == len(q.ring) {
		ring := make([]qlNode, max(4, 2*len(q.ring)))
		for i := 0; i < q.n; i++ {
			ring[i] = *q.node(i)
		}
		q.ring, q.head = ring, 0
	}
	mask := len(q.ring) - 1
	if at < q.n/2 {
		q.head = (q.head - 1) & mask
		for i := 0; i < at; i++ {
			q.ring[(q.head+i)&mask] = q.ring[(q.head+i+1)&mask]
		}
	} else {
		for i := q.n; i > at; i-- {
			q.ring[(q.head+i)&mask] = q.ring[(q.head+i-1)&mask]
		}
	}
	q.ring[(q.head+at)&mask] = nd
	q.n++
}

// removeNode deletes the node at position at.
func (q *quicklistLayout) removeNode(at int) {
	mask := len(q.ring) - 1
	if at < q.n/2 {
		for i := at; i > 0; i-- {
			q.ring[(q.head+i)&mask] = q.ring[(q.head+i-1)&mask]
		}
		q.head = (q.head + 1) & mask
	} else {
		for i := at; i < q.n-1; i++ {
			q.ring[(q.head+i)&mask] = q.ring[(q.head+i+1)&mask]
		}
	}
	q.n--
}

// qlLarge reports whether an element gets a plain node of its own.
func qlLarge(s string) bool { return len(s) >= quicklistPackedThreshold }

// newQLNode is the node a first element s makes.
func newQLNode(s string) qlNode {
	if qlLarge(s) {
		return qlNode{count: 1, sz: len(s), plain: true}
	}
	return qlNode{count: 1, sz: listpackEmpty + listpackEntrySize(s)}
}

// allowInsert is _quicklistNodeAllowInsert: may node take s?
func (q *quicklistLayout) allowInsert(i, fill int, s string) bool {
	if i < 0 || i >= q.n || q.node(i).plain || qlLarge(s) {
		return false
	}
	return quicklistNodeAccepts(q.node(i).sz, q.node(i).count, len(s), fill)
}

// allowMerge is _quicklistNodeAllowMerge for nodes i and j.
func (q *quicklistLayout) allowMerge(i, j, fill int) bool {
	if i < 0 || j < 0 || i >= q.n || j >= q.n {
		return false
	}
	a, b := *q.node(i), *q.node(j)
	if a.plain || b.plain {
		return false
	}
	size := a.sz + b.sz - 11 // Redis's estimate, from ziplist days
	if fill < 0 {
		return size <= 4096<<min(-fill-1, 4)
	}
	return size <= quicklistSafetyLimit && a.count+b.count <= fill
}

// merge joins node i and the node after it (_quicklistListpackMerge).
func (q *quicklistLayout) merge(i int) {
	a, b := *q.node(i), *q.node(i + 1)
	*q.node(i) = qlNode{count: a.count + b.count, sz: a.sz + b.sz - listpackEmpty}
	q.removeNode(i + 1)
}

// push adds s at the head or the tail (quicklistPushHead, PushTail).
func (q *quicklistLayout) push(head bool, fill int, s string) {
	q.elems++
	end := q.n - 1
	if head {
		end = 0
	}
	if q.allowInsert(end, fill, s) {
		q.node(end).count++
		q.node(end).sz += listpackEntrySize(s)
		return
	}
	if head {
		q.insertNode(0, newQLNode(s))
	} else {
		q.insertNode(q.n, newQLNode(s))
	}
}

// pop removes s from the head or the tail.
func (q *quicklistLayout) pop(head bool, s string) {
	if q.n == 0 {
		return
	}
	end := q.n - 1
	if head {
		end = 0
	}
	q.drop(end, s)
}

// drop removes the element s from node i, and the node if it empties.
func (q *quicklistLayout) drop(i int, s string) {
	q.elems--
	n := q.node(i)
	n.count--
	if n.count == 0 || n.plain {
		q.removeNode(i)
		return
	}
	n.sz -= listpackEntrySize(s)
}

// locate returns the node holding element idx, its offset in the node,
// and the index of the node's first element.
func (q *quicklistLayout) locate(idx int) (node, offset, first int) {
	if idx > q.elems/2 { // closer to the tail: count from there
		last := q.elems
		for i := q.n - 1; i >= 0; i-- {
			first = last - q.node(i).count
			if idx >= first {
				return i, idx - first, first
			}
			last = first
		}
		return -1, 0, 0
	}
	for i := 0; i < q.n; i++ {
		n := q.node(i)
		if idx < first+n.count {
			return i, idx - first, first
		}
		first += n.count
	}
	return -1, 0, first
}

// segmentSize is the listpack size of the elements [from, to) of l.
func segmentSize(l *listValue, from, to int) int {
	sz := listpackEmpty
	for i := from; i < to; i++ {
		sz += listpackEntrySize(l.at(i))
	}
	return sz
}

// insert adds s before or after element pivot of l, which does not hold
// s yet, as _quicklistInsert does: into the pivot's node if it has room,
// else into the neighbour at that end, else a new node, else splitting
// the node at the pivot and merging what the split leaves around.
func (q *quicklistLayout) insert(l *listValue, fill, pivot int, after bool, s string) {
	ni, off, first := q.locate(pivot)
	if ni < 0 {
		q.push(false, fill, s)
		return
	}
	q.elems++
	node := *q.node(ni)
	full := !q.allowInsert(ni, fill, s)
	atTail := after && off == node.count-1
	atHead := !after && off == 0
	availNext := atTail && q.allowInsert(ni+1, fill, s)
	availPrev := atHead && q.allowInsert(ni-1, fill, s)
	esz := listpackEntrySize(s)
	if qlLarge(s) {
		plain := newQLNode(s)
		if node.plain || atTail || atHead {
			if after {
				ni++
			}
			q.insertNode(ni, plain)
			return
		}
		left, right := q.split(l, ni, first, off, after)
		// node, then the plain element, then the split part after it;
		// before: the split part, the plain element, the node.
		*q.node(ni) = left
		q.insertNode(ni+1, plain)
		q.insertNode(ni+2, right)
		return
	}
	switch {
	case !full:
		q.node(ni).count++
		q.node(ni).sz += esz
	case atTail && availNext:
		q.node(ni+1).count++
		q.node(ni + 1).sz += esz
	case atHead && availPrev:
		q.node(ni-1).count++
		q.node(ni - 1).sz += esz
	case atTail || atHead:
		if after {
			ni++
		}
		q.insertNode(ni, newQLNode(s))
	default:
		left, right := q.split(l, ni, first, off, after)
		center := ni
		if after {
			right.count++
			right.sz += esz
		} else {
			left.count++
			left.sz += esz
			center = ni + 1 // the node keeps the elements from the pivot on
		}
		*q.node(ni) = left
		q.insertNode(ni+1, right)
		q.mergeAround(center, fill)
	}
}

// split cuts node ni (whose first element is element first of l) at
// offset off, as _quicklistSplitNode: after, the node keeps [0, off] and
// the new node the rest; before, the new node takes [0, off) and the node
// keeps the rest. It returns the two parts in list order.
func (q *quicklistLayout) split(l *listValue, ni, first, off int, after bool) (left, right qlNode) {
	n := *q.node(ni)
	cut := off
	if after {
		cut = off + 1
	}
	left = qlNode{count: cut, sz: segmentSize(l, first, first+cut)}
	right = qlNode{count: n.count - cut, sz: n.sz - left.sz + listpackEmpty}
	return left, right
}

// mergeAround is _quicklistMergeNodes around node c: the two nodes before
// it, the two after it, then c with its neighbours.
func (q *quicklistLayout) mergeAround(c, fill int) {
	if q.allowMerge(c-1, c-2, fill) {
		q.merge(c - 2)
		c--
	}
	if q.allowMerge(c+1, c+2, fill) {
		q.merge(c + 1)
	}
	target := c
	if q.allowMerge(c, c-1, fill) {
		q.merge(c - 1)
		target = c - 1
	}
	if q.allowMerge(target, target+1, fill) {
		q.merge(target)
	}
}

// replace changes element i from old to s (quicklistReplaceEntry): in its
// listpack; or, for a plain node or a large s, as an insert after it and
// a delete.
func (q *quicklistLayout) replace(l *listValue, fill, i int, old, s string) {
	ni, _, _ := q.locate(i)
	if ni < 0 {
		return
	}
	n := q.node(ni)
	switch {
	case !n.plain && !qlLarge(s):
		n.sz += listpackEntrySize(s) - listpackEntrySize(old)
	case n.plain && qlLarge(s):
		n.sz = len(s)
	default:
		q.insert(l, fill, i, true, s)
		// The old element is now the last of its node, or alone in it.
		ni, _, _ = q.locate(i)
		q.drop(ni, old)
	}
}

// removeAt deletes the elements at the given ascending indices, all equal
// to s (LREM).
func (q *quicklistLayout) removeAt(indices []int, s string) {
	esz := listpackEntrySize(s)
	first, k := 0, 0
	for ni := 0; ni < q.n && k < len(indices); {
		n := q.node(ni)
		end := first + n.count
		removed := 0
		for k < len(indices) && indices[k] < end {
			removed++
			k++
		}
		first = end
		if removed == 0 {
			ni++
			continue
		}
		n.count -= removed
		q.elems -= removed
		if n.count == 0 || n.plain {
			q.removeNode(ni)
			continue
		}
		n.sz -= removed * esz
		ni++
	}
}

// trim deletes fromHead elements at the head and fromTail at the tail of
// l, before l drops them (quicklistDelRange).
func (q *quicklistLayout) trim(l *listValue, fromHead, fromTail int) {
	for i := 0; fromHead > 0 && q.n > 0; {
		n := q.node(0)
		if fromHead >= n.count {
			fromHead -= n.count
			i += n.count
			q.elems -= n.count
			q.removeNode(0)
			continue
		}
		n.sz -= segmentSize(l, i, i+fromHead) - listpackEmpty
		n.count -= fromHead
		q.elems -= fromHead
		fromHead = 0
	}
	end := l.n
	for fromTail > 0 && q.n > 0 {
		last := q.n - 1
		n := q.node(last)
		if fromTail >= n.count {
			fromTail -= n.count
			end -= n.count
			q.elems -= n.count
			q.removeNode(last)
			continue
		}
		n.sz -= segmentSize(l, end-fromTail, end) - listpackEmpty
		n.count -= fromTail
		q.elems -= fromTail
		fromTail = 0
	}
}

// fill is the list's fill as its quicklist keeps it (quicklistSetFill).
func (l *listValue) fill() int { return min(max(l.fillSetting, -5), quicklistFillMax) }
