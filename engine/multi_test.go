package engine

import "testing"

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
