package engine

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// accountingWorkload is a random command over a few keys of every type,
// in two databases, including the keyspace commands that move, copy,
// rename and drop keys.
func accountingWorkload(r *rand.Rand) []string {
	key := func(prefix string) string { return prefix + strconv.Itoa(r.IntN(12)) }
	val := func() string { return strings.Repeat("abcdefgh", r.IntN(40)) + strconv.Itoa(r.IntN(1000)) }
	n := func(k int) string { return strconv.Itoa(r.IntN(k)) }
	switch r.IntN(30) {
	case 0:
		return []string{"SET", key("s"), val()}
	case 1:
		return []string{"APPEND", key("s"), val()}
	case 2:
		return []string{"SETRANGE", key("s"), n(200), val()}
	case 3:
		return []string{"INCRBY", key("i"), n(100000)}
	case 4:
		return []string{"SETBIT", key("b"), n(5000), "1"}
	case 5:
		return []string{"RPUSH", key("l"), val(), val(), n(10)}
	case 6:
		return []string{"LPOP", key("l"), n(3)}
	case 7:
		return []string{"LSET", key("l"), "0", val()}
	case 8:
		return []string{"LTRIM", key("l"), "0", n(50)}
	case 9:
		args := []string{"HSET", key("h")}
		for range 1 + r.IntN(30) {
			args = append(args, "f"+n(600), val())
		}
		return args
	case 10:
		return []string{"HDEL", key("h"), "f" + n(600), "f" + n(600)}
	case 11:
		return []string{"HINCRBY", key("h"), "f" + n(600), n(100)}
	case 12:
		args := []string{"SADD", key("t")}
		for range 1 + r.IntN(30) {
			if r.IntN(2) == 0 {
				args = append(args, n(2000))
			} else {
				args = append(args, "m"+n(2000))
			}
		}
		return args
	case 13:
		return []string{"SREM", key("t"), n(2000), "m" + n(2000)}
	case 14:
		args := []string{"ZADD", key("z")}
		for range 1 + r.IntN(30) {
			v := val()
			args = append(args, n(1000), "m"+n(400)+v[:min(len(v), r.IntN(20))])
		}
		return args
	case 15:
		return []string{"ZREMRANGEBYRANK", key("z"), "0", n(20)}
	case 16:
		return []string{"ZINCRBY", key("z"), "1.5", "m" + n(400)}
	case 17:
		return []string{"XADD", key("x"), "*", "f", val()}
	case 18:
		return []string{"XTRIM", key("x"), "MAXLEN", n(20)}
	case 19:
		return []string{"PFADD", key("p"), val(), val(), val()}
	case 20:
		return []string{"EXPIRE", key("s"), n(1000)}
	case 21:
		return []string{"DEL", key("l"), key("h")}
	case 22:
		return []string{"RENAME", key("h"), key("h")}
	case 23:
		return []string{"COPY", key("z"), key("z"), "REPLACE"}
	case 24:
		return []string{"MOVE", key("t"), n(2)}
	case 25:
		return []string{"SELECT", n(2)}
	case 26:
		if r.IntN(10) == 0 {
			return []string{"SWAPDB", "0", "1"}
		}
		return []string{"GETDEL", key("s")}
	case 27:
		if r.IntN(20) == 0 {
			return []string{"FLUSHDB"}
		}
		return []string{"SUNIONSTORE", key("t"), key("t"), key("t")}
	case 28:
		return []string{"LMOVE", key("l"), key("l"), "LEFT", "RIGHT"}
	}
	return []string{"RESTORE", key("r"), "0", "nonsense"} // an error: nothing changes
}

// TestAccountingInvariants runs a random workload and checks after every
// command that each database's count is the sum of its keys' counts, that
// small keys are counted exactly (their MEMORY USAGE plus the allocator's
// rounding), and that large ones stay close to a measure from scratch.
func TestAccountingInvariants(t *testing.T) {
	clock := newFakeClock()
	e, c := newFakeEngine(t, clock)
	r := rand.New(rand.NewPCG(7, 7))
	var maxDrift float64
	for i := range 20000 {
		cmd := accountingWorkload(r)
		c.Do(cmd...)
		if i%100 == 0 {
			clock.Advance(time.Second) // some TTLs pass
		}
		e.Do(func() {
			for _, db := range e.dbs {
				var sum, fresh int64
				db.keys.Each(func(key string, o object) bool {
					sum += o.memBytes
					exact := accountedSize(key, o.v)
					fresh += exact
					if elementCount(o.v) <= remeasureAlways && o.memBytes != exact {
						t.Fatalf("after %q: %s counted %d bytes, measures %d", cmd, key, o.memBytes, exact)
					}
					return true
				})
				if sum != db.mem {
					t.Fatalf("after %q: db%d counts %d bytes, its keys %d", cmd, db.id, db.mem, sum)
				}
				if fresh > 0 {
					maxDrift = max(maxDrift, float64(sum-fresh)/float64(fresh), float64(fresh-sum)/float64(fresh))
				}
			}
		})
	}
	if maxDrift > 0.15 {
		t.Errorf("a database's count drifted %.1f%% from a measure from scratch", 100*maxDrift)
	}
	t.Logf("largest drift from a measure from scratch: %.2f%%", 100*maxDrift)
	before := e.usedMemory()
	e.recountMemory()
	t.Logf("used_memory %d, recounted %d", before, e.usedMemory())
}

