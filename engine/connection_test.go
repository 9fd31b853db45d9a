package engine

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

func TestConnectionFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtos(p, func() {
		for _, args := range [][]string{
			{"PING"}, {"PING", "hello"}, {"PING", ""}, {"PING", "a", "b"}, {"ping"},
			{"ECHO", "x"}, {"ECHO", ""}, {"ECHO"}, {"ECHO", "a", "b"},
			{"SELECT", "15"}, {"SELECT", "16"}, {"SELECT", "-1"}, {"SELECT", "x"}, {"SELECT", "+1"}, {"SELECT", "01"},
			{"SELECT", "2147483648"}, {"SELECT", "-2147483649"}, {"SELECT", ""}, {"SELECT"}, {"SELECT", "1", "2"},
			{"SELECT", "0"},
			{"AUTH"}, {"AUTH", "x"}, {"AUTH", "default", "x"}, {"AUTH", "nouser", "x"}, {"AUTH", "a", "b", "c"},
			{"AUTH", "DEFAULT", "x"},
			{"CLIENT"}, {"CLIENT", "FOO"}, {"CLIENT", "HELP"}, {"CLIENT", "help", "x"}, {"CLIENT", "ID", "x"},
			{"CLIENT", "GETNAME"}, {"CLIENT", "SETNAME", "good-name"}, {"CLIENT", "GETNAME"},
			{"CLIENT", "SETNAME", "bad name"}, {"CLIENT", "SETNAME", "bad\nname"}, {"CLIENT", "SETNAME", "caf\xc3\xa9"},
			{"CLIENT", "SETNAME", "\x7f"}, {"CLIENT", "GETNAME"}, {"CLIENT", "SETNAME", ""}, {"CLIENT", "GETNAME"},
			{"CLIENT", "SETNAME"}, {"CLIENT", "SETNAME", "a", "b"}, {"CLIENT", "GETNAME", "x"}, {"CLIENT", "INFO", "x"},
			{"CLIENT", "LIST", "TYPE"}, {"CLIENT", "LIST", "TYPE", "foo"}, {"CLIENT", "LIST", "TYPE", "master"},
			{"CLIENT", "LIST", "TYPE", "replica"}, {"CLIENT", "LIST", "TYPE", "slave"}, {"CLIENT", "LIST", "TYPE", "pubsub"},
			{"CLIENT", "LIST", "TYPE", "normal", "x"}, {"CLIENT", "LIST", "ID"}, {"CLIENT", "LIST", "ID", "x"},
			{"CLIENT", "LIST", "ID", "99999"}, {"CLIENT", "LIST", "ID", "0"}, {"CLIENT", "LIST", "ID", "-5"},
			{"CLIENT", "LIST", "ID", "99999", "x"}, {"CLIENT", "LIST", "FOO"}, {"CLIENT", "LIST", "FOO", "bar"},
			{"CLIENT", "KILL"}, {"CLIENT", "KILL", "1.2.3.4:5"}, {"CLIENT", "KILL", "ID"}, {"CLIENT", "KILL", "ID", "0"},
			{"CLIENT", "KILL", "ID", "x"}, {"CLIENT", "KILL", "ID", "-1"}, {"CLIENT", "KILL", "ID", "99999"},
			{"CLIENT", "KILL", "TYPE", "foo"}, {"CLIENT", "KILL", "TYPE", "pubsub"}, {"CLIENT", "KILL", "TYPE", "master"},
			{"CLIENT", "KILL", "USER", "foo"}, {"CLIENT", "KILL", "USER", "default", "ID", "99999"},
			{"CLIENT", "KILL", "SKIPME", "maybe"}, {"CLIENT", "KILL", "SKIPME", "yes"}, {"CLIENT", "KILL", "ID", "1", "TYPE"},
			{"CLIENT", "KILL", "FOO", "bar"}, {"CLIENT", "KILL", "ADDR", "x", "LADDR", "y"}, {"CLIENT", "KILL", "MAXAGE", "1"},
			{"CLIENT", "KILL", "TYPE", "foo", "ID", "0"}, {"CLIENT", "KILL", "ID", "0", "TYPE", "foo"},
			{"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes", "ID", "99999"},
		} {
			p.Check(args...)
		}
	})
}

// sameHello compares HELLO replies but for the client id.
func sameHello(real, mine resp.Value) bool {
	return valueText(real, []string{"id"}) == valueText(mine, []string{"id"}) && len(real.Elems) == len(mine.Elems)
}

