package engine

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
)

// zsetValue is a sorted set: unique members, each with a score, ordered by
// score and then by member bytes. Like Redis it has two encodings with the
// same order, so every reply is the same whichever is in use:
//
//   - listpack: a sorted slice, compact, for small sets (at most
//     zset-max-listpack-entries members, none longer than
//     zset-max-listpack-value bytes);
//   - skiplist (Redis's name, kept for OBJECT ENCODING): an order tree
//     (zsettree.go) for order and ranks plus a dict from member to score,
//     O(log N) for every operation, once a set outgrows the limits.
//
// A set converts to the skiplist encoding when an insert crosses a limit
// and never back; only sets built whole (the *STORE commands) start in
// whichever encoding fits them.
//
// The methods below are the type's API, shared by the Z* commands, the
// blocking pops and the commands of types built on sorted sets (geo).
// They never reply or touch the keyspace; the command side
// (zset_commands.go and friends) does. What another type needs:
//
//   - members and scores: Add (ZADD's conditions included), Score,
//     Remove, Rank, Len, Each;
//   - ranges: RangeByScore with a callback (ScoreRangeSpan says how many
//     it will visit), RangeByRank, RangeByLex, CountInRange;
//   - keys: Client.readZset and writeZset fetch a set (or reply
//     WRONGTYPE), zaddGeneric runs a whole ZADD (GEOADD rewrites itself as
//     one), newZsetFromEntries builds a set from results and
//     Client.storeZset stores it with the *STORE bookkeeping;
//   - pops: PopFirst, and Client.zpop for the pop commands' replies.
type zsetValue struct {
	entries []zsetEntry   // the listpack encoding, used when tree is nil
	tree    *zsetTree     // the skiplist encoding
	scores  dict[float64] // member -> score, beside tree
}

// zsetEntry is one member and its score.
type zsetEntry struct {
	member string
	score  float64
}

// zsetLimits are the listpack encoding's limits, from the configuration.
type zsetLimits struct {
	entries int // zset-max-listpack-entries
	value   int // zset-max-listpack-value, in bytes
}

func (e *Engine) zsetLimits() zsetLimits {
	return zsetLimits{entries: e.cfg.zsetMaxListpackEntries, value: int(min(e.cfg.zsetMaxListpackValue, math.MaxInt))}
}

func init() {
	registerConfig(
		aliasParam(intParam("zset-max-listpack-entries", 0, math.MaxInt64,
			func(c *config) *int { return &c.zsetMaxListpackEntries }), "zset-max-ziplist-entries"),
		aliasParam(memoryParam("zset-max-listpack-value", 0, math.MaxInt64,
			func(c *config) *int64 { return &c.zsetMaxListpackValue }), "zset-max-ziplist-value"),
	)
}

// newZset returns an empty sorted set in the listpack encoding.
func newZset() *zsetValue { return &zsetValue{} }

// newZsetFromEntries builds a sorted set holding entries, whose members
// must be distinct and owned by the caller, in the encoding that fits
// them: Redis's zsetConvertToListpackIfNeeded for results built whole.
func newZsetFromEntries(entries []zsetEntry, lim zsetLimits) *zsetValue {
	sortEntries(entries)
	longest := 0
	for _, e := range entries {
		longest = max(longest, len(e.member))
	}
	z := &zsetValue{}
	if len(entries) <= lim.entries && longest <= lim.value {
		z.entries = make([]zsetEntry, len(entries))
		for i, e := range entries {
			z.entries[i] = zsetEntry{e.member, listpackScore(e.score)}
		}
		return z
	}
	z.tree = &zsetTree{}
	for _, e := range entries {
		z.tree.insert(e.score, e.member)
		z.scores.Set(e.member, e.score)
	}
	return z
}

// sortEntries sorts entries in sorted set order.
func sortEntries(entries []zsetEntry) {
	if !sort.SliceIsSorted(entries, func(i, j int) bool { return entryLess(entries[i], entries[j]) }) {
		slices.SortFunc(entries, func(a, b zsetEntry) int { return compareElements(a.score, a.member, b.score, b.member) })
	}
}

func entryLess(a, b zsetEntry) bool {
	return a.score < b.score || a.score == b.score && a.member < b.member
}

// listpackScore is the score a listpack gives back for f. A listpack
// stores integral scores as integers, which turns -0 into 0; every other
// score round-trips exactly.
func listpackScore(f float64) float64 {
	if f == 0 {
		return 0
	}
	return f
}

