package engine

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// Helpers shared by the list, hash and set tests.

// bothProtocols runs fn once in RESP2 and once in RESP3, each time on
// emptied databases.
func bothProtocols(t *testing.T, p *redistest.Pair, fn func(proto int)) {
	t.Helper()
	for _, proto := range []int{2, 3} {
		p.Proto(proto)
		p.Both("FLUSHALL")
		fn(proto)
	}
}

// realValue sends a command to the redis-server side only and returns its
// parsed reply, for what the engine does not implement (OBJECT, CONFIG
// until they land) or for set-up only the server needs.
func realValue(t testing.TB, p *redistest.Pair, args ...string) resp.Value {
	t.Helper()
	return sendTo(t, p.Real, args...)
}

// setConfig sets a parameter on both sides with CONFIG SET, restoring
// redis-server's value when the test ends (the server is shared).
func setConfig(t testing.TB, p *redistest.Pair, e *Engine, name, value string) {
	t.Helper()
	old := realValue(t, p, "CONFIG", "GET", name)
	if len(old.Elems) != 2 {
		t.Fatalf("CONFIG GET %s: %v", name, old)
	}
	prev := string(old.Elems[1].Str)
	t.Cleanup(func() { realValue(t, p, "CONFIG", "SET", name, prev) })
	p.Check("CONFIG", "SET", name, value)
}

// numbered returns prefix0, prefix1, ... prefix(n-1).
func numbered(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(prefix, i)
	}
	return out
}

// cmd joins a command name and arguments into one argument list.
func cmd(name string, parts ...any) []string {
	args := []string{name}
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			args = append(args, v)
		case []string:
			args = append(args, v...)
		default:
			args = append(args, fmt.Sprint(v))
		}
	}
	return args
}

// sendTo sends a command on one side of a pair and returns its parsed
// reply.
func sendTo(t testing.TB, conn redistest.Conn, args ...string) resp.Value {
	t.Helper()
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	if err := conn.Send(resp.AppendCommand(nil, argv...)); err != nil {
		t.Fatal(err)
	}
	raw, err := conn.Read(redistest.ReplyTimeout)
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := resp.ParseReply(raw)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// eventRecorder compares the keyspace events and dirty counts of the
// engine with redis-server's, command by command: a subscriber on each
// side receives the events, and a sentry message published after each
// command marks the end of its events.
type eventRecorder struct {
	t      *testing.T
	p      *redistest.Pair
	e      *Engine
	sub    *redistest.Pair // subscribed to every keyspace and keyevent channel
	sentry int
}

// newEventRecorder enables the notification classes of flags (as
// notify-keyspace-events writes them) on both sides.
func newEventRecorder(t *testing.T, p *redistest.Pair, e *Engine, flags string) *eventRecorder {
	t.Helper()
	setConfig(t, p, e, "notify-keyspace-events", flags)
	sub := redistest.NewPair(t, newConn(e))
	sub.Check("PSUBSCRIBE", "__key*__:*")
	return &eventRecorder{t: t, p: p, e: e, sub: sub}
}

// Check runs a command on both sides, comparing its reply (unordered when
// asked), the events it sent and how much it changed (the dirty count,
// INFO's rdb_changes_since_last_save).
func (r *eventRecorder) Check(unordered bool, args ...string) {
	r.t.Helper()
	before := r.realDirty()
	mineBefore := r.mineDirty()
	if unordered {
		r.p.CheckUnordered(args...)
	} else {
		r.p.Check(args...)
	}
	if real, mine := r.realDirty()-before, r.mineDirty()-mineBefore; real != mine {
		r.t.Errorf("%q: dirty +%d, redis-server +%d", args, mine, real)
	}
	r.CheckEvents(args)
}

func (r *eventRecorder) mineDirty() int64 {
	r.e.mu.Lock()
	defer r.e.mu.Unlock()
	return r.e.dirty
}

func (r *eventRecorder) realDirty() int64 {
	info := string(realValue(r.t, r.p, "INFO", "persistence").Str)
	for _, line := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "rdb_changes_since_last_save:"); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	r.t.Fatal("no rdb_changes_since_last_save in INFO")
	return 0
}