func TestHelloFidelity(t *testing.T) {
	p, _ := newPair(t)
	for _, args := range [][]string{
		{"HELLO"}, {"HELLO", "2"}, {"HELLO", "3"}, {"HELLO", "2", "SETNAME", "n1"}, {"HELLO", "3", "AUTH", "default", "any"},
		{"HELLO", "3", "auth", "default", "x", "setname", "n2"}, {"HELLO", "3", "SETNAME", "a", "SETNAME", "b"},
		{"HELLO", "2", "SETNAME", ""},
	} {
		p.CheckWith(sameHello, args...)
		p.Check("CLIENT", "GETNAME")
	}
	for _, args := range [][]string{
		{"HELLO", "4"}, {"HELLO", "1"}, {"HELLO", "-1"}, {"HELLO", "3.0"}, {"HELLO", "x"}, {"HELLO", ""},
		{"HELLO", "3", "SETNAME"}, {"HELLO", "3", "AUTH", "default"}, {"HELLO", "3", "AUTH"}, {"HELLO", "2", "FOO"},
		{"HELLO", "3", "SETNAME", "bad name"}, {"HELLO", "3", "AUTH", "nouser", "x"}, {"HELLO", "3", "FOO\r\nBAR"},
		{"HELLO", "3", "SETNAME", "ok", "AUTH", "nouser", "x"}, {"HELLO", "3", "AUTH", "nouser", "x", "SETNAME", "bad name"},
		{"HELLO", "9", "FOO"},
	} {
		p.Check(args...)
	}
	p.Check("CLIENT", "GETNAME")
}

func TestResetFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtos(p, func() {
		p.Check("SELECT", "5")
		p.Check("CLIENT", "SETNAME", "someone")
		p.Check("MULTI")
		p.Check("RESET")
		p.Check("CLIENT", "GETNAME")
		p.Check("EXEC")
		p.CheckWith(sameHello, "HELLO") // RESP2 again
		p.Check("DBSIZE")
		p.Check("SUBSCRIBE", "ch")
		p.Check("RESET")
		p.Check("PING")
		p.Check("RESET", "x")
	})
}

func TestAuthWithPasswordFidelity(t *testing.T) {
	p, e := newPair(t)
	t.Cleanup(func() { resetRealConfig(t, "secret", "requirepass", "") })
	p.Check("CONFIG", "SET", "requirepass", "secret")
	p.Check("PING") // connected before: still authenticated
	q := redistest.NewPair(t, newConn(e))
	for _, args := range [][]string{
		{"PING"}, {"GET", "x"}, {"NOSUCHCOMMAND"}, {"GET"}, {"HELLO", "3"}, {"HELLO"}, {"AUTH", "wrong"},
		{"AUTH", "default", "wrong"}, {"AUTH", "nouser", "secret"}, {"HELLO", "3", "AUTH", "default", "wrong"},
		{"CLIENT", "ID"}, {"AUTH", "secret"}, {"PING"}, {"RESET"}, {"PING"}, {"AUTH", "default", "secret"},
		{"PING"}, {"RESET"},
	} {
		q.Check(args...)
	}
	q.CheckWith(sameHello, "HELLO", "3", "AUTH", "default", "secret", "SETNAME", "n")
	q.Check("CLIENT", "GETNAME")
	q.Check("RESET")
	q.Check("PING")
	// Once the password is gone, unauthenticated clients may run
	// commands, but HELLO still wants them authenticated.
	p.Check("CONFIG", "SET", "requirepass", "")
	q.Check("PING")
	q.Check("HELLO", "3")
	q.Check("AUTH", "x")
}

// resetRealConfig sets parameters of the shared redis-server back, on a
// connection of its own (authenticating with password if not empty).
func resetRealConfig(t *testing.T, password string, kv ...string) {
	conn, err := redistest.Dial(redistest.Shared(t).Addr)
	if err != nil {
		t.Error(err)
		return
	}
	defer conn.Close()
	if password != "" {
		conn.Send(resp.AppendCommand(nil, []byte("AUTH"), []byte(password)))
		conn.Read(5 * time.Second)
	}
	argv := [][]byte{[]byte("CONFIG"), []byte("SET")}
	for _, a := range kv {
		argv = append(argv, []byte(a))
	}
	conn.Send(resp.AppendCommand(nil, argv...))
	if reply, err := conn.Read(5 * time.Second); err != nil || !strings.HasPrefix(string(reply), "+OK") {
		t.Errorf("resetting %v on redis-server: %q %v", kv, reply, err)
	}
}

