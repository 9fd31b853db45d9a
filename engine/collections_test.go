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

// realDo sends a command to the redis-server side only and returns its
// parsed reply, for what the engine does not implement (OBJECT, CONFIG
// until they land) or for set-up only the server needs.
func realDo(t testing.TB, p *redistest.Pair, args ...string) resp.Value {
	t.Helper()
	return sendTo(t, p.Real, args...)
}

// setConfig sets a parameter on both sides, restoring redis-server's
// value when the test ends (the server is shared).
func setConfig(t testing.TB, p *redistest.Pair, e *Engine, name, value string) {
	t.Helper()
	old := realDo(t, p, "CONFIG", "GET", name)
	if len(old.Elems) != 2 {
		t.Fatalf("CONFIG GET %s: %v", name, old)
	}
	prev := string(old.Elems[1].Str)
	t.Cleanup(func() { realDo(t, p, "CONFIG", "SET", name, prev) })
	if v := realDo(t, p, "CONFIG", "SET", name, value); v.Type == resp.Error {
		t.Fatalf("CONFIG SET %s %s: %s", name, value, v.Str)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.cfg.set(e, name, value); err != nil {
		t.Fatal(err)
	}
}

// encodingOf returns the engine's encoding of key in database 0, or "" if
// there is no such key.
func encodingOf(e *Engine, key string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	o, ok := e.dbs[0].keys.Get(key)
	if !ok {
		return ""
	}
	return o.v.encoding()
}

// checkEncoding compares the engine's encoding of key with redis-server's
// OBJECT ENCODING.
func checkEncoding(t testing.TB, p *redistest.Pair, e *Engine, key string) {
	t.Helper()
	want := ""
	if v := realDo(t, p, "OBJECT", "ENCODING", key); v.Type != resp.Error && !v.IsNull {
		want = string(v.Str)
	}
	if got := encodingOf(e, key); got != want {
		t.Errorf("encoding of %q: redis-server %q, redwasm %q", key, want, got)
	}
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
// engine with redis-server's, command by command: redis-server's events
// arrive on a pattern subscription, the engine's through a listener.
type eventRecorder struct {
	t      *testing.T
	p      *redistest.Pair
	e      *Engine
	sub    *redistest.NetConn
	mine   []string
	sentry int
}

func newEventRecorder(t *testing.T, p *redistest.Pair, e *Engine) *eventRecorder {
	t.Helper()
	old := realDo(t, p, "CONFIG", "GET", "notify-keyspace-events")
	t.Cleanup(func() { realDo(t, p, "CONFIG", "SET", "notify-keyspace-events", string(old.Elems[1].Str)) })
	realDo(t, p, "CONFIG", "SET", "notify-keyspace-events", "EA")
	sub, err := redistest.Dial(redistest.Shared(t).Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sub.Close() })
	sendTo(t, sub, "PSUBSCRIBE", "__keyevent@*__:*")
	r := &eventRecorder{t: t, p: p, e: e, sub: sub}
	e.mu.Lock()
	e.keyspaceListeners = append(e.keyspaceListeners, func(class int, event, key string, dbid int) {
		if want, ok := eventClasses[event]; !ok || want != class {
			t.Errorf("event %q has class %d, want %d", event, class, want)
		}
		r.mine = append(r.mine, event+" "+key)
	})
	e.mu.Unlock()
	return r
}

// eventClasses are the notification classes of the events the collection
// commands send.
var eventClasses = map[string]int{
	"del":   notifyGeneric,
	"lpush": notifyList, "rpush": notifyList, "lpop": notifyList, "rpop": notifyList, "linsert": notifyList,
	"lset": notifyList, "lrem": notifyList, "ltrim": notifyList,
	"hset": notifyHash, "hdel": notifyHash, "hincrby": notifyHash, "hincrbyfloat": notifyHash,
	"sadd": notifySet, "srem": notifySet, "spop": notifySet, "sinterstore": notifySet, "sunionstore": notifySet,
	"sdiffstore": notifySet,
}

// Check runs a command on both sides, comparing its reply (unordered when
// asked), the events it sent and how much it changed (the dirty count,
// INFO's rdb_changes_since_last_save).
func (r *eventRecorder) Check(unordered bool, args ...string) {
	r.t.Helper()
	before := r.realDirty()
	r.e.mu.Lock()
	mineBefore := r.e.dirty
	r.e.mu.Unlock()
	r.mine = nil
	if unordered {
		r.p.CheckUnordered(args...)
	} else {
		r.p.Check(args...)
	}
	realDirty := r.realDirty() - before
	r.e.mu.Lock()
	mineDirty := r.e.dirty - mineBefore
	r.e.mu.Unlock()
	if realDirty != mineDirty {
		r.t.Errorf("%q: dirty +%d, redis-server +%d", args, mineDirty, realDirty)
	}
	real := r.realEvents()
	if fmt.Sprint(real) != fmt.Sprint(r.mine) {
		r.t.Errorf("%q: events\n  redis-server: %q\n  redwasm:      %q", args, real, r.mine)
	}
}

func (r *eventRecorder) realDirty() int64 {
	info := string(realDo(r.t, r.p, "INFO", "persistence").Str)
	for _, line := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "rdb_changes_since_last_save:"); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	r.t.Fatal("no rdb_changes_since_last_save in INFO")
	return 0
}

// realEvents collects redis-server's events up to a sentry message
// published after the command.
func (r *eventRecorder) realEvents() []string {
	r.sentry++
	sentry := fmt.Sprint("sentry", r.sentry)
	realDo(r.t, r.p, "PUBLISH", "__keyevent@0__:sentry", sentry)
	var events []string
	for {
		raw, err := r.sub.Read(redistest.ReplyTimeout)
		if err != nil {
			r.t.Fatal(err)
		}
		v, _, err := resp.ParseReply(raw)
		if err != nil || len(v.Elems) != 4 {
			r.t.Fatalf("pubsub message %q", raw)
		}
		payload := string(v.Elems[3].Str)
		if payload == sentry {
			return events
		}
		_, event, _ := strings.Cut(string(v.Elems[2].Str), ":")
		events = append(events, event+" "+payload)
	}
}