func (*zsetValue) typeName() string { return "zset" }

func (z *zsetValue) encoding() string {
	if z.tree != nil {
		return "skiplist"
	}
	return "listpack"
}

func (z *zsetValue) clone() value {
	if z.tree == nil {
		return &zsetValue{entries: slices.Clone(z.entries)}
	}
	c := &zsetValue{tree: &zsetTree{}}
	for p := z.tree.first(); p.ok(); p = p.next() {
		c.tree.insert(p.score(), p.member())
		c.scores.Set(p.member(), p.score())
	}
	return c
}

// Len returns the number of members.
func (z *zsetValue) Len() int {
	if z.tree != nil {
		return z.tree.length
	}
	return len(z.entries)
}

// indexOf returns the position of member in the listpack, or -1.
func (z *zsetValue) indexOf(member string) int {
	for i := range z.entries {
		if z.entries[i].member == member {
			return i
		}
	}
	return -1
}

// Score returns member's score.
func (z *zsetValue) Score(member string) (float64, bool) {
	if z.tree != nil {
		return z.scores.Get(member)
	}
	if i := z.indexOf(member); i >= 0 {
		return z.entries[i].score, true
	}
	return 0, false
}

// zaddFlags are ZADD's conditions.
type zaddFlags uint8

const (
	zaddNX   zaddFlags = 1 << iota // only add new members
	zaddXX                         // only update existing members
	zaddGT                         // only update to a greater score
	zaddLT                         // only update to a lower score
	zaddIncr                       // add the score to the current one
)

// zaddOutcome says what Add did with one member.
type zaddOutcome uint8

const (
	zaddSkipped   zaddOutcome = iota // a condition said no
	zaddAdded                        // a new member
	zaddUpdated                      // the score changed
	zaddUnchanged                    // the score was already that
	zaddNaN                          // INCR would make the score NaN
)

// Add adds member with score, or updates its score, under flags, Redis's
// zsetAdd. It returns the member's resulting score (for zaddAdded,
// zaddUpdated and zaddUnchanged) and what it did. member may alias a
// reused buffer: Add copies it when it stores it.
func (z *zsetValue) Add(member string, score float64, flags zaddFlags, lim zsetLimits) (float64, zaddOutcome) {
	cur, exists := z.Score(member)
	if !exists {
		if flags&zaddXX != 0 {
			return 0, zaddSkipped
		}
		z.insert(strings.Clone(member), score, lim)
		return score, zaddAdded
	}
	if flags&zaddNX != 0 {
		return cur, zaddSkipped
	}
	if flags&zaddIncr != 0 {
		score += cur
		if math.IsNaN(score) {
			return 0, zaddNaN
		}
	}
	if flags&zaddLT != 0 && score >= cur || flags&zaddGT != 0 && score <= cur {
		return cur, zaddSkipped
	}
	if score == cur {
		return score, zaddUnchanged
	}
	z.updateScore(member, cur, score)
	return score, zaddUpdated
}

// insert adds a member known to be absent, converting the set to the
// skiplist encoding first if the member would cross a listpack limit.
func (z *zsetValue) insert(member string, score float64, lim zsetLimits) {
	if z.tree == nil {
		if len(z.entries)+1 <= lim.entries && len(member) <= lim.value {
			e := zsetEntry{member, listpackScore(score)}
			i := sort.Search(len(z.entries), func(i int) bool { return !entryLess(z.entries[i], e) })
			z.entries = slices.Insert(z.entries, i, e)
			return
		}
		z.convertToSkiplist()
	}
	z.tree.insert(score, member)
	z.scores.Set(member, score)
}

// updateScore moves a present member from score cur to score to.
func (z *zsetValue) updateScore(member string, cur, to float64) {
	if z.tree != nil {
		e := z.scores.find(member)
		e.value = to
		z.tree.delete(cur, e.key)
		z.tree.insert(to, e.key) // the dict's copy of the member, not the argument
		return
	}
	i := z.indexOf(member)
	e := zsetEntry{z.entries[i].member, listpackScore(to)}
	z.entries = slices.Delete(z.entries, i, i+1)
	j := sort.Search(len(z.entries), func(j int) bool { return !entryLess(z.entries[j], e) })
	z.entries = slices.Insert(z.entries, j, e)
}

// convertToSkiplist switches a listpack set to the skiplist encoding.
func (z *zsetValue) convertToSkiplist() {
	z.tree = &zsetTree{}
	for _, e := range z.entries {
		z.tree.insert(e.score, e.member)
		z.scores.Set(e.member, e.score)
	}
	z.entries = nil
}

