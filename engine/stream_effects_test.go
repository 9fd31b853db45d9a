package engine

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// TestStreamSideEffects compares, command by command, what the stream
// commands do besides replying: keyspace events, changes counted, hits
// and misses, the effects recorded (the AOF's commands on redis-server's
// side), and whether WATCH sees the key touched.
func TestStreamSideEffects(t *testing.T) {
	s := newSideEffects(t)
	runSideEffectScript(t, s, `
XADD s 1-1 a 1
XADD s 1-* a 2
XADD s 1-1 a 3
XADD s NOMKSTREAM 2-1 a 4
XADD nos NOMKSTREAM 2-1 a 4
XADD s MAXLEN 2 3-1 a 5
XADD s MAXLEN = 2 4-* a 6
XADD s MAXLEN ~ 1 5-1 a 7
XADD s MINID ~ 4 6-1 a 8
XADD s MINID 5 LIMIT 0 7-1 a 9
XADD s MAXLEN ~ 1 LIMIT 10 8-1 a 10
XLEN s
XRANGE s - +
XREVRANGE s + - COUNT 1
XRANGE nos - +
XDEL s 7-1 99-1
XDEL s 99-1
XDEL nos 1-1
XTRIM s MAXLEN 1
XTRIM s MAXLEN 5
XTRIM nos MAXLEN 5
XSETID s 100-0
XSETID s 100-0 ENTRIESADDED 50 MAXDELETEDID 99-0
XSETID s 1-0
XSETID nos 1-0
XGROUP CREATE s g 0
XGROUP CREATE s g 0
XGROUP CREATE nos g $ MKSTREAM
XGROUP CREATE nos2 g $
XGROUP CREATECONSUMER s g c1
XGROUP CREATECONSUMER s g c1
XADD s 101-1 f v
XADD s 102-1 f v
XADD s 103-1 f v
XREADGROUP GROUP g c1 COUNT 1 STREAMS s >
XREADGROUP GROUP g c2 STREAMS s >
XREADGROUP GROUP g c2 STREAMS s >
XREADGROUP GROUP g c3 NOACK STREAMS s >
XREADGROUP GROUP g c2 STREAMS s 0
XREAD STREAMS s 0
XACK s g 101-1
XACK s g 101-1
XACK s nog 101-1
XCLAIM s g c1 0 102-1
XCLAIM s g c4 0 102-1 JUSTID
XCLAIM s g c4 999999 102-1
XCLAIM s g c1 0 99-1 FORCE
XCLAIM s g c1 0 103-1 LASTID 200-0
XCLAIM s g c1 999999 103-1 LASTID 300-0
XDEL s 103-1
XCLAIM s g c1 0 103-1
XAUTOCLAIM s g c5 0 0
XAUTOCLAIM s g c5 0 0 JUSTID
XADD s 301-1 f v
XREADGROUP GROUP g c5 STREAMS s >
XDEL s 301-1
XAUTOCLAIM s g c6 0 0 COUNT 1
XPENDING s g
XINFO GROUPS s
XINFO STREAM s
XGROUP SETID s g 0
XGROUP SETID s g $ ENTRIESREAD 3
XGROUP SETID s nog 0
XGROUP DELCONSUMER s g c5
XGROUP DELCONSUMER s g c5
XGROUP DESTROY s g
XGROUP DESTROY s g
XREADGROUP GROUP g c STREAMS nos >
SET str x
XADD str 1-1 f v
XGROUP CREATE str g $
`)
}

func TestStreamSideEffectsMore(t *testing.T) {
	s := newSideEffects(t)
	runSideEffectScript(t, s, `
XADD s 1-1 a 1
XADD s 2-1 a 1
XDEL s 2-1
XSETID s 1-5
XSETID s 1-0
XSETID s 5-0 MAXDELETEDID 4-0
XSETID s 3-0
XSETID s 9-0 ENTRIESADDED 0
XSETID s 9-0 ENTRIESADDED 1
XDEL s 1-1
XSETID s 3-0
XSETID s 5-0
XSETID s 6-0 MAXDELETEDID 7-0
XADD s 10-1 a 1
XADD s 11-1 a 1
XGROUP CREATE s g 0
XREADGROUP GROUP g c NOACK COUNT 1 STREAMS s >
XREADGROUP GROUP g c NOACK STREAMS s >
XADD s 12-1 a 1
XREADGROUP GROUP g c NOACK STREAMS s >
XGROUP SETID s g 0
XREADGROUP GROUP g c STREAMS s >
XGROUP SETID s g 0
XREADGROUP GROUP g d STREAMS s >
XACK s g 10-1 11-1 12-1
XGROUP CREATE s g2 $ ENTRIESREAD 5
XREADGROUP GROUP g2 newc STREAMS s 0
XREADGROUP GROUP g2 newc2 STREAMS s >
XINFO GROUPS s
XREADGROUP GROUP g2 newc3 NOACK STREAMS s 0
XGROUP CREATE t g $ MKSTREAM
XGROUP CREATE t g2 $ MKSTREAM
`)
}

