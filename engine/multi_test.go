package engine

import (
	"testing"
	"time"
)

func TestTransactionFidelity(t *testing.T) {
	for _, proto := range []string{"2", "3"} {
		t.Run("RESP"+proto, func(t *testing.T) {
			p, _ := newPair(t)
			p.CheckShape("HELLO", proto)
			p.Check("EXEC")
			p.Check("DISCARD")
			p.Check("MULTI")
			p.Check("MULTI")
			p.Check("ECHO", "a")
			p.Check("GET", "k")
			p.Check("WATCH", "k")
			p.Check("EXEC")
			// A queue-time error dooms the transaction.
			p.Check("MULTI")
			p.Check("ECHO", "queued")
			p.Check("NOSUCHCOMMAND", "x")
			p.Check("GET")
			p.Check("EXEC")
			p.Check("EXEC")
			// DISCARD drops the queue.
			p.Check("MULTI")
			p.Check("ECHO", "x")
			p.Check("DISCARD")
			p.Check("DISCARD")
			// Commands refused inside MULTI.
			p.Check("MULTI")
			p.Check("WATCH", "x")
			p.Check("EXEC")
			// Empty transaction.
			p.Check("MULTI")
			p.Check("EXEC")
			p.Check("UNWATCH")
			p.Check("WATCH")
			p.Check("MULTI", "extra")
			p.Check("EXEC", "extra")
		})
	}
}

// TestWatchDeleteByOtherClient checks that DEL from another client breaks
// the watch, and that an untouched watch lets EXEC run.
func TestWatchDeleteByOtherClient(t *testing.T) {
	p, e := newPair(t)
	other := p.Another(newConn(e))
	p.Check("WATCH", "k")
	other.Check("DEL", "k") // nothing deleted: no change
	p.Check("MULTI")
	p.Check("GET", "k")
	p.Check("EXEC")
	p.Check("FLUSHALL")
	p.Check("WATCH", "k")
	p.Check("UNWATCH")
	p.Check("MULTI")
	p.Check("EXEC")
}

// TestWatchScenarios runs two clients on each side through the ways a
// watch breaks or holds.
func TestWatchScenarios(t *testing.T) {
	for _, proto := range []string{"2", "3"} {
		t.Run("RESP"+proto, func(t *testing.T) {
			p, e := newPair(t)
			o := p.Another(newConn(e))
			p.CheckShape("HELLO", proto)
			exec := func(cmds ...[]string) {
				t.Helper()
				p.Check("MULTI")
				for _, c := range cmds {
					p.Check(c...)
				}
				p.Check("EXEC")
			}
			incr := []string{"INCR", "k"}

			// Another client's write breaks the watch.
			p.Check("SET", "k", "1")
			p.Check("WATCH", "k")
			o.Check("SET", "k", "2")
			exec(incr)
			// Writing the same value still counts as a change.
			p.Check("WATCH", "k")
			o.Check("SET", "k", "2")
			exec(incr)
			// The client's own write before MULTI breaks it too.
			p.Check("WATCH", "k")
			p.Check("SET", "k", "5")
			exec(incr)
			// A write to another database does not.
			p.Check("WATCH", "k")
			o.Check("SELECT", "1")
			o.Check("SET", "k", "x")
			exec(incr)
			o.Check("SELECT", "0")
			// Nor a failed write or a read.
			p.Check("WATCH", "k")
			o.Check("LPUSH", "k", "x")
			o.Check("GET", "k")
			exec(incr)
			// UNWATCH forgets.
			p.Check("WATCH", "k")
			p.Check("UNWATCH")
			o.Check("SET", "k", "9")
			exec(incr)
			// FLUSHALL and FLUSHDB break watches on existing keys.
			p.Check("WATCH", "k")
			o.Check("FLUSHALL")
			exec(incr)
			p.Check("WATCH", "missing")
			o.Check("FLUSHDB")
			exec(incr)
			// Deleting a watched key breaks the watch.
			p.Check("SET", "k", "1")
			p.Check("WATCH", "k")
			o.Check("DEL", "k")
			exec(incr)
			// SWAPDB breaks watches on keys that exist on either side.
			p.Check("SET", "k", "1")
			p.Check("WATCH", "k")
			o.Check("SWAPDB", "0", "1")
			exec([]string{"GET", "k"})
			o.Check("SWAPDB", "0", "1")
			// Runtime errors inside EXEC do not stop the others.
			exec([]string{"SET", "a", "1"}, []string{"LPUSH", "a", "x"}, []string{"INCR", "a"}, []string{"HGETALL", "a"})
			// Queue-time errors abort, even after valid commands.
			p.Check("MULTI")
			p.Check("SET", "a", "2")
			p.Check("SET", "a")
			p.Check("EXEC")
			p.Check("GET", "a")
		})
	}
}

// TestWatchExpiry checks that a watched key that expires breaks the
// watch, while one already expired when watched does not.
func TestWatchExpiry(t *testing.T) {
	p, _ := newPair(t)
	p.Check("DEBUG", "SET-ACTIVE-EXPIRE", "0")
	defer p.Both("DEBUG", "SET-ACTIVE-EXPIRE", "1")
	p.Check("SET", "k", "1", "PX", "50")
	p.Check("WATCH", "k")
	time.Sleep(100 * time.Millisecond)
	p.Check("MULTI")
	p.Check("PING")
	p.Check("EXEC")
	p.Check("SET", "k", "1", "PX", "20")
	time.Sleep(50 * time.Millisecond)
	p.Check("WATCH", "k")
	p.Check("MULTI")
	p.Check("PING")
	p.Check("EXEC")
}
