package engine

import (
	"math"
	"sort"
	"unsafe"

	"github.com/redwasm/redwasm/engine/resp"
)

// ZUNION, ZINTER, ZDIFF, their *STORE forms and ZINTERCARD: operations
// over several sorted sets, where a plain set counts as a sorted set
// whose members all score 1.

// Error replies of the set operations, Redis 7.0's texts.
const (
	ErrWeightNotFloat = "ERR weight value is not a float"
	ErrLimitNegative  = "ERR LIMIT can't be negative"
)

func errAtLeastOneKey(cmd string) string {
	return "ERR at least 1 input key is needed for '" + cmd + "' command"
}

func init() {
	implement(map[string]Handler{
		"zunion":      func(c *Client, args [][]byte) { zsetOp(c, args, "zunion", opUnion, false, false) },
		"zinter":      func(c *Client, args [][]byte) { zsetOp(c, args, "zinter", opInter, false, false) },
		"zdiff":       func(c *Client, args [][]byte) { zsetOp(c, args, "zdiff", opDiff, false, false) },
		"zunionstore": func(c *Client, args [][]byte) { zsetOp(c, args, "zunionstore", opUnion, true, false) },
		"zinterstore": func(c *Client, args [][]byte) { zsetOp(c, args, "zinterstore", opInter, true, false) },
		"zdiffstore":  func(c *Client, args [][]byte) { zsetOp(c, args, "zdiffstore", opDiff, true, false) },
		"zintercard":  func(c *Client, args [][]byte) { zsetOp(c, args, "zintercard", opInter, false, true) },
	})
}

// zsetOpKind is the operation of zsetOp.
type zsetOpKind uint8

const (
	opUnion zsetOpKind = iota
	opInter
	opDiff
)

// aggregate is how ZUNION and ZINTER combine the scores of one member.
type aggregate uint8

const (
	aggregateSum aggregate = iota
	aggregateMin
	aggregateMax
)

// combine folds val into *target. A sum that is NaN (inf + -inf) becomes
// 0, as in Redis; a NaN value never wins a MIN or MAX.
func (a aggregate) combine(target *float64, val float64) {
	switch a {
	case aggregateSum:
		*target += val
		if math.IsNaN(*target) {
			*target = 0
		}
	case aggregateMin:
		if val < *target {
			*target = val
		}
	case aggregateMax:
		if val > *target {
			*target = val
		}
	}
}

// scoredSource is an input of the set operations: a sorted set, or a set
// of members scoring 1.
type scoredSource interface {
	Len() int
	// Score returns member's score, if it is a member.
	Score(member string) (float64, bool)
	// Each visits every member and score until fn returns false.
	Each(reverse bool, fn func(member string, score float64) bool)
}

// opSource is one input key of an operation with its weight.
type opSource struct {
	v      value // nil for a missing key
	set    scoredSource
	weight float64
}

func (s *opSource) len() int {
	if s.set == nil {
		return 0
	}
	return s.set.Len()
}

// asScoredSource returns v as an input of the set operations, if its type
// can be one.
func asScoredSource(v value) (scoredSource, bool) {
	switch v := v.(type) {
	case *zsetValue:
		return v, true
	case *setValue:
		return setScores{v}, true
	}
	return nil, false
}

// setScores reads a set as an input of the set operations: every member
// scores 1.
type setScores struct{ s *setValue }

func (p setScores) Len() int { return p.s.Len() }

func (p setScores) Score(member string) (float64, bool) {
	return 1, p.s.Has(unsafe.Slice(unsafe.StringData(member), len(member))) // read only
}

func (p setScores) Each(_ bool, fn func(member string, score float64) bool) {
	p.s.Each(func(m string) bool { return fn(m, 1) })
}

// ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
// ZINTER, ZDIFF (no WEIGHTS or AGGREGATE), their *STORE forms (destination
// first, no WITHSCORES) and ZINTERCARD numkeys key [key ...] [LIMIT limit]
// are all zsetOp, Redis's zunionInterDiffGenericCommand.
func zsetOp(c *Client, args [][]byte, name string, op zsetOpKind, store, cardOnly bool) {
	numkeysIdx := 1
	if store {
		numkeysIdx = 2
	}
	numkeys, ok := c.intArg(args[numkeysIdx])
	if !ok {
		return
	}
	if numkeys < 1 {
		c.Error(errAtLeastOneKey(name))
		return
	}
	if numkeys > int64(len(args)-numkeysIdx-1) {
		c.Error(ErrSyntax)
		return
	}
	src := make([]opSource, numkeys)
	j := numkeysIdx + 1
	for i := range src {
		src[i].weight = 1
		if v := c.db.lookup(args[j]); v != nil {
			set, ok := asScoredSource(v)
			if !ok {
				c.Error(ErrWrongType)
				return
			}
			src[i].v, src[i].set = v, set
		}
		j++
	}

	agg := aggregateSum
	withScores := false
	limit := int64(0)
	for j < len(args) {
		remaining := len(args) - j
		a := args[j]
		switch {
		case op != opDiff && !cardOnly && remaining >= len(src)+1 && equalFold(a, "weights"):
			j++
			for i := range src {
				w, ok := parseFloat(args[j])
				if !ok {
					c.Error(ErrWeightNotFloat)
					return
				}
				src[i].weight = w
				j++
			}
		case op != opDiff && !cardOnly && remaining >= 2 && equalFold(a, "aggregate"):
			switch b := args[j+1]; {
			case equalFold(b, "sum"):
				agg = aggregateSum
			case equalFold(b, "min"):
				agg = aggregateMin
			case equalFold(b, "max"):
				agg = aggregateMax
			default:
				c.Error(ErrSyntax)
				return
			}
			j += 2
		case !store && !cardOnly && equalFold(a, "withscores"):
			withScores = true
			j++
		case cardOnly && remaining >= 2 && equalFold(a, "limit"):
			n, ok := resp.ParseInt(args[j+1])
			if !ok || n < 0 {
				c.Error(ErrLimitNegative)
				return
			}
			limit = n
			j += 2
		default:
			c.Error(ErrSyntax)
			return
		}
	}

	if op != opDiff {
		// Smallest first, ties in key order: the order scores combine in.
		sort.SliceStable(src, func(a, b int) bool { return src[a].len() < src[b].len() })
	}
	var result []zsetEntry
	switch op {
	case opUnion:
		result = zunion(src, agg)
	case opInter:
		if cardOnly {
			c.Int(int64(zinterCard(src, limit)))
			return
		}
		result = zinter(src, agg)
	case opDiff:
		result = zdiff(src)
	}
	if store {
		var z *zsetValue
		if len(result) > 0 {
			z = newZsetFromEntries(result, c.e.zsetLimits())
		}
		c.storeZset(args[1], z, name)
		c.Int(int64(len(result)))
		return
	}
	sortEntries(result)
	c.replyEntries(result, withScores)
}

// weighted is a source's score times its weight, 0 when that is NaN
// (0 * inf).
func weighted(score, weight float64) float64 {
	v := score * weight
	if math.IsNaN(v) {
		return 0
	}
	return v
}

// zunion combines every member of every source. Sources come in the
// order their scores combine.
func zunion(src []opSource, agg aggregate) []zsetEntry {
	index := map[string]int{}
	var result []zsetEntry
	for _, s := range src {
		if s.len() == 0 {
			continue
		}
		s.set.Each(true, func(m string, score float64) bool {
			v := weighted(score, s.weight)
			if i, seen := index[m]; seen {
				agg.combine(&result[i].score, v)
			} else {
				index[m] = len(result)
				result = append(result, zsetEntry{m, v})
			}
			return true
		})
	}
	return result
}

// zinterEach finds the members of the first (smallest) source that are in
// all the others, calling fn for each with its combined score until fn
// returns false.
func zinterEach(src []opSource, agg aggregate, fn func(member string, score float64) bool) {
	if src[0].len() == 0 {
		return
	}
	src[0].set.Each(true, func(m string, s0 float64) bool {
		score := weighted(s0, src[0].weight)
		for _, s := range src[1:] {
			var v float64
			if s.v == src[0].v {
				v = s0 * s.weight
			} else if found, ok := scoreIn(s, m); ok {
				v = found * s.weight
			} else {
				return true
			}
			agg.combine(&score, v)
		}
		return fn(m, score)
	})
}

func scoreIn(s opSource, member string) (float64, bool) {
	if s.set == nil {
		return 0, false
	}
	return s.set.Score(member)
}

func zinter(src []opSource, agg aggregate) []zsetEntry {
	var result []zsetEntry
	zinterEach(src, agg, func(m string, score float64) bool {
		result = append(result, zsetEntry{m, score})
		return true
	})
	return result
}

// zinterCard counts the intersection, stopping at limit (0: no limit).
func zinterCard(src []opSource, limit int64) int64 {
	var n int64
	zinterEach(src, aggregateSum, func(string, float64) bool {
		n++
		return limit == 0 || n < limit
	})
	return n
}

// zdiff keeps the members of the first source found in none of the
// others, with their scores in the first.
func zdiff(src []opSource) []zsetEntry {
	if src[0].len() == 0 {
		return nil
	}
	for _, s := range src[1:] {
		if s.v == src[0].v {
			return nil
		}
	}
	var result []zsetEntry
	src[0].set.Each(true, func(m string, score float64) bool {
		for _, s := range src[1:] {
			if _, ok := scoreIn(s, m); ok {
				return true
			}
		}
		result = append(result, zsetEntry{m, score})
		return true
	})
	return result
}