// TestStreamEffectsReplay runs random stream writes on one engine (auto
// IDs, approximate trims, group reads and claims included) and replays
// the effects it records on another, as an AOF would be loaded: both must
// end with the same streams, groups and pending entries.
func TestStreamEffectsReplay(t *testing.T) {
	src, dst := newTestEngine(t), newTestEngine(t)
	var effects []Effect
	src.SetEffectSink(func(unit []Effect) { effects = append(effects, unit...) })
	for _, e := range []*Engine{src, dst} {
		if err := e.cfg.set(e, "stream-node-max-entries", "4"); err != nil {
			t.Fatal(err)
		}
	}
	c := src.NewClient(ClientOptions{})
	replay := dst.NewClient(ClientOptions{})
	replay.replaying = true
	rng := rand.New(rand.NewPCG(11, 12))
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	for i := 0; i < 3000; i++ {
		key := pick("s", "t")
		var args []string
		switch rng.IntN(12) {
		case 0, 1, 2:
			args = []string{"XADD", key}
			switch rng.IntN(4) {
			case 0:
				args = append(args, "MAXLEN", "~", fmt.Sprint(rng.IntN(20)))
			case 1:
				args = append(args, "MAXLEN", "~", fmt.Sprint(rng.IntN(20)), "LIMIT", fmt.Sprint(rng.IntN(8)))
			case 2:
				args = append(args, "MINID", "~", fmt.Sprint(src.now-int64(rng.IntN(3))))
			}
			args = append(args, pick("*", fmt.Sprintf("%d-*", src.now+1)), "f", fmt.Sprint(i))
		case 3:
			args = []string{"XTRIM", key, pick("MAXLEN", "MINID"), pick("~", "="), fmt.Sprint(rng.IntN(10))}
		case 4:
			args = []string{"XGROUP", "CREATE", key, pick("g1", "g2"), pick("$", "0"), "MKSTREAM"}
		case 5, 6:
			args = []string{"XREADGROUP", "GROUP", pick("g1", "g2"), pick("c1", "c2", "c3"), "COUNT", fmt.Sprint(1 + rng.IntN(3))}
			if rng.IntN(3) == 0 {
				args = append(args, "NOACK")
			}
			args = append(args, "STREAMS", key, pick(">", ">", "0"))
		case 7:
			args = []string{"XAUTOCLAIM", key, pick("g1", "g2"), pick("c1", "c2", "c4"), "0", "0", "COUNT", fmt.Sprint(1 + rng.IntN(3))}
			if rng.IntN(2) == 0 {
				args = append(args, "JUSTID")
			}
		case 8:
			args = []string{"XACK", key, pick("g1", "g2"), fmt.Sprintf("%d-%d", src.now, rng.IntN(3))}
		case 9:
			args = []string{"XDEL", key, fmt.Sprintf("%d-%d", src.now, rng.IntN(5))}
		case 10:
			args = []string{"XGROUP", pick("DELCONSUMER", "CREATECONSUMER"), key, pick("g1", "g2"), pick("c1", "c2", "c3")}
		case 11:
			args = []string{"XGROUP", "SETID", key, pick("g1", "g2"), pick("$", "0")}
		}
		c.Do(args...)
	}
	for _, eff := range effects {
		args := stringsOf(eff.Args)
		if args[0] == "MULTI" || args[0] == "EXEC" {
			continue
		}
		if v := replay.Do(args...); v.Type == '-' {
			t.Fatalf("replaying %q: %s", args, v.Str)
		}
	}
	t.Logf("%d effects", len(effects))
	for _, key := range []string{"s", "t"} {
		if got, want := dumpStream(dst.dbs[0], key), dumpStream(src.dbs[0], key); got != want {
			t.Errorf("replayed stream %s differs\n  source:   %s\n  replayed: %s", key, want, got)
		}
	}
}

