package engine

import (
	"testing"
	"time"
)

func TestBlockingListFidelity(t *testing.T) {
	for _, proto := range []string{"2", "3"} {
		t.Run("RESP"+proto, func(t *testing.T) {
			p, e := newPair(t)
			other := p.Another(newConn(e))
			p.CheckShape("HELLO", proto)
			other.CheckShape("HELLO", proto)

			// Served at once when a list has elements.
			p.Check("RPUSH", "a", "1", "2", "3")
			p.Check("BLPOP", "none", "a", "0")
			p.Check("BRPOP", "a", "0")
			p.Check("BLMOVE", "a", "b", "LEFT", "RIGHT", "0")
			p.Check("BRPOPLPUSH", "b", "a", "0")
			p.Check("BLMPOP", "0", "2", "none", "a", "LEFT", "COUNT", "5")
			p.Check("EXISTS", "a")

			// Argument errors, in Redis's order.
			p.Check("SET", "s", "x")
			p.Check("BLPOP", "s", "0")
			p.Check("BLPOP", "s", "x")
			p.Check("BLPOP", "a", "-1")
			p.Check("BLPOP", "a", "inf")
			p.Check("BLPOP", "a", "nan")
			p.Check("BLPOP", "a", "1e400")
			p.Check("BLMOVE", "a", "b", "UP", "LEFT", "0")
			p.Check("BLMOVE", "a", "b", "LEFT", "LEFT", "x")
			p.Check("BLMOVE", "s", "b", "LEFT", "LEFT", "0")
			p.Check("BRPOPLPUSH", "a", "b", "x")
			p.Check("BLMPOP", "0", "0", "a", "LEFT")
			p.Check("BLMPOP", "0", "1", "a", "UP")
			p.Check("BLMPOP", "0", "1", "a", "LEFT", "COUNT", "0")
			p.Check("BLMPOP", "0", "5", "a", "LEFT")
			p.Check("BLMPOP", "x", "1", "a", "LEFT")
			p.Check("BLMPOP", "0", "1", "a", "LEFT", "EXTRA")

			// Timeouts.
			p.Check("BLPOP", "a", "0.05")
			p.Check("BLMOVE", "a", "b", "LEFT", "RIGHT", "0.05")
			p.Check("BLMPOP", "0.05", "1", "a", "RIGHT")

			// Inside MULTI they answer at once.
			p.Check("MULTI")
			p.Check("BLPOP", "a", "0")
			p.Check("BRPOPLPUSH", "a", "b", "0")
			p.Check("BLMPOP", "0", "1", "a", "LEFT")
			p.Check("EXEC")

			// Blocked, then served by a push from another client.
			blockOn(t, p, other, 1, "BLPOP", "q1", "q2", "0")
			other.Check("RPUSH", "q2", "x", "y")
			p.CheckReply("BLPOP served")
			other.Check("LRANGE", "q2", "0", "-1")

			// BLMOVE served: the destination gets the element.
			blockOn(t, p, other, 1, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0")
			other.Check("LPUSH", "src", "v1", "v2")
			p.CheckReply("BLMOVE served")
			other.Check("LRANGE", "dst", "0", "-1")

			// A push inside MULTI serves after EXEC, with the list as EXEC
			// left it.
			blockOn(t, p, other, 1, "BRPOP", "m", "0")
			other.Check("MULTI")
			other.Check("RPUSH", "m", "1", "2")
			other.Check("RPOP", "m")
			other.Check("EXEC")
			p.CheckReply("BRPOP served after EXEC")
		})
	}
}

// TestBlockingListFIFO checks that clients blocked on one key are served
// in the order they blocked, one element each.
func TestBlockingListFIFO(t *testing.T) {
	p, e := newPair(t)
	second := p.Another(newConn(e))
	third := p.Another(newConn(e))
	blockOn(t, p, third, 1, "BLPOP", "k", "0")
	blockOn(t, second, third, 2, "BLPOP", "k", "0")
	third.Check("RPUSH", "k", "first")
	p.CheckReply("first blocked client")
	third.Check("RPUSH", "k", "second")
	second.CheckReply("second blocked client")
	third.Check("EXISTS", "k")
}

// TestBlockingTimeoutPrecision checks a fractional timeout fires on time.
func TestBlockingTimeoutPrecision(t *testing.T) {
	e := newTestEngine(t)
	ch := make(chan struct{}, 1)
	c := e.NewClient(ClientOptions{Notify: func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}})
	start := time.Now()
	_, out, _ := c.Exchange([]byte("BLPOP none 0.2\r\n"), nil)
	if len(out) != 0 {
		t.Fatalf("BLPOP answered at once: %q", out)
	}
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal("BLPOP 0.2 never timed out")
	}
	elapsed := time.Since(start)
	_, out, _ = c.Exchange(nil, nil)
	if string(out) != "*-1\r\n" || elapsed < 190*time.Millisecond || elapsed > 2*time.Second {
		t.Fatalf("after %v: %q", elapsed, out)
	}
}