// clientFields parses one CLIENT LIST line into names and values.
func clientFields(line string) (names, values []string) {
	for _, f := range strings.Split(strings.TrimSuffix(line, "\n"), " ") {
		k, v, _ := strings.Cut(f, "=")
		names = append(names, k)
		values = append(values, v)
	}
	return names, values
}

// Fields of CLIENT LIST that must be equal on both sides; the others
// (ids, addresses, times, buffer sizes that vary in Redis) must only have
// the same form.
var clientExactFields = map[string]bool{
	"name": true, "flags": true, "db": true, "sub": true, "psub": true, "ssub": true, "multi": true,
	"qbuf": true, "qbuf-free": true, "argv-mem": true, "multi-mem": true, "events": true, "cmd": true, "user": true, "redir": true, "resp": true,
}

// Fields that depend on the running command's arguments.
var clientArgFields = map[string]bool{"qbuf": true, "qbuf-free": true, "argv-mem": true}

var (
	intValue  = regexp.MustCompile(`^-?[0-9]+$`)
	addrValue = regexp.MustCompile(`^[0-9.]+:[0-9]+$`)
)

// sameClientLines compares CLIENT LIST/INFO text line by line.
func sameClientLines(t *testing.T, real, mine string, sameArgs bool) bool {
	t.Helper()
	if real == "" || mine == "" {
		return real == mine
	}
	rl := strings.Split(strings.TrimSuffix(real, "\n"), "\n")
	ml := strings.Split(strings.TrimSuffix(mine, "\n"), "\n")
	if len(rl) != len(ml) || strings.HasSuffix(real, "\n") != strings.HasSuffix(mine, "\n") {
		t.Logf("line counts differ:\n%s\n%s", real, mine)
		return false
	}
	for i := range rl {
		rn, rv := clientFields(rl[i])
		mn, mv := clientFields(ml[i])
		if strings.Join(rn, " ") != strings.Join(mn, " ") {
			t.Logf("field names differ:\n%v\n%v", rn, mn)
			return false
		}
		for j, name := range rn {
			same := rv[j] == mv[j]
			switch {
			case clientExactFields[name] && (sameArgs || !clientArgFields[name]):
			case name == "addr" || name == "laddr":
				same = addrValue.MatchString(rv[j]) && addrValue.MatchString(mv[j])
			default:
				same = intValue.MatchString(rv[j]) && intValue.MatchString(mv[j])
			}
			if !same {
				t.Logf("field %s: redis-server %q, redwasm %q", name, rv[j], mv[j])
				return false
			}
		}
	}
	return true
}

func clientText(v resp.Value) string { return string(v.Str) }

func TestClientInfoListFidelity(t *testing.T) {
	p, e := newPair(t)
	check := func(p *redistest.Pair, args ...string) {
		t.Helper()
		p.CheckWith(func(real, mine resp.Value) bool {
			return real.Type == mine.Type && real.Format == mine.Format && sameClientLines(t, clientText(real), clientText(mine), true)
		}, args...)
	}
	bothProtos(p, func() {
		check(p, "CLIENT", "INFO")
		p.Check("CLIENT", "SETNAME", "me")
		p.Check("SELECT", "3")
		check(p, "CLIENT", "INFO")
		p.Check("NOSUCHCOMMAND")
		check(p, "CLIENT", "INFO")
		check(p, "CLIENT", "LIST", "TYPE", "pubsub")
	})
	// Subscribed, in RESP3 where CLIENT is still allowed.
	p.Check("SUBSCRIBE", "a")
	p.Check("SUBSCRIBE", "b")
	p.Check("PSUBSCRIBE", "p*")
	check(p, "CLIENT", "INFO")
	check(p, "CLIENT", "LIST", "TYPE", "pubsub")
	p.Check("RESET")
	check(p, "CLIENT", "INFO")
	// Another client in a transaction, seen by the first.
	q := redistest.NewPair(t, newConnAt(e, "127.0.0.1:50009"))
	qr, qm := pairClientIDs(t, q)
	q.Check("MULTI")
	q.Check("SET", "k", "v")
	q.Check("PING", "hello")
	r, m := sides(t, p, []string{"CLIENT", "LIST", "ID", qr}, []string{"CLIENT", "LIST", "ID", qm})
	if !sameClientLines(t, string(r.Str), string(m.Str), true) {
		t.Errorf("CLIENT LIST of a client in MULTI:\n%s\n%s", r.Str, m.Str)
	}
	q.Check("EXEC")
}

