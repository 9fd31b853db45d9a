package engine

import (
	"bufio"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// checkScript runs script's lines (split as redis-cli splits them) on
// both sides and compares every reply. A line starting with "~" compares
// the reply's shape only (time-dependent values); "?" compares it as
// unordered.
func checkScript(t *testing.T, p *redistest.Pair, script string) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(script))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		mode := byte(0)
		if line[0] == '~' || line[0] == '?' {
			mode, line = line[0], strings.TrimSpace(line[1:])
		}
		argv, ok := resp.SplitArgs([]byte(line))
		if !ok {
			t.Fatalf("bad script line %q", line)
		}
		args := stringsOf(argv)
		switch mode {
		case '~':
			p.CheckShape(args...)
		case '?':
			p.CheckUnordered(args...)
		default:
			p.Check(args...)
		}
	}
}

// checkScriptBoth runs a script in RESP2 and then RESP3, from an empty
// database each time.
func checkScriptBoth(t *testing.T, p *redistest.Pair, script string) {
	t.Helper()
	bothProtocols(t, p, func(int) { checkScript(t, p, script) })
}

func TestStreamAddRangeFidelity(t *testing.T) {
	p, _ := newPair(t)
	checkScriptBoth(t, p, `
XADD s 1-1 a 1
XADD s 1-2 a 2 b 3
XADD s 1-2 a 2
XADD s 1-1 a 2
XADD s 0-0 a 2
XADD s 0 a 2
XADD s 2 f v
XADD s 2-* f v
XADD s 3-* f v
XADD s 3-* f v
XADD s 18446744073709551615-* f v
XADD s 18446744073709551616-0 f v
XADD s -1-1 f v
XADD s 5--1 f v
XADD s "5- 1" f v
XADD s 6-+1 f v
XADD s 007-0 f v
XADD s " 8" f v
XADD s 9-0x1 f v
XADD s - f v
XADD s + f v
XADD s 10-* f
XADD s 10-* f v g
XADD s 10-1
XADD s
XADD s *
XLEN s
XRANGE s - +
XRANGE s - + COUNT 2
XRANGE s - + COUNT 0
XRANGE s - + COUNT -5
XRANGE s - + COUNT 2 COUNT 3
XRANGE s - + COUNT
XRANGE s - + COUNT x
XRANGE s - + LIMIT 2
XRANGE s 2 3
XRANGE s (2 3
XRANGE s 2 (3
XRANGE s (1-1 (3-1
XRANGE s ( +
XRANGE s (- +
XRANGE s - (+
XRANGE s - (0-0
XRANGE s (18446744073709551615-18446744073709551615 +
XRANGE s 3 2
XRANGE s x +
XRANGE s - y
XRANGE nokey - +
XRANGE nokey - + COUNT 0
XREVRANGE s + -
XREVRANGE s + - COUNT 3
XREVRANGE s 3 2
XREVRANGE s (3-1 -
XREVRANGE s + (1-2
XREVRANGE s - +
XREVRANGE nokey + -
XLEN nokey
SET str x
XADD str * a b
XLEN str
XRANGE str - +
XRANGE str - + COUNT 0
XREVRANGE str + -
XADD new NOMKSTREAM * a b
EXISTS new
XADD new NOMKSTREAM 1-1 a b
XADD s NOMKSTREAM 20-1 a b
XADD s nomkstream 21-1 a b
XADD s 22-1 "" ""
XADD s 23-1 12345 -7 3.5 " 1" 9223372036854775807 -9223372036854775808 18446744073709551616 x
XRANGE s 22 +
XADD s 24-1 a 1 b 2
XADD s 24-2 b 1 a 2
XADD s 24-3 a 1 b 2 c 3
XRANGE s 24 24
XREVRANGE s 24 24
XADD big 1-1 f "` + strings.Repeat("x", 5000) + `"
XADD big 1-2 f "` + strings.Repeat("y", 70) + `"
XRANGE big - +
XDEL s 1-1 1-2
XDEL s 1-1
XDEL s x
XDEL nokey x
XDEL str 1-1
XDEL s 2-0 2-1 3
XRANGE s - + COUNT 3
XLEN s
`)
}

func TestStreamInfoFidelity(t *testing.T) {
	p, _ := newPair(t)
	checkScriptBoth(t, p, `
XADD s 1-1 a 1
XINFO STREAM s
XADD s 1-2 a 2 b 3
XADD s 2-0 a 2
XINFO STREAM s
XINFO STREAM s FULL
XINFO STREAM s FULL COUNT 1
XINFO STREAM s FULL COUNT 0
XINFO STREAM s FULL COUNT -1
XINFO STREAM s FULL COUNT x
XINFO STREAM s FULL LIMIT 1
XINFO STREAM s FOO
XINFO STREAM s FULL COUNT
XINFO STREAM s FULL COUNT 1 x
XINFO STREAM nokey
XINFO STREAM nokey FOO
XDEL s 1-1
XINFO STREAM s
XDEL s 2-0
XINFO STREAM s
XDEL s 1-2
XINFO STREAM s
XINFO STREAM s FULL
XINFO GROUPS s
XINFO CONSUMERS s g
SET str x
XINFO STREAM str
XINFO GROUPS str
XINFO CONSUMERS str g
XINFO GROUPS nokey
XINFO CONSUMERS nokey g
XINFO HELP
XINFO help extra
XINFO
XINFO FOO
XINFO STREAM
XINFO GROUPS s extra
XINFO CONSUMERS s
XINFO CONSUMERS s g extra
OBJECT ENCODING s
TYPE s
`)
}
