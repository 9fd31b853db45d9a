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
	nodes []qlNode // head first
}

// qlNode is one node: a listpack of count elements taking sz bytes, or,
// plain, one element of sz bytes too large for a listpack.
type qlNode struct {
	count int
	sz    int
	plain bool
}

func (q *quicklistLayout) clone() quicklistLayout {
	return quicklistLayout{nodes: append([]qlNode(nil), q.nodes...)}
}

// total is the number of elements the nodes hold.
func (q *quicklistLayout) total() int {
	n := 0
	for _, nd := range q.nodes {
		n += nd.count
	}
	return n
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
	if i < 0 || i >= len(q.nodes) || q.nodes[i].plain || qlLarge(s) {
		return false
	}
	return quicklistNodeAccepts(q.nodes[i].sz, q.nodes[i].count, len(s), fill)
}

// allowMerge is _quicklistNodeAllowMerge for nodes i and j.
func (q *quicklistLayout) allowMerge(i, j, fill int) bool {
	if i < 0 || j < 0 || i >= len(q.nodes) || j >= len(q.nodes) {
		return false
	}
	a, b := q.nodes[i], q.nodes[j]
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
	a, b := q.nodes[i], q.nodes[i+1]
	q.nodes[i] = qlNode{count: a.count + b.count, sz: a.sz + b.sz - listpackEmpty}
	q.nodes = append(q.nodes[:i+1], q.nodes[i+2:]...)
}

func (q *quicklistLayout) insertNode(at int, n qlNode) {
	q.nodes = append(q.nodes, qlNode{})
	copy(q.nodes[at+1:], q.nodes[at:])
	q.nodes[at] = n
}

func (q *quicklistLayout) removeNode(at int) {
	q.nodes = append(q.nodes[:at], q.nodes[at+1:]...)
}

// push adds s at the head or the tail (quicklistPushHead, PushTail).
func (q *quicklistLayout) push(head bool, fill int, s string) {
	end := len(q.nodes) - 1
	if head {
		end = 0
	}
	if q.allowInsert(end, fill, s) {
		q.nodes[end].count++
		q.nodes[end].sz += listpackEntrySize(s)
		return
	}
	if head {
		q.insertNode(0, newQLNode(s))
	} else {
		q.nodes = append(q.nodes, newQLNode(s))
	}
}

// pop removes s from the head or the tail.
func (q *quicklistLayout) pop(head bool, s string) {
	if len(q.nodes) == 0 {
		return
	}
	end := len(q.nodes) - 1
	if head {
		end = 0
	}
	q.drop(end, s)
}

// drop removes the element s from node i, and the node if it empties.
func (q *quicklistLayout) drop(i int, s string) {
	n := &q.nodes[i]
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
	for i, n := range q.nodes {
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
	node := q.nodes[ni]
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
		q.nodes[ni] = left
		q.insertNode(ni+1, plain)
		q.insertNode(ni+2, right)
		return
	}
	switch {
	case !full:
		q.nodes[ni].count++
		q.nodes[ni].sz += esz
	case atTail && availNext:
		q.nodes[ni+1].count++
		q.nodes[ni+1].sz += esz
	case atHead && availPrev:
		q.nodes[ni-1].count++
		q.nodes[ni-1].sz += esz
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
		q.nodes[ni] = left
		q.insertNode(ni+1, right)
		q.mergeAround(center, fill)
	}
}

// split cuts node ni (whose first element is element first of l) at
// offset off, as _quicklistSplitNode: after, the node keeps [0, off] and
// the new node the rest; before, the new node takes [0, off) and the node
// keeps the rest. It returns the two parts in list order.
func (q *quicklistLayout) split(l *listValue, ni, first, off int, after bool) (left, right qlNode) {
	n := q.nodes[ni]
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
	n := &q.nodes[ni]
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
	for ni := 0; ni < len(q.nodes) && k < len(indices); {
		n := &q.nodes[ni]
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
	for i := 0; fromHead > 0 && len(q.nodes) > 0; {
		n := &q.nodes[0]
		if fromHead >= n.count {
			fromHead -= n.count
			i += n.count
			q.removeNode(0)
			continue
		}
		n.sz -= segmentSize(l, i, i+fromHead) - listpackEmpty
		n.count -= fromHead
		fromHead = 0
	}
	end := l.n
	for fromTail > 0 && len(q.nodes) > 0 {
		last := len(q.nodes) - 1
		n := &q.nodes[last]
		if fromTail >= n.count {
			fromTail -= n.count
			end -= n.count
			q.removeNode(last)
			continue
		}
		n.sz -= segmentSize(l, end-fromTail, end) - listpackEmpty
		n.count -= fromTail
		fromTail = 0
	}
}

// fill is the list's fill as its quicklist keeps it (quicklistSetFill).
func (l *listValue) fill() int { return min(max(l.fillSetting, -5), quicklistFillMax) }