// newConnAt connects a client of e with its own peer address.
func newConnAt(e *Engine, addr string) *redistest.ExchangeConn {
	ch, notify := redistest.NotifyFunc()
	return redistest.NewExchangeConn(e.NewClient(ClientOptions{Addr: addr, LocalAddr: "127.0.0.1:6379", Notify: notify}), ch)
}

// sides sends a different request to each side and compares the replies.
func sides(t *testing.T, p *redistest.Pair, real, mine []string) (realReply, mineReply resp.Value) {
	t.Helper()
	send := func(c redistest.Conn, args []string) resp.Value {
		argv := make([][]byte, len(args))
		for i, a := range args {
			argv[i] = []byte(a)
		}
		c.Send(resp.AppendCommand(nil, argv...))
		raw, err := c.Read(5 * time.Second)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		v, _, _ := resp.ParseReply(raw)
		return v
	}
	return send(p.Real, real), send(p.Mine, mine)
}

// pairClientIDs returns each side's id for the pair's clients.
func pairClientIDs(t *testing.T, p *redistest.Pair) (real, mine string) {
	r, m := sides(t, p, []string{"CLIENT", "ID"}, []string{"CLIENT", "ID"})
	return fmt.Sprint(r.Int), fmt.Sprint(m.Int)
}

// clientAddrs returns each side's peer address of the pair's clients.
func clientAddrs(t *testing.T, p *redistest.Pair) (real, mine string) {
	r, m := sides(t, p, []string{"CLIENT", "INFO"}, []string{"CLIENT", "INFO"})
	addr := func(v resp.Value) string {
		names, values := clientFields(string(v.Str))
		for i, n := range names {
			if n == "addr" {
				return values[i]
			}
		}
		return ""
	}
	return addr(r), addr(m)
}

// closed reports whether a side's connection was closed by its server.
func closed(t *testing.T, c redistest.Conn, e *Engine) bool {
	c.Send(resp.AppendCommand(nil, []byte("PING")))
	_, err := c.Read(300 * time.Millisecond)
	return err != nil
}

func TestClientListKillTwoClients(t *testing.T) {
	_, e := newPair(t)
	p := redistest.NewPair(t, newConnAt(e, "127.0.0.1:50001"))
	q := redistest.NewPair(t, newConnAt(e, "127.0.0.1:50002"))
	pr, pm := pairClientIDs(t, p)
	qr, qm := pairClientIDs(t, q)
	q.Check("CLIENT", "SETNAME", "second")
	q.Check("SELECT", "4")

	// CLIENT LIST of both, by id, seen from either client.
	for _, from := range []*redistest.Pair{p, q} {
		r, m := sides(t, from, []string{"CLIENT", "LIST", "ID", pr, qr}, []string{"CLIENT", "LIST", "ID", pm, qm})
		if !sameClientLines(t, string(r.Str), string(m.Str), false) {
			t.Errorf("CLIENT LIST ID:\n%s\n%s", r.Str, m.Str)
		}
	}
	r, m := sides(t, p, []string{"CLIENT", "LIST", "ID", qr, "99999", qr}, []string{"CLIENT", "LIST", "ID", qm, "99999", qm})
	if !sameClientLines(t, string(r.Str), string(m.Str), false) {
		t.Errorf("CLIENT LIST ID with repeats:\n%s\n%s", r.Str, m.Str)
	}

	// The new form skips the caller unless SKIPME no.
	r, m = sides(t, p, []string{"CLIENT", "KILL", "ID", pr}, []string{"CLIENT", "KILL", "ID", pm})
	if r.Int != 0 || m.Int != 0 {
		t.Errorf("KILL ID self: redis-server %d, redwasm %d", r.Int, m.Int)
	}
	// Kill q by id from p: q's connection closes on both sides.
	r, m = sides(t, p, []string{"CLIENT", "KILL", "ID", qr, "TYPE", "normal"}, []string{"CLIENT", "KILL", "ID", qm, "TYPE", "normal"})
	if r.Int != 1 || m.Int != 1 {
		t.Errorf("KILL ID other: redis-server %d, redwasm %d", r.Int, m.Int)
	}
	if !closed(t, q.Real, e) || !closed(t, q.Mine, e) {
		t.Error("the killed client is still connected")
	}
	r, m = sides(t, p, []string{"CLIENT", "LIST", "ID", qr}, []string{"CLIENT", "LIST", "ID", qm})
	if string(r.Str) != "" || string(m.Str) != "" {
		t.Errorf("killed client still listed: %q %q", r.Str, m.Str)
	}

	// The old form by address, and by LADDR/ADDR filters.
	q2 := redistest.NewPair(t, newConnAt(e, "127.0.0.1:50003"))
	ra, ma := clientAddrs(t, q2)
	r, m = sides(t, p, []string{"CLIENT", "KILL", ra}, []string{"CLIENT", "KILL", ma})
	if r.Type != m.Type || string(r.Str) != string(m.Str) || string(m.Str) != "OK" {
		t.Errorf("KILL addr: redis-server %q, redwasm %q", r.Str, m.Str)
	}
	if !closed(t, q2.Real, e) || !closed(t, q2.Mine, e) {
		t.Error("the client killed by address is still connected")
	}
	p.Check("CLIENT", "KILL", "ADDR", "1.1.1.1:1")
	q3 := redistest.NewPair(t, newConnAt(e, "127.0.0.1:50004"))
	ra, ma = clientAddrs(t, q3)
	r, m = sides(t, p, []string{"CLIENT", "KILL", "ADDR", ra, "SKIPME", "no"}, []string{"CLIENT", "KILL", "ADDR", ma, "SKIPME", "no"})
	if r.Int != 1 || m.Int != 1 {
		t.Errorf("KILL ADDR: redis-server %d, redwasm %d", r.Int, m.Int)
	}

	// Killing oneself: the reply arrives, then the connection closes.
	ra, ma = clientAddrs(t, p)
	r, m = sides(t, p, []string{"CLIENT", "KILL", ra}, []string{"CLIENT", "KILL", ma})
	if string(r.Str) != "OK" || string(m.Str) != "OK" {
		t.Errorf("KILL self by address: redis-server %q, redwasm %q", r.Str, m.Str)
	}
	if !closed(t, p.Real, e) || !closed(t, p.Mine, e) {
		t.Error("the client that killed itself is still connected")
	}
}