// Remove deletes member and reports whether it was there.
func (z *zsetValue) Remove(member string) bool {
	if z.tree != nil {
		score, ok := z.scores.Delete(member)
		if ok {
			z.tree.delete(score, member)
		}
		return ok
	}
	if i := z.indexOf(member); i >= 0 {
		z.entries = slices.Delete(z.entries, i, i+1)
		return true
	}
	return false
}

// Rank returns member's 0-based rank, from the highest score if reverse.
func (z *zsetValue) Rank(member string, reverse bool) (int, bool) {
	var rank int
	if z.tree != nil {
		score, ok := z.scores.Get(member)
		if !ok {
			return 0, false
		}
		rank = z.tree.rank(score, member)
	} else if rank = z.indexOf(member); rank < 0 {
		return 0, false
	}
	if reverse {
		rank = z.Len() - 1 - rank
	}
	return rank, true
}

// zsetIter is a position in a sorted set, for walking it either way. It
// is valid until the set changes.
type zsetIter struct {
	z    *zsetValue
	rank int     // 0-based; for a listpack also the index
	pos  treePos // in the tree
}

// ok reports whether the iterator is on an element.
func (it *zsetIter) ok() bool {
	if it.z.tree != nil {
		return it.pos.ok()
	}
	return it.rank >= 0 && it.rank < len(it.z.entries)
}

func (it *zsetIter) member() string {
	if it.z.tree != nil {
		return it.pos.member()
	}
	return it.z.entries[it.rank].member
}

func (it *zsetIter) score() float64 {
	if it.z.tree != nil {
		return it.pos.score()
	}
	return it.z.entries[it.rank].score
}

// step moves to the next element, or to the previous one if reverse.
func (it *zsetIter) step(reverse bool) {
	if reverse {
		it.rank--
	} else {
		it.rank++
	}
	switch {
	case it.z.tree == nil:
	case reverse:
		it.pos = it.pos.prev()
	default:
		it.pos = it.pos.next()
	}
}

// skip moves n elements on, in the direction given; O(log N).
func (it *zsetIter) skip(n int, reverse bool) {
	if reverse {
		n = -n
	}
	it.rank += n
	if it.z.tree != nil {
		it.pos = it.z.tree.byRank(it.rank)
	}
}

// iterAtRank returns an iterator at a 0-based rank, counted from the
// highest score if reverse.
func (z *zsetValue) iterAtRank(rank int, reverse bool) zsetIter {
	if reverse {
		rank = z.Len() - 1 - rank
	}
	it := zsetIter{z: z, rank: rank}
	if z.tree != nil {
		it.pos = z.tree.byRank(rank)
	}
	return it
}

// iterInRange returns an iterator at the lowest element whose score is in
// r, or at the highest if reverse; not ok if there is none.
func (z *zsetValue) iterInRange(r *scoreRange, reverse bool) zsetIter {
	it := zsetIter{z: z, rank: -1}
	if r.isEmpty() {
		return it
	}
	if z.tree != nil {
		it.pos, it.rank = z.tree.inRange(
			func(s float64, _ string) bool { return r.aboveMin(s) },
			func(s float64, _ string) bool { return r.belowMax(s) }, reverse)
		return it
	}
	n := len(z.entries)
	if reverse {
		i := sort.Search(n, func(i int) bool { return !r.belowMax(z.entries[i].score) }) - 1
		if i >= 0 && r.aboveMin(z.entries[i].score) {
			it.rank = i
		}
	} else {
		i := sort.Search(n, func(i int) bool { return r.aboveMin(z.entries[i].score) })
		if i < n && r.belowMax(z.entries[i].score) {
			it.rank = i
		}
	}
	return it
}

