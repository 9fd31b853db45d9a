package engine

import "math"

// Errors of LCS.
const (
	errLCSKeysType      = "ERR The specified keys must contain string values"
	errLCSLenAndIdx     = "ERR If you want both the length and indexes, please just use IDX."
	errLCSTooLong       = "ERR String too long for LCS"
	errLCSTooMuchMemory = "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"
)

func init() {
	implement(map[string]Handler{"lcs": lcsCommand})
}

// lcsMatch is one run of the longest common subsequence: a[aStart:aEnd+1]
// equals b[bStart:bEnd+1].
type lcsMatch struct {
	aStart, aEnd, bStart, bEnd int
}

func (m lcsMatch) len() int { return m.aEnd - m.aStart + 1 }

// lcsTable is the dynamic programming table of the LCS lengths of every
// pair of prefixes of a and b: at(i, j) is the length for a[:i], b[:j].
type lcsTable struct {
	cells []uint32
	width int
}

func (t *lcsTable) at(i, j int) uint32 { return t.cells[i*t.width+j] }

func newLCSTable(a, b []byte) *lcsTable {
	t := &lcsTable{cells: make([]uint32, (len(a)+1)*(len(b)+1)), width: len(b) + 1}
	for i := 1; i <= len(a); i++ {
		row, prev := t.cells[i*t.width:(i+1)*t.width], t.cells[(i-1)*t.width:i*t.width]
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				row[j] = prev[j-1] + 1
			} else {
				row[j] = max(prev[j], row[j-1])
			}
		}
	}
	return t
}

// walk retraces the table from the end of both strings, as Redis does,
// returning the common subsequence and its runs, last run first. Ties
// between dropping a byte of a or of b drop b's, so the result is
// Redis's own among the equally long candidates.
func (t *lcsTable) walk(a, b []byte) ([]byte, []lcsMatch) {
	i, j := len(a), len(b)
	seq := make([]byte, t.at(i, j))
	k := len(seq)
	var runs []lcsMatch
	var cur lcsMatch
	open := false
	for i > 0 && j > 0 {
		emit := false
		if a[i-1] == b[j-1] {
			k--
			seq[k] = a[i-1]
			switch {
			case !open:
				cur = lcsMatch{aStart: i - 1, aEnd: i - 1, bStart: j - 1, bEnd: j - 1}
				open = true
			case cur.aStart == i && cur.bStart == j:
				cur.aStart--
				cur.bStart--
			default:
				// Not contiguous: Redis closes the run here, and this
				// byte starts no run of its own.
				emit = true
			}
			if cur.aStart == 0 || cur.bStart == 0 {
				emit = true
			}
			i--
			j--
		} else {
			if t.at(i-1, j) > t.at(i, j-1) {
				i--
			} else {
				j--
			}
			if open {
				emit = true
			}
		}
		if emit {
			runs = append(runs, cur)
			open = false
		}
	}
	return seq, runs
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
func lcsCommand(c *Client, args [][]byte) {
	va, vb := c.db.lookup(args[1]), c.db.lookup(args[2])
	sa, okA := va.(*stringValue)
	sb, okB := vb.(*stringValue)
	if va != nil && !okA || vb != nil && !okB {
		c.Error(errLCSKeysType)
		return
	}
	var a, b []byte
	if sa != nil {
		a = sa.b
	}
	if sb != nil {
		b = sb.b
	}
	var getLen, getIdx, withMatchLen bool
	var minMatchLen int64
	for j := 3; j < len(args); j++ {
		switch opt := args[j]; {
		case optionIs(opt, "idx"):
			getIdx = true
		case optionIs(opt, "len"):
			getLen = true
		case optionIs(opt, "withmatchlen"):
			withMatchLen = true
		case optionIs(opt, "minmatchlen") && j+1 < len(args):
			n, ok := c.intArg(args[j+1])
			if !ok {
				return
			}
			minMatchLen = max(n, 0)
			j++
		default:
			c.Error(ErrSyntax)
			return
		}
	}
	if getLen && getIdx {
		c.Error(errLCSLenAndIdx)
		return
	}
	if int64(len(a)) >= math.MaxUint32-1 || int64(len(b)) >= math.MaxUint32-1 {
		c.Error(errLCSTooLong)
		return
	}
	// Redis refuses a table bigger than proto-max-bulk-len: the check is
	// part of the reply, and keeps memory bounded here too.
	if cells := uint64(len(a)+1) * uint64(len(b)+1); cells*4 > uint64(c.e.cfg.protoMaxBulkLen) {
		c.Error(errLCSTooMuchMemory)
		return
	}
	t := newLCSTable(a, b)
	length := int64(t.at(len(a), len(b)))
	switch {
	case getIdx:
		_, runs := t.walk(a, b)
		kept := runs[:0]
		for _, r := range runs {
			if minMatchLen == 0 || int64(r.len()) >= minMatchLen {
				kept = append(kept, r)
			}
		}
		c.Map(2)
		c.BulkString("matches")
		c.Array(len(kept))
		for _, r := range kept {
			if withMatchLen {
				c.Array(3)
			} else {
				c.Array(2)
			}
			c.Array(2)
			c.Int(int64(r.aStart))
			c.Int(int64(r.aEnd))
			c.Array(2)
			c.Int(int64(r.bStart))
			c.Int(int64(r.bEnd))
			if withMatchLen {
				c.Int(int64(r.len()))
			}
		}
		c.BulkString("len")
		c.Int(length)
	case getLen:
		c.Int(length)
	default:
		seq, _ := t.walk(a, b)
		c.Bulk(seq)
	}
}