// TestClientKillWakesHost checks what a host sees: the killed client is
// notified and its next exchange says to close.
func TestClientKillWakesHost(t *testing.T) {
	e := newTestEngine(t)
	woken := 0
	victim := e.NewClient(ClientOptions{Addr: "10.0.0.1:1", Notify: func() { woken++ }})
	killer := e.NewClient(ClientOptions{Addr: "10.0.0.2:2"})
	if got := do(killer, "CLIENT", "KILL", "10.0.0.1:1"); got != "OK" {
		t.Fatalf("CLIENT KILL: %s", got)
	}
	if woken == 0 {
		t.Error("the killed client's host was not notified")
	}
	_, _, closing := victim.Exchange(resp.AppendCommand(nil, []byte("PING")), nil)
	if !closing {
		t.Error("Exchange does not tell the host to close the killed client")
	}
	if got := do(killer, "CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no"); got != "1" {
		t.Errorf("CLIENT KILL TYPE normal SKIPME no: %s", got)
	}
	if _, _, closing := killer.Exchange(nil, nil); !closing {
		t.Error("a client that killed itself is not closing")
	}
}

func TestQuitFidelity(t *testing.T) {
	p, e := newPair(t)
	p.Check("QUIT", "with", "args")
	if !closed(t, p.Real, e) || !closed(t, p.Mine, e) {
		t.Error("QUIT did not close the connection")
	}
}

// TestIdleTimeout checks the timeout parameter: the cron disconnects
// clients idle for longer, except those waiting by design.
func TestIdleTimeout(t *testing.T) {
	clock := newFakeClock()
	e, c := newFakeEngine(t, clock)
	subscriber := e.NewClient(ClientOptions{})
	do(subscriber, "SUBSCRIBE", "ch")
	busy := e.NewClient(ClientOptions{})
	do(c, "CONFIG", "SET", "timeout", "10")
	clock.Advance(10 * time.Second)
	do(busy, "PING")
	e.Cron()
	if len(e.clients) != 3 {
		t.Fatalf("after 10 s: %d clients, want 3", len(e.clients))
	}
	clock.Advance(1100 * time.Millisecond)
	e.Cron()
	if _, _, closing := c.Exchange(nil, nil); !closing {
		t.Error("the idle client was not disconnected")
	}
	if _, _, closing := busy.Exchange(nil, nil); closing {
		t.Error("a client active a second ago was disconnected")
	}
	if _, _, closing := subscriber.Exchange(nil, nil); closing {
		t.Error("a subscribed client was disconnected")
	}
}
