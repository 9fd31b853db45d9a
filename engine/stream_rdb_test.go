package engine

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/redwasm/redwasm/engine/rdb"
	"github.com/redwasm/redwasm/engine/resp"
)

// dumpedStream is a stream as Redis 7.0 serialises it (RDB type 19,
// stream listpacks 2), the layout the engine's model mirrors.
type dumpedStream struct {
	nodes  [][2][]byte // master ID key, listpack
	meta   [8]uint64   // length, last ID, first ID, max deleted ID (ms, seq each), entries added
	groups []dumpedGroup
}

type dumpedGroup struct {
	name        string
	lastID      streamID
	entriesRead uint64 // as stored: -1 is 2^64-1
	pel         []dumpedPending
	consumers   []dumpedConsumer
}

type dumpedPending struct {
	id    streamID
	time  int64
	count uint64
}

type dumpedConsumer struct {
	name string
	seen int64
	pel  []streamID
}

// parseStreamDump reads a DUMP payload of a stream.
func parseStreamDump(t *testing.T, payload []byte) dumpedStream {
	t.Helper()
	typ, r, err := rdb.OpenDump(payload)
	if err != nil || typ != rdb.TypeStreamListpacks2 {
		t.Fatalf("DUMP: type %d, %v", typ, err)
	}
	must := func(v uint64, err error) uint64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	str := func() []byte {
		t.Helper()
		b, err := r.ReadString()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	id := func() streamID { return streamID{must(r.ReadLength()), must(r.ReadLength())} }
	rawID := func() streamID {
		b, err := r.ReadRaw(16)
		if err != nil {
			t.Fatal(err)
		}
		return streamIDFromKey(b)
	}
	msTime := func() int64 {
		v, err := r.ReadMillisecondTime()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	var d dumpedStream
	for n := must(r.ReadLength()); n > 0; n-- {
		key := str()
		d.nodes = append(d.nodes, [2][]byte{key, str()})
	}
	for i := range d.meta {
		d.meta[i] = must(r.ReadLength())
	}
	for n := must(r.ReadLength()); n > 0; n-- {
		g := dumpedGroup{name: string(str()), lastID: id(), entriesRead: must(r.ReadLength())}
		for p := must(r.ReadLength()); p > 0; p-- {
			g.pel = append(g.pel, dumpedPending{rawID(), msTime(), must(r.ReadLength())})
		}
		for k := must(r.ReadLength()); k > 0; k-- {
			c := dumpedConsumer{name: string(str()), seen: msTime()}
			for p := must(r.ReadLength()); p > 0; p-- {
				c.pel = append(c.pel, rawID())
			}
			g.consumers = append(g.consumers, c)
		}
		d.groups = append(d.groups, g)
	}
	return d
}

// asDumped renders the engine's stream in the same shape.
func (s *streamValue) asDumped() dumpedStream {
	var d dumpedStream
	it := s.nodes.iter()
	for it.First(); it.Valid(); it.Next() {
		d.nodes = append(d.nodes, [2][]byte{clone(it.Key()), it.Value().lp})
	}
	d.meta = [8]uint64{s.length, s.lastID.ms, s.lastID.seq, s.firstID.ms, s.firstID.seq, s.maxDeletedID.ms, s.maxDeletedID.seq, s.entriesAdded}
	if s.groups == nil {
		return d
	}
	gi := s.groups.iter()
	for gi.First(); gi.Valid(); gi.Next() {
		g := gi.Value()
		dg := dumpedGroup{name: string(gi.Key()), lastID: g.lastID, entriesRead: uint64(g.entriesRead)}
		pi := g.pel.iter()
		for pi.First(); pi.Valid(); pi.Next() {
			dg.pel = append(dg.pel, dumpedPending{streamIDFromKey(pi.Key()), pi.Value().deliveryTime, pi.Value().deliveryCount})
		}
		ci := g.consumers.iter()
		for ci.First(); ci.Valid(); ci.Next() {
			c := ci.Value()
			dc := dumpedConsumer{name: c.name, seen: c.seenTime}
			ki := c.pel.iter()
			for ki.First(); ki.Valid(); ki.Next() {
				dc.pel = append(dc.pel, streamIDFromKey(ki.Key()))
			}
			dg.consumers = append(dg.consumers, dc)
		}
		d.groups = append(d.groups, dg)
	}
	return d
}

// compareDumped compares two streams in RDB shape, node bytes included;
// times may differ by a second.
func compareDumped(real, mine dumpedStream) string {
	near := func(a, b int64) bool { return a-b <= 1000 && b-a <= 1000 }
	if len(real.nodes) != len(mine.nodes) {
		return fmt.Sprintf("%d nodes, want %d", len(mine.nodes), len(real.nodes))
	}
	for i := range real.nodes {
		if !bytes.Equal(real.nodes[i][0], mine.nodes[i][0]) || !bytes.Equal(real.nodes[i][1], mine.nodes[i][1]) {
			return fmt.Sprintf("node %d:\n  redis:   %x %q\n  redwasm: %x %q", i, real.nodes[i][0], real.nodes[i][1], mine.nodes[i][0], mine.nodes[i][1])
		}
	}
	if real.meta != mine.meta {
		return fmt.Sprintf("metadata %v, want %v", mine.meta, real.meta)
	}
	if len(real.groups) != len(mine.groups) {
		return fmt.Sprintf("%d groups, want %d", len(mine.groups), len(real.groups))
	}
	for i, rg := range real.groups {
		mg := mine.groups[i]
		if rg.name != mg.name || rg.lastID != mg.lastID || rg.entriesRead != mg.entriesRead || len(rg.pel) != len(mg.pel) || len(rg.consumers) != len(mg.consumers) {
			return fmt.Sprintf("group %+v, want %+v", mg, rg)
		}
		for j, rp := range rg.pel {
			if mp := mg.pel[j]; rp.id != mp.id || rp.count != mp.count || !near(rp.time, mp.time) {
				return fmt.Sprintf("group %s pending %+v, want %+v", rg.name, mp, rp)
			}
		}
		for j, rc := range rg.consumers {
			if mc := mg.consumers[j]; rc.name != mc.name || !near(rc.seen, mc.seen) || fmt.Sprint(rc.pel) != fmt.Sprint(mc.pel) {
				return fmt.Sprintf("group %s consumer %+v, want %+v", rg.name, mc, rc)
			}
		}
	}
	return ""
}

// TestStreamMatchesRedisDump builds streams on both sides and compares
// the engine's model with what Redis serialises: node keys and listpacks
// byte for byte, the metadata, the groups, pending entries and consumers.
func TestStreamMatchesRedisDump(t *testing.T) {
	p, e := newPair(t)
	for _, c := range []struct {
		entries, bytes string
		trims          bool
	}{{"100", "4096", false}, {"100", "4096", true}, {"5", "200", true}, {"1", "0", true}} {
		setConfig(t, p, e, "stream-node-max-entries", c.entries)
		setConfig(t, p, e, "stream-node-max-bytes", c.bytes)
		rng := rand.New(rand.NewPCG(21, 22))
		p.Both("FLUSHALL")
		ms := 0
		pick := func(s ...string) string { return s[rng.IntN(len(s))] }
		for i := 0; i < 1500; i++ {
			switch r := rng.IntN(20); {
			case r < 12:
				ms += rng.IntN(3)
				args := []string{"XADD", "s", fmt.Sprintf("%d-*", 1700000000000+ms)}
				for f := 0; f <= rng.IntN(3); f++ {
					args = append(args, pick("a", "b", "field", "12", "-4096", "9223372036854775807"),
						pick("v", "123", "", "-1", "x y z", fmt.Sprint(rng.Int64()), string(bytes.Repeat([]byte("long"), rng.IntN(40)))))
				}
				p.Check(args...)
			case r < 14:
				p.Check("XDEL", "s", fmt.Sprintf("%d-%d", 1700000000000+rng.IntN(ms+1), rng.IntN(3)))
			case r < 16 && !c.trims:
				p.Check("XDEL", "s", fmt.Sprintf("%d-%d", 1700000000000+rng.IntN(ms+1), rng.IntN(3)))
			case r < 15:
				p.Check("XTRIM", "s", "MAXLEN", pick("~", "="), fmt.Sprint(rng.IntN(900)))
			case r < 16:
				p.Check("XTRIM", "s", "MINID", pick("~", "="), fmt.Sprintf("%d", 1700000000000+ms-rng.IntN(600)))
			case r < 17:
				p.Check("XGROUP", "CREATE", "s", pick("g1", "g2"), pick("0", "$"))
			case r < 19:
				p.Check("XREADGROUP", "GROUP", pick("g1", "g2"), pick("c1", "c2"), "COUNT", fmt.Sprint(1+rng.IntN(5)), "STREAMS", "s", ">")
			default:
				p.Check("XACK", "s", pick("g1", "g2"), fmt.Sprintf("%d-%d", 1700000000000+rng.IntN(ms+1), rng.IntN(3)))
			}
		}
		raw, _ := p.Do("DUMP", "s")
		v, _, err := resp.ParseReply(raw)
		if err != nil {
			t.Fatal(err)
		}
		real := parseStreamDump(t, v.Str)
		var mine dumpedStream
		e.Do(func() { mine = e.dbs[0].peek([]byte("s")).(*streamValue).asDumped() })
		if msg := compareDumped(real, mine); msg != "" {
			t.Errorf("entries=%s bytes=%s: %s", c.entries, c.bytes, msg)
		}
		t.Logf("entries=%s bytes=%s: %d nodes, %d groups compared", c.entries, c.bytes, len(real.nodes), len(real.groups))
	}
}
