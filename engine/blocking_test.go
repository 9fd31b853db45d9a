package engine

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
)

func TestWaitFidelity(t *testing.T) {
	p, _ := newPair(t)
	p.Check("WAIT", "0", "0")
	p.Check("WAIT", "1", "10")
	p.Check("WAIT", "x", "0")
	p.Check("WAIT", "1", "x")
	p.Check("WAIT", "1", "-1")
	p.Check("MULTI")
	p.Check("WAIT", "1", "0")
	p.Check("EXEC")
}

func TestClientUnblockFidelity(t *testing.T) {
	p, e := newPair(t)
	other := p.Another(newConn(e))

	// A client blocked in WAIT, unblocked by another with TIMEOUT and ERROR.
	realID, mineID := clientIDs(t, p)
	blockOn(t, p, other, 1, "WAIT", "1", "0")
	other.DoEach([]string{"CLIENT", "UNBLOCK", realID}, []string{"CLIENT", "UNBLOCK", mineID})
	p.CheckReply("WAIT unblocked with TIMEOUT")
	blockOn(t, p, other, 1, "WAIT", "1", "0")
	other.DoEach([]string{"CLIENT", "UNBLOCK", realID, "ERROR"}, []string{"CLIENT", "UNBLOCK", mineID, "ERROR"})
	p.CheckReply("WAIT unblocked with ERROR")
	other.Check("CLIENT", "UNBLOCK", "123456", "TIMEOUT")
	other.Check("CLIENT", "UNBLOCK", "x")
	other.DoEach([]string{"CLIENT", "UNBLOCK", realID, "BAD"}, []string{"CLIENT", "UNBLOCK", mineID, "BAD"})
	other.DoEach([]string{"CLIENT", "UNBLOCK", realID}, []string{"CLIENT", "UNBLOCK", mineID})
}

// clientIDs returns the CLIENT ID of both sides of a pair.
func clientIDs(t *testing.T, p *redistest.Pair) (string, string) {
	t.Helper()
	real, mine := p.Do("CLIENT", "ID")
	return parseIntReply(t, real), parseIntReply(t, mine)
}

func parseIntReply(t *testing.T, raw []byte) string {
	t.Helper()
	if len(raw) < 4 || raw[0] != ':' {
		t.Fatalf("not an integer reply: %q", raw)
	}
	s := string(raw[1 : len(raw)-2])
	if _, err := strconv.Atoi(s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestClientPauseFidelity(t *testing.T) {
	p, e := newPair(t)
	other := p.Another(newConn(e))
	p.Check("CLIENT", "PAUSE", "x")
	p.Check("CLIENT", "PAUSE", "-1")
	p.Check("CLIENT", "PAUSE", "100", "SOMETIMES")
	p.Check("CLIENT", "PAUSE", "100", "WRITE", "extra")
	p.Check("CLIENT", "UNPAUSE")
	// Pause ALL: another client's PING waits until the pause ends.
	p.Check("CLIENT", "PAUSE", "300", "ALL")
	start := time.Now()
	other.Send("PING")
	other.CheckReply("PING after the pause")
	if waited := time.Since(start); waited < 150*time.Millisecond {
		t.Errorf("PING answered after %v during a 300 ms pause", waited)
	}
	// Pause WRITE: reads go on, writes wait; UNPAUSE releases them.
	p.Check("CLIENT", "PAUSE", "10000", "WRITE")
	other.Check("GET", "k")
	other.Send("DEL", "k")
	other.CheckNoReply("DEL during a write pause", 100*time.Millisecond)
	p.Check("CLIENT", "UNPAUSE")
	other.CheckReply("DEL after UNPAUSE")
}

func TestClientReplyFidelity(t *testing.T) {
	p, _ := newPair(t)
	p.Check("CLIENT", "REPLY", "MAYBE")
	p.Send("CLIENT", "REPLY", "OFF")
	p.Send("ECHO", "silent")
	p.Send("NOSUCH")
	p.Check("CLIENT", "REPLY", "ON")
	p.Send("CLIENT", "REPLY", "SKIP")
	p.Send("ECHO", "skipped")
	p.Check("ECHO", "shown")
	p.Check("CLIENT", "NO-EVICT", "ON")
	p.Check("CLIENT", "NO-EVICT", "OFF")
	p.Check("CLIENT", "NO-EVICT", "MAYBE")
}

func TestMonitorFidelity(t *testing.T) {
	p, e := newPair(t)
	other := p.Another(newConn(e))
	p.Check("MONITOR")
	other.Check("ECHO", "watched \x01\"\xff")
	p.CheckReplyMasked("monitor line", monitorPrefix, "+T [$1 ADDR]")
	p.Check("GET", "k")
	p.Check("PING")
	p.CheckReplyMasked("own PING", monitorPrefix, "+T [$1 ADDR]")
	p.Check("MULTI")
	p.CheckReplyMasked("own MULTI", monitorPrefix, "+T [$1 ADDR]")
	p.Check("MONITOR")
	p.Check("EXEC")
}

// monitorPrefix matches what differs between servers in a MONITOR line:
// the time and the client's address.
var monitorPrefix = regexp.MustCompile(`^\+\d+\.\d{6} \[(\d+) [^\]]+\]`)