// iterInLexRange is iterInRange for a range of members. Lex ranges are
// meant for sets whose scores are all equal. On others the answer is what
// the search happens to find: Redis's listpack search, a linear walk, is
// reproduced, as it is deterministic; its skiplist search is not (it
// depends on the random levels of the nodes).
func (z *zsetValue) iterInLexRange(r *lexRange, reverse bool) zsetIter {
	it := zsetIter{z: z, rank: -1}
	if r.isEmpty() {
		return it
	}
	if z.tree != nil {
		it.pos, it.rank = z.tree.inRange(
			func(_ float64, m string) bool { return r.aboveMin(m) },
			func(_ float64, m string) bool { return r.belowMax(m) }, reverse)
		return it
	}
	n := len(z.entries)
	if n == 0 || !r.aboveMin(z.entries[n-1].member) || !r.belowMax(z.entries[0].member) {
		return it
	}
	if reverse {
		for i := n - 1; i >= 0; i-- {
			if m := z.entries[i].member; r.belowMax(m) {
				if r.aboveMin(m) {
					it.rank = i
				}
				break
			}
		}
	} else {
		for i := 0; i < n; i++ {
			if m := z.entries[i].member; r.aboveMin(m) {
				if r.belowMax(m) {
					it.rank = i
				}
				break
			}
		}
	}
	return it
}

// RangeByRank calls fn for the elements of 0-based ranks start..end
// (already clamped to the set), from the highest score if reverse, until
// fn returns false.
func (z *zsetValue) RangeByRank(start, end int, reverse bool, fn func(member string, score float64) bool) {
	it := z.iterAtRank(start, reverse)
	for n := end - start + 1; n > 0 && it.ok(); n-- {
		if !fn(it.member(), it.score()) {
			return
		}
		it.step(reverse)
	}
}

// RangeByScore calls fn for the elements whose scores are in r, from the
// highest if reverse, skipping the first offset of them and giving at
// most limit (all if limit is negative), until fn returns false. A
// negative offset gives nothing, as in Redis.
func (z *zsetValue) RangeByScore(r *scoreRange, reverse bool, offset, limit int, fn func(member string, score float64) bool) {
	if start, n := z.ScoreRangeSpan(r, reverse, offset, limit); n > 0 {
		z.RangeByRank(start, start+n-1, reverse, fn)
	}
}

// ScoreRangeSpan says which elements RangeByScore would visit: from
// 0-based rank start (counted from the highest score if reverse), n of
// them. The elements of a score range are contiguous in rank, so both
// ends of the range give the count in O(log N) before any is visited.
func (z *zsetValue) ScoreRangeSpan(r *scoreRange, reverse bool, offset, limit int) (start, n int) {
	if offset < 0 {
		return 0, 0
	}
	first := z.iterInRange(r, false)
	if !first.ok() {
		return 0, 0
	}
	last := z.iterInRange(r, true)
	start, n = first.rank, last.rank-first.rank+1
	if reverse {
		start = z.Len() - 1 - last.rank
	}
	if n -= offset; n <= 0 {
		return 0, 0
	}
	if limit >= 0 {
		n = min(n, limit)
	}
	return start + offset, n
}

// RangeByLex is RangeByScore for a range of members.
func (z *zsetValue) RangeByLex(r *lexRange, reverse bool, offset, limit int, fn func(member string, score float64) bool) {
	if offset < 0 {
		return
	}
	it := z.iterInLexRange(r, reverse)
	z.walk(&it, reverse, offset, limit, func(it *zsetIter) bool {
		if reverse {
			return r.aboveMin(it.member())
		}
		return r.belowMax(it.member())
	}, fn)
}

// walk skips offset elements from it, then calls fn for up to limit
// elements (all if negative) while inRange holds and fn returns true.
func (z *zsetValue) walk(it *zsetIter, reverse bool, offset, limit int, inRange func(*zsetIter) bool, fn func(member string, score float64) bool) {
	if !it.ok() {
		return
	}
	if offset > 0 {
		it.skip(offset, reverse)
	}
	for ; limit != 0 && it.ok() && inRange(it); limit-- {
		if !fn(it.member(), it.score()) {
			return
		}
		it.step(reverse)
	}
}

// CountInRange returns how many scores are in r.
func (z *zsetValue) CountInRange(r *scoreRange) int {
	first := z.iterInRange(r, false)
	if !first.ok() {
		return 0
	}
	last := z.iterInRange(r, true)
	return last.rank - first.rank + 1
}

// CountInLexRange returns how many members are in r. On a listpack it
// counts by walking, as Redis does, which differs from the rank
// arithmetic only on sets with mixed scores.
func (z *zsetValue) CountInLexRange(r *lexRange) int {
	first := z.iterInLexRange(r, false)
	if !first.ok() {
		return 0
	}
	if z.tree == nil {
		n := 0
		for ; first.ok() && r.belowMax(first.member()); first.step(false) {
			n++
		}
		return n
	}
	last := z.iterInLexRange(r, true)
	if !last.ok() {
		return z.Len() - first.rank
	}
	// With mixed scores the two ends may even cross; count nothing then.
	return max(0, last.rank-first.rank+1)
}

