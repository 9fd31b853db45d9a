package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
)

// blockOn sends a blocking command from c and waits until redis-server
// reports as many blocked clients as expected, so that commands sent from
// other clients afterwards reach it after the blocking one. ctl is a pair
// that is not blocked.
func blockOn(t *testing.T, c, ctl *redistest.Pair, blocked int, args ...string) {
	t.Helper()
	c.Send(args...)
	want := "blocked_clients:" + itoa(blocked) + "\r\n"
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if strings.Contains(string(realValue(t, ctl, "INFO", "clients").Str), want) {
			return
		}
	}
	t.Fatalf("%q did not block on redis-server", args)
}

func TestStreamBlockingFidelity(t *testing.T) {
	for _, proto := range []string{"2", "3"} {
		t.Run("RESP"+proto, func(t *testing.T) { testStreamBlocking(t, proto) })
	}
}

func testStreamBlocking(t *testing.T, proto string) {
	p, e := newPair(t)
	a := p.Another(newConn(e))
	b := p.Another(newConn(e))
	w := p.Another(newConn(e)) // writes, never blocks
	for _, c := range []*redistest.Pair{p, a, b, w} {
		c.CheckShape("HELLO", proto)
	}

	// XREAD $ on a missing key, served by the XADD that creates it.
	blockOn(t, p, w, 1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$")
	w.Check("XADD", "s", "1-1", "f", "v")
	p.CheckReply("XREAD $ served by XADD")

	// $ means the last ID when blocking: entries added before that are
	// not served.
	blockOn(t, p, w, 1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$")
	w.Check("XADD", "s", "2-1", "f", "v")
	p.CheckReply("XREAD $ gets only the new entry")

	// Several streams: the one that receives data is served, alone.
	blockOn(t, p, w, 1, "XREAD", "BLOCK", "0", "COUNT", "5", "STREAMS", "s", "t", "u", "$", "0", "$")
	w.Check("XADD", "u", "1-1", "f", "v")
	p.CheckReply("XREAD on three streams")

	// Several readers, served in the order they blocked.
	blockOn(t, p, w, 1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$")
	blockOn(t, a, w, 2, "XREAD", "BLOCK", "0", "STREAMS", "s", "2-1")
	blockOn(t, b, w, 3, "XREAD", "BLOCK", "0", "STREAMS", "t", "s", "0", "$")
	w.Check("MULTI")
	w.Check("XADD", "s", "3-1", "a", "1")
	w.Check("XADD", "t", "5-1", "b", "2")
	w.Check("XADD", "s", "4-1", "c", "3")
	w.Check("EXEC")
	p.CheckReply("first reader")
	a.CheckReply("second reader")
	b.CheckReply("third reader, served by the first ready key")

	// Entries added then deleted before the reader is served: an empty
	// reply for the stream.
	blockOn(t, p, w, 1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$")
	w.Check("MULTI")
	w.Check("XADD", "s", "5-1", "a", "1")
	w.Check("XDEL", "s", "5-1")
	w.Check("EXEC")
	p.CheckReply("XREAD of a deleted entry")

	// A timeout answers nil.
	p.Check("XREAD", "BLOCK", "50", "STREAMS", "s", "$")
	p.Check("XREAD", "BLOCK", "50", "STREAMS", "nokey", "0")

	// Without COUNT a blocked reader gets at most 1000 entries.
	p.Check("DEL", "big")
	blockOn(t, p, w, 1, "XREAD", "BLOCK", "0", "STREAMS", "big", "0")
	var add []string
	add = append(add, "MULTI")
	w.Check(add...)
	for i := 1; i <= 1005; i++ {
		w.Check("XADD", "big", itoa(i)+"-1", "f", itoa(i))
	}
	w.Check("EXEC")
	p.CheckReply("XREAD default COUNT when blocked")

	// A deleted stream leaves a plain reader waiting.
	blockOn(t, p, w, 1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$")
	w.Check("DEL", "s")
	w.Check("SET", "s", "x")
	w.Check("DEL", "s")
	w.Check("XADD", "s", "100-1", "f", "v")
	p.CheckReply("XREAD after the stream was replaced")

	// Consumer groups: each reader of a group gets new entries once.
	w.Check("XGROUP", "CREATE", "s", "g", "$")
	blockOn(t, p, w, 1, "XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", ">")
	blockOn(t, a, w, 2, "XREADGROUP", "GROUP", "g", "c2", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", ">")
	w.Check("XADD", "s", "101-1", "f", "v")
	p.CheckReply("first group reader")
	a.CheckNoReply("second group reader waits", 50*time.Millisecond)
	w.Check("XADD", "s", "102-1", "f", "v")
	a.CheckReply("second group reader")
	w.Check("XPENDING", "s", "g")
	w.Check("XINFO", "GROUPS", "s")
	w.CheckWith(sameButTimes, "XINFO", "CONSUMERS", "s", "g")

	// NOACK readers leave no pending entries.
	blockOn(t, p, w, 1, "XREADGROUP", "GROUP", "g", "c3", "NOACK", "BLOCK", "0", "STREAMS", "s", ">")
	w.Check("XADD", "s", "103-1", "f", "v")
	p.CheckReply("NOACK reader")
	w.Check("XPENDING", "s", "g")

	// A destroyed group, a deleted or replaced stream end the wait.
	blockOn(t, p, w, 1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">")
	w.Check("XGROUP", "DESTROY", "s", "g")
	p.CheckReply("group destroyed")
	w.Check("XGROUP", "CREATE", "s", "g", "$")
	blockOn(t, p, w, 1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">")
	w.Check("DEL", "s")
	p.CheckReply("stream deleted")
	for _, replace := range [][]string{
		{"SET", "s", "x"}, {"EXPIRE", "s", "0"}, {"RENAME", "s", "s2"}, {"FLUSHALL"}, {"UNLINK", "s"},
	} {
		w.Check("DEL", "s", "s2")
		w.Check("XADD", "s", "1-1", "f", "v")
		w.Check("XGROUP", "CREATE", "s", "g", "$")
		blockOn(t, p, w, 1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">")
		w.Check(replace...)
		p.CheckReply("stream replaced by " + replace[0])
	}
	w.Check("DEL", "s")
	w.Check("XADD", "s", "1-1", "f", "v")
	w.Check("XGROUP", "CREATE", "s", "g", "$")
	blockOn(t, p, w, 1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">")
	w.Check("MULTI")
	w.Check("DEL", "s")
	w.Check("XADD", "s", "2-1", "f", "v")
	w.Check("EXEC")
	p.CheckReply("stream recreated without the group")

	// A timeout, and CLIENT UNBLOCK.
	w.Check("XGROUP", "CREATE", "s", "g", "$")
	p.Check("XREADGROUP", "GROUP", "g", "c1", "BLOCK", "50", "STREAMS", "s", ">")
	realID, mineID := clientIDs(t, p)
	blockOn(t, p, w, 1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">")
	w.DoEach([]string{"CLIENT", "UNBLOCK", realID, "ERROR"}, []string{"CLIENT", "UNBLOCK", mineID, "ERROR"})
	p.CheckReply("CLIENT UNBLOCK ERROR")
	blockOn(t, p, w, 1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$")
	w.DoEach([]string{"CLIENT", "UNBLOCK", realID}, []string{"CLIENT", "UNBLOCK", mineID})
	p.CheckReply("CLIENT UNBLOCK")
	w.CheckWith(sameButTimes, "XINFO", "STREAM", "s", "FULL")
}
