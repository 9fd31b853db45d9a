package engine

import (
	"bufio"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// checkScript runs script's lines (split as redis-cli splits them) on
// both sides and compares every reply. A line starting with "~" compares
// the reply's shape only (time-dependent values); "?" compares it as
// unordered; "@" allows idle and delivery times to differ a little.
func checkScript(t *testing.T, p *redistest.Pair, script string) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(script))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		mode := byte(0)
		if line[0] == '~' || line[0] == '?' || line[0] == '@' {
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
		case '@':
			p.CheckWith(sameButTimes, args...)
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
XADD big 1-1 f "`+strings.Repeat("x", 5000)+`"
XADD big 1-2 f "`+strings.Repeat("y", 70)+`"
XRANGE big - +
XDEL s 1-1 1-2
XDEL s 1-1
XDEL s x
XDEL nokey x
XDEL str 1-1
XDEL s 2-0 2-1 3
XRANGE s - + COUNT 3
XLEN s
XADD x 99999999999999-5 f v
XADD x * f v
XADD x 99999999999999-* f v
XADD y 99999999999999-18446744073709551615 f v
XADD y * f v
XADD y 99999999999999-* f v
XADD y 100000000000000-* f v
XADD z 18446744073709551615-18446744073709551614 f v
XADD z 18446744073709551615-* f v
XADD z * f v
XADD z 18446744073709551615-* f v
XADD z NOMKSTREAM 1-1 f v
XLEN z
~XADD auto * f v
~XADD auto * f v
XLEN auto
XADD "nul\x00key" "1-1\x00junk" f v
XADD nul "*\x00x" f v
XADD nul MAXLEN "~\x00x" 5 1-1 f v
XRANGE "nul\x00key" - +
XADD s 30-1 "f\x00" "v\x00"
XRANGE s 30 30
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

func TestStreamTrimFidelity(t *testing.T) {
	p, e := newPair(t)
	fill := func(key string, from, to int) string {
		var b strings.Builder
		for i := from; i <= to; i++ {
			b.WriteString("XADD " + key + " " + itoa(i) + "-1 f " + itoa(i) + "\n")
		}
		return b.String()
	}
	bothProtocols(t, p, func(int) {
		checkScript(t, p, fill("s", 1, 350)+`
XLEN s
XINFO STREAM s
MEMORY USAGE s
MEMORY USAGE s SAMPLES 0
MEMORY USAGE s SAMPLES 1
XTRIM s MAXLEN ~ 300
XLEN s
XTRIM s MAXLEN ~ 260
XLEN s
XTRIM s MAXLEN 255
XLEN s
XINFO STREAM s
MEMORY USAGE s
XTRIM s MAXLEN = 250
XTRIM s MINID 120
XLEN s
XTRIM s MINID ~ 210
XLEN s
XTRIM s MINID ~ 290 LIMIT 50
XLEN s
XTRIM s MINID ~ 290 LIMIT 100
XLEN s
XTRIM s MINID = 300
XTRIM s MAXLEN 0
XLEN s
XINFO STREAM s
XTRIM s
XTRIM s MAXLEN
XTRIM s MAXLEN x
XTRIM s MAXLEN -1
XTRIM s MAXLEN ~
XTRIM s MAXLEN ~ -1
XTRIM s MAXLEN = 1 extra
XTRIM s MAXLEN 1 MINID 1
XTRIM s MINID 1 MAXLEN 1
XTRIM s MINID x
XTRIM s MINID -
XTRIM s MINID +
XTRIM s MINID ~ +
XTRIM s MAXLEN 1 LIMIT 5
XTRIM s MAXLEN ~ 1 LIMIT -1
XTRIM s MAXLEN ~ 1 LIMIT x
XTRIM s LIMIT 5
XTRIM s LIMIT 0
XTRIM s LIMIT 5 MAXLEN ~ 1
XTRIM s FOO
XTRIM nokey MAXLEN 1
XTRIM nokey FOO
SET str x
XTRIM str MAXLEN 1
`+fill("t", 1, 350)+`
XADD t MAXLEN 300 400-1 f v
XLEN t
XADD t MAXLEN ~ 200 401-1 f v
XLEN t
XADD t MAXLEN ~ 100 LIMIT 50 402-1 f v
XLEN t
XADD t MAXLEN = 100 LIMIT 50 403-1 f v
XADD t MINID ~ 330 404-1 f v
XLEN t
XADD t MINID 340 405-1 f v
XLEN t
XRANGE t - + COUNT 3
XADD t MAXLEN 1 MINID 1 406-1 f v
XADD t LIMIT 1 406-1 f v
XADD t LIMIT 0 406-1 f v
XADD t MAXLEN -1 406-1 f v
XADD t MAXLEN ~ 1 LIMIT -1 406-1 f v
XADD t NOMKSTREAM MAXLEN 1 406-1 f v
XADD t MAXLEN 406-1 f v
XADD t MAXLEN
XADD t MINID 1
XADD t MAXLEN 0 * f v
XLEN t
XINFO STREAM t FULL
XADD u MAXLEN 0 1-1 f v
XLEN u
EXISTS u
XINFO STREAM u
`)
	})
	// Small nodes: the node limits are honoured.
	setConfig(t, p, e, "stream-node-max-entries", "3")
	setConfig(t, p, e, "stream-node-max-bytes", "60")
	bothProtocols(t, p, func(int) {
		checkScript(t, p, fill("s", 1, 40)+`
XINFO STREAM s
XADD s 41-1 long "`+strings.Repeat("v", 100)+`"
XADD s 42-1 f v
XINFO STREAM s
MEMORY USAGE s
XTRIM s MAXLEN ~ 30
XLEN s
XTRIM s MAXLEN ~ 30 LIMIT 2
XLEN s
XTRIM s MINID ~ 20-5 LIMIT 3
XLEN s
XINFO STREAM s
MEMORY USAGE s SAMPLES 0
`)
	})
	setConfig(t, p, e, "stream-node-max-entries", "0")
	setConfig(t, p, e, "stream-node-max-bytes", "0")
	bothProtocols(t, p, func(int) {
		checkScript(t, p, fill("s", 1, 300)+`
XINFO STREAM s
XADD s MAXLEN ~ 10 301-1 f v
XLEN s
MEMORY USAGE s
`)
	})
}

// sameButTimes compares two replies exactly, except for the times of
// consumer groups, which may differ by up to a second: the value after an
// "idle" or "seen-time" field, the idle or delivery time of a pending
// entry ([id consumer time count] or [id time count]), and unix times in
// ms.
func sameButTimes(a, b resp.Value) bool {
	return sameValue(a, b, false)
}

func sameValue(a, b resp.Value, timeLike bool) bool {
	if a.Type != b.Type || a.IsNull != b.IsNull || len(a.Elems) != len(b.Elems) {
		return false
	}
	if a.Type == ':' {
		d := a.Int - b.Int
		if timeLike || (a.Int > 1e12 && b.Int > 1e12) {
			return d <= 1000 && d >= -1000
		}
		return d == 0
	}
	if string(a.Str) != string(b.Str) {
		return false
	}
	isID := func(v resp.Value) bool {
		ms, seq, ok := strings.Cut(string(v.Str), "-")
		return v.Type == '$' && ok && ms != "" && seq != "" && strings.Trim(ms+seq, "0123456789") == ""
	}
	times := map[int]bool{}
	el := a.Elems
	for i := 0; i+1 < len(el); i++ {
		if el[i].Type == '$' && (string(el[i].Str) == "idle" || string(el[i].Str) == "seen-time") {
			times[i+1] = true
		}
	}
	if len(el) == 4 && isID(el[0]) && el[1].Type == '$' && el[2].Type == ':' {
		times[2] = true
	}
	if len(el) == 3 && isID(el[0]) && el[1].Type == ':' && el[2].Type == ':' {
		times[1] = true
	}
	for i := range el {
		if !sameValue(el[i], b.Elems[i], times[i]) {
			return false
		}
	}
	return true
}

func TestStreamGroupsFidelity(t *testing.T) {
	p, _ := newPair(t)
	checkScriptBoth(t, p, `
XGROUP CREATE s g $
XGROUP CREATE s g $ MKSTREAM
XGROUP CREATE s g $ MKSTREAM
XGROUP CREATE s g 0
XINFO GROUPS s
XINFO STREAM s
XADD s 1-1 a 1
XADD s 1-2 a 2
XADD s 2-1 b 3
XADD s 3-1 a 4 b 5
XADD s 4-1 a 6
XINFO GROUPS s
XGROUP CREATE s g2 0
XGROUP CREATE s g3 1-2 ENTRIESREAD 2
XGROUP CREATE s g4 -
XGROUP CREATE s g4 +
XGROUP CREATE s g4 x
XGROUP CREATE s g4 $ ENTRIESREAD -2
XGROUP CREATE s g4 $ ENTRIESREAD -1
XGROUP CREATE s g5 $ ENTRIESREAD x
XGROUP CREATE s g5 $ ENTRIESREAD
XGROUP CREATE s g5 $ FOO
XGROUP CREATE s g5 $ MKSTREAM ENTRIESREAD 1 MKSTREAM
XGROUP CREATE s g5 $ MKSTREAM MKSTREAM MKSTREAM MKSTREAM
XGROUP CREATE s g6 3
XGROUP CREATE s g7 3-1 entriesread 10
XINFO GROUPS s
XINFO STREAM s
XREADGROUP GROUP g2 c1 COUNT 2 STREAMS s >
XINFO GROUPS s
XPENDING s g2
@XPENDING s g2 - + 10
@XPENDING s g2 - + 10 c1
@XPENDING s g2 - + 10 c2
@XINFO CONSUMERS s g2
XREADGROUP GROUP g2 c2 STREAMS s >
XREADGROUP GROUP g2 c2 STREAMS s >
XPENDING s g2
@XPENDING s g2 - + 1
@XPENDING s g2 (1-1 + 2
@XPENDING s g2 - (3-1 10
@XPENDING s g2 - + 0
@XPENDING s g2 - + -1
@XPENDING s g2 IDLE 0 - + 10
@XPENDING s g2 IDLE 100000 - + 10
@XPENDING s g2 IDLE 0 - + 10 c1
XPENDING s g2 IDLE x - + 10
XPENDING s g2 IDLE 0 - +
XPENDING s g2 - + x
XPENDING s g2 x + 10
XPENDING s g2 - x 10
XPENDING s g2 (- + 10
XPENDING s g2 - (0 10
XPENDING s g2 -
XPENDING s g2 - +
@XPENDING s g2 - + 10 c1 extra
@XPENDING s g2 IDLE 0 - + 10 c1 extra
XPENDING s nog
XPENDING s nog - + 10
XPENDING nokey g
XPENDING nokey g x + 10
@XREADGROUP GROUP g2 c1 STREAMS s 0
@XREADGROUP GROUP g2 c1 COUNT 1 STREAMS s 0
@XREADGROUP GROUP g2 c1 STREAMS s 1-1
@XREADGROUP GROUP g2 c2 STREAMS s 0-0
@XPENDING s g2 - + 10
XREADGROUP GROUP g2 c3 STREAMS s 0
@XINFO CONSUMERS s g2
XACK s g2 1-1
XACK s g2 1-1 1-2 9-9
XACK s g2 x
XACK s g2 1-1 x
XACK s nog 1-1
XACK nokey g 1-1
XACK s g2 -
XPENDING s g2
XDEL s 2-1
@XREADGROUP GROUP g2 c2 STREAMS s 0
XINFO GROUPS s
XGROUP SETID s g2 0
XINFO GROUPS s
@XREADGROUP GROUP g2 c1 STREAMS s >
XPENDING s g2
XGROUP SETID s g2 $
XGROUP SETID s g2 - ENTRIESREAD 0
XGROUP SETID s g2 + ENTRIESREAD -1
XINFO GROUPS s
XGROUP SETID s g2 1-2 ENTRIESREAD 2
XINFO GROUPS s
XGROUP SETID s g2 1-2 ENTRIESREAD -3
XGROUP SETID s g2 1-2 ENTRIESREAD x
XGROUP SETID s g2 1-2 FOO 1
XGROUP SETID s g2 1-2 ENTRIESREAD
XGROUP SETID s g2 x
XGROUP SETID s nog 1-2
XGROUP SETID nokey g 0
XGROUP CREATECONSUMER s g2 c9
XGROUP CREATECONSUMER s g2 c9
XGROUP CREATECONSUMER s nog c9
XGROUP CREATECONSUMER nokey g c9
XGROUP CREATECONSUMER s g2
XGROUP CREATECONSUMER s g2 c9 extra
@XINFO CONSUMERS s g2
XGROUP DELCONSUMER s g2 c1
XGROUP DELCONSUMER s g2 c1
XGROUP DELCONSUMER s nog c1
XGROUP DELCONSUMER nokey g c1
XPENDING s g2
XGROUP DESTROY s g2
XGROUP DESTROY s g2
XGROUP DESTROY nokey g2
XGROUP DESTROY s g2 extra
XGROUP DESTROY s
XINFO GROUPS s
XGROUP HELP
XGROUP HELP extra
XGROUP
XGROUP FOO
XGROUP FOO s g
XGROUP CREATE s
XGROUP SETID s g
SET str x
XGROUP CREATE str g $
XGROUP CREATE str g $ MKSTREAM
XGROUP DESTROY str g
XREADGROUP GROUP g c STREAMS str >
XINFO CONSUMERS s nog
`)
}

func TestStreamClaimFidelity(t *testing.T) {
	p, _ := newPair(t)
	checkScriptBoth(t, p, `
XADD s 1-1 a 1
XADD s 2-1 a 2
XADD s 3-1 a 3
XADD s 4-1 a 4
XADD s 5-1 a 5
XGROUP CREATE s g 0
XREADGROUP GROUP g c1 COUNT 3 STREAMS s >
XREADGROUP GROUP g c2 STREAMS s >
XCLAIM s g c3 0 1-1
@XPENDING s g - + 10
XCLAIM s g c3 0 1-1 2-1 JUSTID
XCLAIM s g c3 100000 3-1
XCLAIM s g c3 0 3-1 IDLE 5000
@XPENDING s g - + 10
XCLAIM s g c3 0 3-1 TIME 1000 RETRYCOUNT 7
@XPENDING s g - + 10
XCLAIM s g c3 0 3-1 TIME 99999999999999 RETRYCOUNT 0 JUSTID
@XPENDING s g - + 10
XCLAIM s g c3 0 3-1 IDLE -5 JUSTID
XCLAIM s g c3 -1 4-1 JUSTID
XCLAIM s g c3 0 9-1 JUSTID
XCLAIM s g c3 0 9-1 FORCE JUSTID
XDEL s 5-1
XCLAIM s g c3 0 5-1
XPENDING s g
XCLAIM s g c3 0 5-1 FORCE
XADD s 6-1 a 6
XCLAIM s g c3 0 6-1 FORCE
XCLAIM s g c3 0 6-1 FORCE LASTID 7-0
XINFO GROUPS s
XCLAIM s g c3 0 6-1 LASTID 2-0
XINFO GROUPS s
XCLAIM s g c3 0 x
XCLAIM s g c3 x 1-1
XCLAIM s g c3 0 1-1 FOO
XCLAIM s g c3 0 1-1 IDLE
XCLAIM s g c3 0 1-1 IDLE x
XCLAIM s g c3 0 1-1 TIME x
XCLAIM s g c3 0 1-1 RETRYCOUNT x
XCLAIM s g c3 0 1-1 LASTID x
XCLAIM s g c3 0 1-1 LASTID -
XCLAIM s g c3 0 1-1 x 2-1
XCLAIM s nog c3 0 1-1
XCLAIM nokey g c3 0 1-1
XCLAIM s g c4 0 1-1 JUSTID FORCE
@XINFO CONSUMERS s g
XCLAIM s g c5 100000 1-1
@XINFO CONSUMERS s g
@XPENDING s g - + 10
XAUTOCLAIM s g c1 0 0
XAUTOCLAIM s g c1 0 0 COUNT 1
XAUTOCLAIM s g c1 0 0 COUNT 2 JUSTID
XAUTOCLAIM s g c1 0 3-1 JUSTID
XAUTOCLAIM s g c1 0 (3-1 JUSTID
XAUTOCLAIM s g c2 100000 0
XAUTOCLAIM s g c2 -5 0 COUNT 1
XAUTOCLAIM s g c2 0 0 COUNT 0
XAUTOCLAIM s g c2 0 0 COUNT -1
XAUTOCLAIM s g c2 0 0 COUNT x
XAUTOCLAIM s g c2 0 0 COUNT 1152921504606846975
XAUTOCLAIM s g c2 0 0 COUNT 576460752303423488
XAUTOCLAIM s g c2 0 0 COUNT
XAUTOCLAIM s g c2 0 0 FOO
XAUTOCLAIM s g c2 x 0
XAUTOCLAIM s g c2 0 x
XAUTOCLAIM s g c2 0 (18446744073709551615-18446744073709551615
XAUTOCLAIM s nog c2 0 0
XAUTOCLAIM nokey g c2 0 0
XAUTOCLAIM nokey g c2 0 x
XDEL s 1-1 3-1
XAUTOCLAIM s g c2 0 0 COUNT 1
XAUTOCLAIM s g c2 0 0 COUNT 1
XAUTOCLAIM s g c2 0 0
XPENDING s g
@XINFO STREAM s FULL
@XINFO STREAM s FULL COUNT 1
SET str x
XCLAIM str g c 0 1-1
XAUTOCLAIM str g c 0 0
`)
	// Many deleted pending entries: XAUTOCLAIM's COUNT bounds the work.
	var b strings.Builder
	for i := 1; i <= 30; i++ {
		b.WriteString("XADD t " + itoa(i) + "-1 f v\n")
	}
	b.WriteString("XGROUP CREATE t g 0\nXREADGROUP GROUP g c STREAMS t >\n")
	for i := 1; i <= 30; i += 2 {
		b.WriteString("XDEL t " + itoa(i) + "-1\n")
	}
	checkScriptBoth(t, p, b.String()+`
XAUTOCLAIM t g d 0 0 COUNT 3 JUSTID
XAUTOCLAIM t g d 100000 0 COUNT 2 JUSTID
XAUTOCLAIM t g d 100000 0 COUNT 20 JUSTID
XAUTOCLAIM t g d 0 0 COUNT 100 JUSTID
XPENDING t g
`)
}

func TestStreamReadFidelity(t *testing.T) {
	p, _ := newPair(t)
	checkScriptBoth(t, p, `
XREAD STREAMS s 0
XREAD STREAMS s $
XADD s 1-1 a 1
XADD s 2-1 a 2
XADD t 1-1 b 1
XREAD STREAMS s 0
XREAD STREAMS s t 0 0
XREAD STREAMS s t 1 0
XREAD STREAMS s t 2-1 1-1
XREAD COUNT 1 STREAMS s t 0 0
XREAD COUNT 0 STREAMS s t 0 0
XREAD COUNT -3 STREAMS s t 0 0
XREAD COUNT 1 COUNT 2 STREAMS s 0
XREAD STREAMS s s 0 1-1
XREAD STREAMS s nokey t 0 0 0
XREAD STREAMS s $
XREAD STREAMS s -
XREAD STREAMS s +
XREAD STREAMS s >
XREAD STREAMS s x
XREAD STREAMS s
XREAD STREAMS s t 0
XREAD STREAMS
XREAD COUNT x STREAMS s 0
XREAD COUNT
XREAD s 0
XREAD FOO STREAMS s 0
XREAD GROUP g c STREAMS s 0
XREAD NOACK STREAMS s 0
XREAD BLOCK x STREAMS s 0
XREAD BLOCK -1 STREAMS s 0
XREAD BLOCK 0 STREAMS s 0
XREAD BLOCK 10 COUNT 1 STREAMS s 0
MULTI
XREAD BLOCK 0 STREAMS s $
EXEC
SET str x
XREAD STREAMS str 0
XREAD STREAMS s str 0 0
XREAD STREAMS nokey str 0 0
XDEL s 2-1
XREAD STREAMS s 1-1
XGROUP CREATE s g 0
XREADGROUP GROUP g c STREAMS s >
XREADGROUP GROUP g c STREAMS s >
XREADGROUP GROUP g c STREAMS s $
XREADGROUP GROUP g c STREAMS s -
XREADGROUP GROUP g c STREAMS s x
XREADGROUP GROUP g c STREAMS s t > >
XREADGROUP GROUP g c STREAMS nokey >
XREADGROUP GROUP nog c STREAMS s >
XREADGROUP GROUP g c STREAMS str >
XREADGROUP GROUP g c STREAMS s
XREADGROUP STREAMS s >
XREADGROUP GROUP g STREAMS s >
XREADGROUP GROUP g c
XREADGROUP GROUP g c NOACK STREAMS s 0
XREADGROUP GROUP g c FOO STREAMS s 0
XREADGROUP GROUP g c BLOCK x STREAMS s >
XADD s 3-1 a 3
XADD s 4-1 a 4
XREADGROUP GROUP g c NOACK COUNT 1 STREAMS s >
XPENDING s g
XREADGROUP GROUP g c2 NOACK STREAMS s >
XPENDING s g
XGROUP CREATE t g 0
XREADGROUP GROUP g c STREAMS s t > >
XREADGROUP GROUP g c STREAMS s t 0 >
XREADGROUP GROUP g c STREAMS s s > >
XADD s 5-1 a 5
XADD s 6-1 a 6
XREADGROUP GROUP g c COUNT 1 STREAMS s s > >
XREADGROUP GROUP g c2 STREAMS s s > 0
XREADGROUP GROUP g c BLOCK 10 STREAMS s >
MULTI
XREADGROUP GROUP g c BLOCK 0 STREAMS s >
EXEC
XINFO GROUPS s
`)
}

// TestStreamAutoIDFromClock checks the IDs XADD generates from the
// injected clock, their effects (the ID made explicit), and idle times.
func TestStreamAutoIDFromClock(t *testing.T) {
	clock := newFakeClock()
	e, c := newFakeEngine(t, clock)
	var effects []Effect
	e.SetEffectSink(func(unit []Effect) { effects = append(effects, unit...) })
	ms := clock.Now().UnixMilli()
	id := func(ms int64, seq int) string { return fmt.Sprintf("%d-%d", ms, seq) }
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"XADD", "s", "*", "f", "v"}, id(ms, 0)},
		{[]string{"XADD", "s", "*", "f", "v"}, id(ms, 1)},
		{[]string{"XADD", "s", fmt.Sprintf("%d-*", ms), "f", "v"}, id(ms, 2)},
		{[]string{"XADD", "s", fmt.Sprintf("%d-*", ms+5), "f", "v"}, id(ms+5, 0)},
		{[]string{"XADD", "s", "*", "f", "v"}, id(ms+5, 1)}, // the clock is behind the last ID
	}
	for _, s := range steps {
		if got := do(c, s.args...); got != s.want {
			t.Fatalf("%q = %s, want %s", s.args, got, s.want)
		}
	}
	clock.Advance(time.Second)
	if got, want := do(c, "XADD", "s", "*", "f", "v"), id(ms+1000, 0); got != want {
		t.Fatalf("after a second: %s, want %s", got, want)
	}
	if len(effects) != 6 || string(effects[0].Args[2]) != id(ms, 0) || string(effects[2].Args[2]) != id(ms, 2) {
		t.Fatalf("effects %v", effects)
	}
	do(c, "XGROUP", "CREATE", "s", "g", "0")
	do(c, "XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
	clock.Advance(1500 * time.Millisecond)
	v := c.Do("XPENDING", "s", "g", "-", "+", "10")
	if len(v.Elems) != 1 || v.Elems[0].Elems[2].Int != 1500 {
		t.Fatalf("XPENDING %v", v)
	}
	v = c.Do("XINFO", "CONSUMERS", "s", "g")
	if idle := v.Elems[0].Elems[5].Int; idle != 1500 {
		t.Fatalf("consumer idle %d", idle)
	}
}