// dumpStream renders a stream and its groups as text, leaving out the
// times consumers were last seen (they are the replaying side's) and the
// consumers without pending entries: Redis 7.0 propagates a consumer's
// creation only through the XCLAIMs of its deliveries (and for NOACK
// reads), so a consumer that only read its empty history is not
// replayed, there as here.
func dumpStream(db *DB, key string) string {
	o, ok := db.keys.Get(key)
	if !ok {
		return "(none)"
	}
	s := o.v.(*streamValue)
	var b strings.Builder
	fmt.Fprintf(&b, "len=%d last=%v first=%v maxdel=%v added=%d entries:", s.length, s.lastID, s.firstID, s.maxDeletedID, s.entriesAdded)
	for _, e := range s.collect(minStreamID, maxStreamID, 0, false) {
		fmt.Fprintf(&b, " %v", e.id)
		e.eachField(func(f, v []byte) { fmt.Fprintf(&b, " %s=%s", f, v) })
	}
	if s.groups != nil {
		gi := s.groups.iter()
		for gi.First(); gi.Valid(); gi.Next() {
			g := gi.Value()
			fmt.Fprintf(&b, " group %s last=%v read=%d pel:", gi.Key(), g.lastID, g.entriesRead)
			pi := g.pel.iter()
			for pi.First(); pi.Valid(); pi.Next() {
				n := pi.Value()
				fmt.Fprintf(&b, " %v/%s/%d/%d", streamIDFromKey(pi.Key()), n.consumer.name, n.deliveryCount, n.deliveryTime)
			}
			ci := g.consumers.iter()
			for ci.First(); ci.Valid(); ci.Next() {
				if n := ci.Value().pel.Len(); n > 0 {
					fmt.Fprintf(&b, " consumer %s:%d", ci.Key(), n)
				}
			}
		}
	}
	return b.String()
}

// TestStreamBlockedReadEffects checks what a blocked XREADGROUP records
// when an XADD serves it: the delivery as an XCLAIM (a NOACK read: the
// consumer's creation and the group's new last ID), as Redis's AOF shows.
func TestStreamBlockedReadEffects(t *testing.T) {
	e := newTestEngine(t)
	var effects [][]string
	e.SetEffectSink(func(unit []Effect) {
		for _, eff := range unit {
			if args := stringsOf(eff.Args); args[0] != "MULTI" && args[0] != "EXEC" {
				effects = append(effects, args)
			}
		}
	})
	w := e.NewClient(ClientOptions{})
	w.Do("XADD", "s", "1-1", "a", "1")
	w.Do("XGROUP", "CREATE", "s", "g", "$")
	for _, reader := range [][]string{
		{"XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">"},
		{"XREADGROUP", "GROUP", "g", "c2", "NOACK", "BLOCK", "0", "STREAMS", "s", ">"},
	} {
		r := e.NewClient(ClientOptions{})
		if _, out, _ := r.Exchange(resp.AppendCommand(nil, bytesOf(reader)...), nil); len(out) != 0 {
			t.Fatalf("%q answered at once: %q", reader, out)
		}
	}
	effects = nil
	w.Do("XADD", "s", "2-1", "a", "2")
	got := fmt.Sprint(effects)
	if !strings.HasPrefix(got, "[[XADD s 2-1 a 2] [XCLAIM s g c1 0 2-1 TIME ") ||
		!strings.HasSuffix(got, " RETRYCOUNT 1 FORCE JUSTID LASTID 2-1]]") {
		t.Fatalf("effects of the first served read: %s", got)
	}
	effects = nil
	w.Do("XADD", "s", "3-1", "a", "3")
	if got, want := fmt.Sprint(effects), "[[XADD s 3-1 a 3] [XGROUP CREATECONSUMER s g c2] [XGROUP SETID s g 3-1 ENTRIESREAD 3]]"; got != want {
		t.Fatalf("effects of the NOACK read: %s, want %s", got, want)
	}
}

func bytesOf(args []string) [][]byte {
	out := make([][]byte, len(args))
	for i, a := range args {
		out[i] = []byte(a)
	}
	return out
}