// CheckEvents compares the messages both subscribers received since the
// last check, raw, up to a sentry published now.
func (r *eventRecorder) CheckEvents(args []string) {
	r.t.Helper()
	r.sentry++
	sentry := fmt.Sprint("sentry", r.sentry)
	r.p.Check("PUBLISH", "__keyevent@0__:sentry", sentry)
	real, mine := r.messages(r.sub.Real, sentry), r.messages(r.sub.Mine, sentry)
	if fmt.Sprintf("%q", real) != fmt.Sprintf("%q", mine) {
		r.t.Errorf("%q: events\n  redis-server: %q\n  redwasm:      %q", args, real, mine)
	}
}

func (r *eventRecorder) messages(conn redistest.Conn, sentry string) []string {
	var out []string
	for {
		raw, err := conn.Read(redistest.ReplyTimeout)
		if err != nil {
			r.t.Fatal(err)
		}
		if strings.Contains(string(raw), sentry) {
			return out
		}
		out = append(out, string(raw))
	}
}

// TestCollectionConfig compares the encoding parameters of lists, hashes
// and sets with redis-server's: what CONFIG SET accepts, its reasons for
// refusing, and what CONFIG GET then shows, by either name.
func TestCollectionConfig(t *testing.T) {
	p, _ := newPair(t)
	names := []string{
		"list-max-listpack-size", "list-max-ziplist-size", "list-compress-depth",
		"hash-max-listpack-entries", "hash-max-ziplist-entries", "hash-max-listpack-value", "hash-max-ziplist-value",
		"set-max-intset-entries",
	}
	values := []string{"0", "1", "-1", "-2", "-7", "100", "x", "", "1k", "1.5", "2147483647", "2147483648",
		"-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "18446744073709551616",
		"+5", "007", " 5", "5 ", "0x10", "1KB", "2mb", "1g", "1gb", "-0", "1kk", "b", "k"}
	for _, name := range names {
		old := realValue(t, p, "CONFIG", "GET", name)
		prev := string(old.Elems[1].Str)
		t.Cleanup(func() { realValue(t, p, "CONFIG", "SET", name, prev) })
		p.Check("CONFIG", "GET", name)
		for _, v := range values {
			p.Check("CONFIG", "SET", name, v)
			p.Check("CONFIG", "GET", name)
		}
		p.Check("CONFIG", "SET", name, prev)
	}
	p.CheckUnordered("CONFIG", "GET", "list-*")
	p.CheckUnordered("CONFIG", "GET", "hash-*")
	p.CheckUnordered("CONFIG", "GET", "set-max-*")
}

// TestCollectionGenericCommands runs the keyspace commands that look into
// values (TYPE, OBJECT ENCODING, COPY) on every encoding of the three
// types: a copy must be a deep one.
func TestCollectionGenericCommands(t *testing.T) {
	p, e := newPair(t)
	bothProtocols(t, p, func(int) {
		p.Check("RPUSH", "list", "a", "b", "1")
		p.Check("HSET", "lp", "f", "v", "g", "1")
		p.Check("HSET", "ht", "f", strings.Repeat("v", 100))
		p.Check("SADD", "is", "3", "1", "2")
		p.Check("SADD", "hs", "a", "1")
		for _, key := range []string{"list", "lp", "ht", "is", "hs"} {
			p.Check("TYPE", key)
			p.Check("OBJECT", "ENCODING", key)
			p.Check("COPY", key, key+"-copy")
			p.Check("OBJECT", "ENCODING", key+"-copy")
			checkEncodings(t, p, e, key+"-copy")
		}
		// Changing a copy leaves the original alone.
		p.Check("RPUSH", "list-copy", "c")
		p.Check("LSET", "list-copy", "0", "z")
		p.Check("LRANGE", "list", "0", "-1")
		p.Check("HSET", "lp-copy", "f", "changed")
		p.Check("HGETALL", "lp")
		p.Check("HSET", "ht-copy", "f", "changed")
		p.CheckUnordered("HGETALL", "ht")
		p.Check("SADD", "is-copy", "9")
		p.Check("SMEMBERS", "is")
		p.Check("SREM", "hs-copy", "a")
		p.CheckUnordered("SMEMBERS", "hs")
	})
}
