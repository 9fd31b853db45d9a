package engine

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
)

// TestStreamRandomFidelity runs random sequences of stream commands on
// both sides and compares every reply, with node sizes that make many
// nodes (so that the radix tree and the node boundaries are exercised) and
// with Redis's defaults.
func TestStreamRandomFidelity(t *testing.T) {
	for _, c := range []struct{ entries, bytes string }{{"1", "0"}, {"3", "0"}, {"0", "90"}, {"100", "4096"}} {
		t.Run("entries="+c.entries+",bytes="+c.bytes, func(t *testing.T) {
			p, e := newPair(t)
			setConfig(t, p, e, "stream-node-max-entries", c.entries)
			setConfig(t, p, e, "stream-node-max-bytes", c.bytes)
			for seed := uint64(1); seed <= 4; seed++ {
				rng := rand.New(rand.NewPCG(seed, 7))
				p.Proto(2 + int(seed%2))
				p.Both("FLUSHALL")
				randomStreamOps(t, p, rng, 1000)
			}
		})
	}
}

func randomStreamOps(t *testing.T, p *redistest.Pair, rng *rand.Rand, steps int) {
	t.Helper()
	id := func() string {
		switch rng.IntN(10) {
		case 0:
			return fmt.Sprint(rng.IntN(60))
		case 1:
			return fmt.Sprintf("(%d-%d", rng.IntN(60), rng.IntN(4))
		}
		return fmt.Sprintf("%d-%d", rng.IntN(60), rng.IntN(4))
	}
	bound := func(low bool) string {
		switch rng.IntN(8) {
		case 0:
			if low {
				return "-"
			}
			return "+"
		}
		return id()
	}
	groups := []string{"g1", "g2"}
	consumers := []string{"c1", "c2", "c3"}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	ms := 0
	for i := 0; i < steps; i++ {
		key := "s"
		if rng.IntN(5) == 0 {
			key = "t"
		}
		var args []string
		mode := byte(0)
		switch r := rng.IntN(100); {
		case r < 30: // append with an explicit, partial or bad ID
			ms += rng.IntN(3)
			var entryID string
			switch rng.IntN(6) {
			case 0:
				entryID = fmt.Sprintf("%d-*", ms)
			case 1:
				entryID = fmt.Sprintf("%d-%d", max(ms-2, 0), rng.IntN(5))
			default:
				entryID = fmt.Sprintf("%d-%d", ms, rng.IntN(5))
			}
			args = []string{"XADD", key}
			switch rng.IntN(8) {
			case 0:
				args = append(args, "MAXLEN", pick([]string{"=", "~"}), fmt.Sprint(rng.IntN(30)))
			case 1:
				args = append(args, "MINID", pick([]string{"=", "~"}), id())
			case 2:
				args = append(args, "MAXLEN", "~", fmt.Sprint(rng.IntN(30)), "LIMIT", fmt.Sprint(rng.IntN(5)))
			}
			args = append(args, entryID)
			for f := 0; f <= rng.IntN(3); f++ {
				args = append(args, pick([]string{"a", "b", "c", "12", "-7"}), fmt.Sprint(rng.IntN(1000)))
			}
		case r < 38:
			args = []string{"XDEL", key}
			for n := 0; n <= rng.IntN(3); n++ {
				args = append(args, fmt.Sprintf("%d-%d", rng.IntN(ms+1), rng.IntN(5)))
			}
		case r < 42:
			args = []string{"XTRIM", key}
			if rng.IntN(2) == 0 {
				args = append(args, "MAXLEN", pick([]string{"=", "~", ""}), fmt.Sprint(rng.IntN(40)))
			} else {
				args = append(args, "MINID", pick([]string{"=", "~", ""}), fmt.Sprintf("%d-%d", rng.IntN(ms+1), rng.IntN(5)))
			}
			if args[3] == "" {
				args = append(args[:3], args[4:]...)
			}
			if args[3] == "~" && rng.IntN(2) == 0 {
				args = append(args, "LIMIT", fmt.Sprint(rng.IntN(10)))
			}
		case r < 52:
			args = []string{"XRANGE", key, bound(true), bound(false)}
			if rng.IntN(2) == 0 {
				args = []string{"XREVRANGE", key, bound(false), bound(true)}
			}
			if rng.IntN(2) == 0 {
				args = append(args, "COUNT", fmt.Sprint(rng.IntN(6)))
			}
		case r < 55:
			args = []string{"XLEN", key}
		case r < 60:
			args = []string{"XINFO", "STREAM", key}
			if rng.IntN(2) == 0 {
				args = append(args, "FULL", "COUNT", fmt.Sprint(rng.IntN(4)))
				mode = '@'
			}
		case r < 62:
			args = []string{"MEMORY", "USAGE", key, "SAMPLES", fmt.Sprint(rng.IntN(3))}
		case r < 64:
			args = []string{"XSETID", key, fmt.Sprintf("%d-%d", ms+rng.IntN(3)-1, rng.IntN(5))}
		case r < 67:
			args = []string{"XGROUP", "CREATE", key, pick(groups), pick([]string{"$", "0", id()}), "MKSTREAM"}
		case r < 69:
			args = []string{"XGROUP", "SETID", key, pick(groups), pick([]string{"$", "0", id()})}
		case r < 70:
			args = []string{"XGROUP", "DESTROY", key, pick(groups)}
		case r < 71:
			args = []string{"XGROUP", "DELCONSUMER", key, pick(groups), pick(consumers)}
		case r < 80:
			args = []string{"XREADGROUP", "GROUP", pick(groups), pick(consumers)}
			if rng.IntN(3) == 0 {
				args = append(args, "COUNT", fmt.Sprint(1+rng.IntN(4)))
			}
			if rng.IntN(5) == 0 {
				args = append(args, "NOACK")
			}
			args = append(args, "STREAMS", key, pick([]string{">", ">", "0", id()}))
		case r < 83:
			args = []string{"XREAD", "COUNT", fmt.Sprint(1 + rng.IntN(5)), "STREAMS", "s", "t", id(), id()}
			args[6], args[7] = trimParen(args[6]), trimParen(args[7])
		case r < 87:
			args = []string{"XACK", key, pick(groups)}
			for n := 0; n <= rng.IntN(3); n++ {
				args = append(args, fmt.Sprintf("%d-%d", rng.IntN(ms+1), rng.IntN(5)))
			}
		case r < 91:
			args = []string{"XCLAIM", key, pick(groups), pick(consumers), pick([]string{"0", "100000000"})}
			for n := 0; n <= rng.IntN(3); n++ {
				args = append(args, fmt.Sprintf("%d-%d", rng.IntN(ms+1), rng.IntN(5)))
			}
			for _, opt := range [][]string{{"JUSTID"}, {"FORCE"}, {"RETRYCOUNT", "3"}, {"TIME", "1000"}, {"LASTID", id()}} {
				if rng.IntN(4) == 0 {
					if opt[0] == "LASTID" {
						opt[1] = trimParen(opt[1])
					}
					args = append(args, opt...)
				}
			}
		case r < 94:
			args = []string{"XAUTOCLAIM", key, pick(groups), pick(consumers), pick([]string{"0", "100000000"}), bound(true)}
			if rng.IntN(2) == 0 {
				args = append(args, "COUNT", fmt.Sprint(1+rng.IntN(4)))
			}
			if rng.IntN(2) == 0 {
				args = append(args, "JUSTID")
			}
		case r < 97:
			args = []string{"XPENDING", key, pick(groups)}
			if rng.IntN(2) == 0 {
				args = append(args, bound(true), bound(false), fmt.Sprint(rng.IntN(5)))
				if rng.IntN(2) == 0 {
					args = append(args, pick(consumers))
				}
				mode = '@'
			}
		default:
			args = []string{"XINFO", "GROUPS", key}
		}
		if mode == '@' {
			p.CheckWith(sameButTimes, args...)
		} else {
			p.Check(args...)
		}
	}
	p.CheckWith(sameButTimes, "XINFO", "STREAM", "s", "FULL", "COUNT", "0")
	p.CheckWith(sameButTimes, "XINFO", "STREAM", "t", "FULL", "COUNT", "0")
	p.Check("MEMORY", "USAGE", "s", "SAMPLES", "0")
	p.Check("MEMORY", "USAGE", "t", "SAMPLES", "0")
}

func trimParen(s string) string {
	if len(s) > 0 && s[0] == '(' {
		return s[1:]
	}
	return s
}