// TestUsedMemoryParts checks used_memory's composition and its INFO
// fields on an engine with known contents.
func TestUsedMemoryParts(t *testing.T) {
	e := newTestEngine(t)
	c := e.NewClient(ClientOptions{})
	empty := e.usedMemory()
	if want := int64(usedMemoryStartup) + c.clientMemory(); empty != want {
		t.Fatalf("empty engine with one client: used_memory %d, want %d", empty, want)
	}
	other := e.NewClient(ClientOptions{})
	if got := e.usedMemory() - empty; got != other.clientMemory() {
		t.Errorf("a second client added %d bytes, want %d", got, other.clientMemory())
	}
	other.Close()
	if got := e.usedMemory(); got != empty {
		t.Errorf("after the client left: %d, want %d", got, empty)
	}

	c.Do("SET", "key", "value")
	withKey := e.usedMemory()
	// MEMORY USAGE, the entry's real allocation, the 4 buckets of a new
	// table.
	usage, _ := strconv.ParseInt(do(c, "MEMORY", "USAGE", "key"), 10, 64)
	if want := usage + entryAlloc - dictEntrySize + 4*dictPointerSize; withKey-empty != want {
		t.Errorf("one key added %d bytes, want %d", withKey-empty, want)
	}
	c.Do("EXPIRE", "key", "100")
	if got := e.usedMemory() - withKey; got != entryAlloc+4*dictPointerSize {
		t.Errorf("a TTL added %d bytes", got)
	}
	c.Do("FLUSHALL")
	if got := e.usedMemory(); got != empty {
		t.Errorf("after FLUSHALL: %d, want %d", got, empty)
	}

	// Pending output counts, in 16 KiB blocks past the reply buffer.
	sub := e.NewClient(ClientOptions{})
	sub.Do("SUBSCRIBE", "ch")
	base := e.usedMemory()
	c.Do("PUBLISH", "ch", strings.Repeat("x", 20000))
	if got := e.usedMemory() - base; got != replyBufferSize {
		t.Errorf("20 KB pending: %d bytes more", got)
	}

	mustOK(t, c, "CONFIG", "SET", "maxmemory", "10mb")
	for field, want := range map[string]string{
		"used_memory": strconv.FormatInt(e.usedMemory(), 10), "maxmemory": "10485760", "maxmemory_human": "10.00M",
		"used_memory_startup": strconv.Itoa(usedMemoryStartup), "mem_clients_normal": strconv.FormatInt(e.mem.clients, 10),
		"maxmemory_policy": "noeviction", "mem_not_counted_for_evict": "0",
	} {
		if got := infoValue(c, "memory", field); got != want {
			t.Errorf("INFO %s: %s, want %s", field, got, want)
		}
	}
}

// TestAccountingAfterLoad: a dataset loaded from an RDB file is counted
// as the same dataset written by commands.
func TestAccountingAfterLoad(t *testing.T) {
	e := newTestEngine(t)
	c := e.NewClient(ClientOptions{})
	for i := range 200 {
		k := strconv.Itoa(i)
		c.Do("SET", "s"+k, strings.Repeat("v", i))
		c.Do("RPUSH", "l"+strconv.Itoa(i%10), k)
		c.Do("HSET", "h"+strconv.Itoa(i%7), k, k)
		c.Do("EXPIRE", "s"+k, "1000")
	}
	// Counted from scratch, as a load counts: collections written one
	// element at a time are counted within a few percent only.
	e.Do(e.recountMemory)
	written := e.usedMemory()
	if got := do(c, "DEBUG", "RELOAD"); got != "OK" {
		t.Skipf("DEBUG RELOAD: %s", got)
	}
	if got := e.usedMemory(); got != written {
		t.Errorf("used_memory %d after reload, %d before", got, written)
	}
}

// TestMemoryUsageOfGrownStrings: strings grown in place keep the room
// Redis's sdsMakeRoomFor gives them (twice what they need, up to 1 MiB
// more), which MEMORY USAGE and used_memory count; strings made for a new
// key are made to measure.
func TestMemoryUsageOfGrownStrings(t *testing.T) {
	p, _ := newPair(t)
	check := func(key string) {
		t.Helper()
		p.Check("STRLEN", key)
		p.Check("MEMORY", "USAGE", key)
	}
	for _, cmds := range [][][]string{
		{{"SET", "k", "hello"}, {"APPEND", "k", "world"}},
		{{"SET", "k", "12345"}, {"APPEND", "k", "6"}, {"INCR", "k"}, {"APPEND", "k", "7"}},
		{{"SET", "k", ""}, {"APPEND", "k", "x"}},
		{{"APPEND", "k", ""}, {"APPEND", "k", "abc"}},
		{{"SETRANGE", "k", "99", "x"}, {"APPEND", "k", "x"}, {"SETRANGE", "k", "300", "y"}},
		{{"SETRANGE", "k", "0", "x"}, {"SETRANGE", "k", "699999", "x"}},
		{{"SETRANGE", "k", "699999", "x"}, {"APPEND", "k", "x"}, {"SETRANGE", "k", "1200000", "x"}},
		{{"SETBIT", "k", "100", "1"}, {"SETBIT", "k", "1000", "1"}, {"SETBIT", "k", "100000", "1"}},
		{{"SET", "k", strings.Repeat("x", 50)}, {"SETBIT", "k", "1000", "1"}},
		{{"SET", "k", "v"}, {"GETRANGE", "k", "0", "-1"}, {"APPEND", "k", strings.Repeat("x", 300)}},
	} {
		p.Check("DEL", "k")
		for _, cmd := range cmds {
			p.Check(cmd...)
			check("k")
		}
	}
	for i := range 200 {
		p.Check("APPEND", "log", strings.Repeat("y", i*7))
		check("log")
		p.Check("SETBIT", "bits", strconv.Itoa(i*i*8), "1")
		check("bits")
	}
}
