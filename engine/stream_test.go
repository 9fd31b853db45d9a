package engine

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/rdb"
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
	sc.Buffer(nil, 1<<24)
	defer func() {
		if err := sc.Err(); err != nil {
			t.Fatalf("script: %v", err)
		}
	}()
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

// TestStreamNodesAreRedisListpacks checks that every node of a stream,
// through appends, deletions and trims, is a valid listpack.
func TestStreamNodesAreRedisListpacks(t *testing.T) {
	s := newStream()
	lim := streamNodeLimits{maxBytes: 4096, maxEntries: 100}
	for i := 1; i <= 1000; i++ {
		pairs := [][]byte{[]byte("field"), []byte(strconv.Itoa(i))}
		if i%7 == 0 {
			pairs = append(pairs, []byte("extra"), bytes.Repeat([]byte("v"), i%300))
		}
		id, msg := s.nextID(0, &streamID{ms: uint64(i)}, false)
		if msg != "" || !s.append(id, pairs, lim) {
			t.Fatalf("append %d: %s", i, msg)
		}
	}
	for i := 1; i <= 1000; i += 3 {
		s.delete(streamID{ms: uint64(i)})
	}
	s.trim(&streamTrimArgs{strategy: trimMaxLen, maxLen: 500})
	it := s.nodes.iter()
	nodes := 0
	for it.First(); it.Valid(); it.Next() {
		if _, err := rdb.ParseListpack(it.Value().lp); err != nil {
			t.Fatalf("node %x: %v", it.Key(), err)
		}
		nodes++
	}
	if s.length != 500 || nodes == 0 {
		t.Fatalf("length %d, %d nodes", s.length, nodes)
	}
}