// RemoveRangeByRank deletes the elements of 0-based ranks start..end,
// already clamped to the set, and returns how many it deleted.
func (z *zsetValue) RemoveRangeByRank(start, end int) int {
	if z.tree != nil {
		z.tree.deleteRanks(start, end-start+1, z.forget)
	} else {
		z.entries = slices.Delete(z.entries, start, end+1)
	}
	return end - start + 1
}

// RemoveRangeByScore deletes the elements whose scores are in r.
func (z *zsetValue) RemoveRangeByScore(r *scoreRange) int {
	first := z.iterInRange(r, false)
	if !first.ok() {
		return 0
	}
	last := z.iterInRange(r, true)
	return z.RemoveRangeByRank(first.rank, last.rank)
}

// RemoveRangeByLex deletes the elements whose members are in r, from the
// first in the range for as long as they stay in it.
func (z *zsetValue) RemoveRangeByLex(r *lexRange) int {
	it := z.iterInLexRange(r, false)
	if !it.ok() {
		return 0
	}
	start := it.rank
	for it.ok() && r.belowMax(it.member()) {
		it.step(false)
	}
	return z.RemoveRangeByRank(start, it.rank-1)
}

// forget drops a member from the dict after the tree let it go.
func (z *zsetValue) forget(member string) { z.scores.Delete(member) }

// PopFirst removes and returns the element with the lowest score, or the
// highest if max. The set must not be empty.
func (z *zsetValue) PopFirst(max bool) zsetEntry {
	var e zsetEntry
	if z.tree != nil {
		p := z.tree.first()
		if max {
			p = z.tree.last()
		}
		e = p.entry()
	} else if max {
		e = z.entries[len(z.entries)-1]
	} else {
		e = z.entries[0]
	}
	z.Remove(e.member)
	return e
}

// Each calls fn for every element in order, or in reverse, until fn
// returns false.
func (z *zsetValue) Each(reverse bool, fn func(member string, score float64) bool) {
	if z.Len() > 0 {
		z.RangeByRank(0, z.Len()-1, reverse, fn)
	}
}

// randomEntry returns a uniformly chosen element (for the skiplist
// encoding, as fair as the dict's sampling). The set must not be empty.
func (z *zsetValue) randomEntry() zsetEntry {
	if z.tree != nil {
		m, s, _ := z.scores.Random()
		return zsetEntry{m, s}
	}
	return z.entries[rand.IntN(len(z.entries))]
}

// Sizes of Redis's skiplist-encoded sorted set on a 64-bit build, for
// MEMORY USAGE.
const (
	zsetStructSize      = 16 // the zset: its dict and skiplist pointers
	zskiplistStructSize = 32 // the skiplist: head, tail, length, level
	zskiplistHeaderSize = 24 + 32*16
)

// zskiplistNodeSize is the average allocation of a skiplist node: 24
// bytes and 16 per level, with 1 level for 3/4 of the nodes, 2 for 3/16...
// Redis's estimate samples actual nodes, whose levels are random.
var zskiplistNodeSize = func() float64 {
	avg, p := 0.0, 0.75
	for level := 1; level <= 32; level++ {
		avg += p * float64(mallocSize(24+16*level))
		p /= 4
	}
	return avg
}()

// memoryUsage estimates the sorted set as Redis would hold it: one
// listpack allocation (members and scores, integral scores as integers),
// or the skiplist encoding's structures plus the average of up to samples
// elements (member string, dict entry, skiplist node) times their number.
func (z *zsetValue) memoryUsage(samples int64) int64 {
	var buf [32]byte
	if z.tree == nil {
		n := listpackEmpty
		for _, e := range z.entries {
			n += listpackEntrySize(e.member) + listpackEntrySize(view(appendListpackScore(buf[:0], e.score)))
		}
		return robjSize + mallocSize(n)
	}
	size := float64(robjSize+zsetStructSize+zskiplistStructSize+dictSize+
		dictPointerSize*len(z.scores.buckets)) + float64(mallocSize(zskiplistHeaderSize))
	var sampled int64
	var bytes float64
	for p := z.tree.first(); p.ok() && sampled < samples; p = p.next() {
		bytes += float64(sdsAllocSize(len(p.member()), true)+dictEntrySize) + zskiplistNodeSize
		sampled++
	}
	if sampled > 0 {
		size += bytes / float64(sampled) * float64(z.Len())
	}
	return int64(size)
}
