package engine

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// sideEffects runs commands on a redis-server of its own, which writes an
// AOF, and on an engine, and compares what each command does besides its
// reply: the keyspace notifications it publishes, how much it counts as
// changes (INFO's rdb_changes_since_last_save, the engine's dirty), the
// keyspace hits and misses it counts, the effects it records (the AOF's
// commands, the engine's effect sink), whether it touched the keys for
// WATCH (another client's transaction fails), and, on request, TTLs.
type sideEffects struct {
	t       *testing.T
	srv     *redistest.Server
	real    *redistest.NetConn
	realCtl *redistest.NetConn // for INFO and PTTL, outside any MULTI
	realSub *redistest.NetConn
	realTx  *redistest.NetConn // watches the command's keys
	aofPath string
	aofSeen int

	e       *Engine
	mine    redistest.Conn
	mineSub redistest.Conn
	mineTx  redistest.Conn
	effects []Effect

	compared int
}

func newSideEffects(t *testing.T) *sideEffects {
	t.Helper()
	redistest.Shared(t) // skips when there is no redis-server
	srv, err := redistest.Start("--appendonly", "yes", "--appendfsync", "always",
		"--notify-keyspace-events", "KEA", "--enable-debug-command", "yes")
	if err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	t.Cleanup(srv.Stop)
	s := &sideEffects{t: t, srv: srv}
	if s.real, err = redistest.Dial(srv.Addr); err != nil {
		t.Fatal(err)
	}
	if s.realCtl, err = redistest.Dial(srv.Addr); err != nil {
		t.Fatal(err)
	}
	if s.realSub, err = redistest.Dial(srv.Addr); err != nil {
		t.Fatal(err)
	}
	if s.realTx, err = redistest.Dial(srv.Addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.real.Close(); s.realCtl.Close(); s.realSub.Close(); s.realTx.Close() })
	matches, _ := filepath.Glob(filepath.Join(srv.Dir(), "appendonlydir", "*.incr.aof"))
	if len(matches) != 1 {
		t.Fatalf("AOF file not found: %v", matches)
	}
	s.aofPath = matches[0]

	s.e = newTestEngine(t)
	if err := s.e.cfg.set(s.e, "notify-keyspace-events", "KEA"); err != nil {
		t.Fatal(err)
	}
	s.e.SetEffectSink(func(effects []Effect) { s.effects = append(s.effects, effects...) })
	s.mine, s.mineSub, s.mineTx = newConn(s.e), newConn(s.e), newConn(s.e)
	t.Cleanup(func() { s.mine.Close(); s.mineSub.Close(); s.mineTx.Close() })

	// Keys expire only when touched, as in the engine under test (no
	// cron runs), so that expiry happens within the command that meets it.
	s.roundTrip(s.realCtl, resp.AppendCommand(nil, []byte("DEBUG"), []byte("SET-ACTIVE-EXPIRE"), []byte("0")))

	sub := resp.AppendCommand(nil, []byte("PSUBSCRIBE"), []byte("__key*__:*"))
	s.roundTrip(s.realSub, sub)
	s.roundTrip(s.mineSub, sub)
	s.readAOF() // SELECT and whatever start-up wrote
	t.Cleanup(func() { t.Logf("side effects: %d comparisons with redis-server", s.compared) })
	return s
}

func (s *sideEffects) roundTrip(c redistest.Conn, req []byte) []byte {
	s.t.Helper()
	if err := c.Send(req); err != nil {
		s.t.Fatal(err)
	}
	reply, err := c.Read(redistest.ReplyTimeout)
	if err != nil {
		s.t.Fatalf("%q: %v", req, err)
	}
	return reply
}

// do runs one command on both sides and compares all it did.
func (s *sideEffects) do(args ...string) {
	s.t.Helper()
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	req := resp.AppendCommand(nil, argv...)
	// Watch the arguments that may be keys from another client.
	watch := [][]byte{[]byte("WATCH")}
	for _, a := range argv[1:min(len(argv), 4)] {
		watch = append(watch, a)
	}
	watchReq := resp.AppendCommand(nil, watch...)
	s.roundTrip(s.realTx, watchReq)
	s.roundTrip(s.mineTx, watchReq)

	realBefore := s.realCounters()
	mineBefore := s.mineCounters()
	s.effects = nil

	real := s.roundTrip(s.real, req)
	mine := s.roundTrip(s.mine, req)
	s.expect(args, "reply", string(real), string(mine))

	s.expect(args, "keyspace events", s.events(s.realSub), s.events(s.mineSub))

	realAfter, mineAfter := s.realCounters(), s.mineCounters()
	for i, name := range []string{"changes counted", "keyspace hits", "keyspace misses"} {
		s.expect(args, name, strconv.FormatInt(realAfter[i]-realBefore[i], 10), strconv.FormatInt(mineAfter[i]-mineBefore[i], 10))
	}

	realEffects := s.readAOF()
	var mineEffects [][]string
	for _, eff := range s.effects {
		mineEffects = append(mineEffects, stringsOf(eff.Args))
	}
	s.compared++
	if !sameEffects(realEffects, mineEffects) {
		s.t.Errorf("%s: effects differ\n  redis-server: %q\n  redwasm:      %q", quoteList(args), realEffects, mineEffects)
	}

	// A transaction of the watcher fails if the command touched a key.
	s.expect(args, "WATCH outcome", s.watchedTransaction(s.realTx), s.watchedTransaction(s.mineTx))
}

func (s *sideEffects) watchedTransaction(c redistest.Conn) string {
	for _, cmd := range []string{"MULTI", "PING"} {
		s.roundTrip(c, resp.AppendCommand(nil, []byte(cmd)))
	}
	return string(s.roundTrip(c, resp.AppendCommand(nil, []byte("EXEC"))))
}

// checkTTL compares the remaining time to live of key, in ms, allowing
// for the clocks of the two sides being read at different instants.
func (s *sideEffects) checkTTL(key string) {
	s.t.Helper()
	v, _, _ := resp.ParseReply(s.roundTrip(s.realCtl, resp.AppendCommand(nil, []byte("PTTL"), []byte(key))))
	real := v.Int
	mine := int64(-2)
	s.e.Do(func() {
		s.e.refreshNow()
		db := s.e.dbs[0]
		if db.peek([]byte(key)) == nil {
			return
		}
		mine = -1
		if when := db.expireAt([]byte(key)); when >= 0 {
			mine = when - s.e.now
		}
	})
	// Reading a TTL may expire the key: its notifications and DEL belong
	// to neither command around.
	args := []string{"PTTL", key}
	s.expect(args, "keyspace events", s.events(s.realSub), s.events(s.mineSub))
	s.e.Do(s.e.flushEffects)
	s.effects = nil
	s.readAOF()
	s.compared++
	if real < 0 || mine < 0 {
		if real != mine {
			s.t.Errorf("PTTL %s: redis-server %d, redwasm %d", key, real, mine)
		}
		return
	}
	if diff := real - mine; diff > 2000 || diff < -2000 {
		s.t.Errorf("PTTL %s: redis-server %d, redwasm %d", key, real, mine)
	}
}

func (s *sideEffects) expect(args []string, what, real, mine string) {
	s.t.Helper()
	s.compared++
	if real != mine {
		s.t.Errorf("%s: %s differ\n  redis-server: %q\n  redwasm:      %q", quoteList(args), what, real, mine)
	}
}

// events collects the notifications a subscriber received, up to the
// reply to a PING sent after the command: they come before it.
func (s *sideEffects) events(sub redistest.Conn) string {
	s.t.Helper()
	if err := sub.Send(resp.AppendCommand(nil, []byte("PING"))); err != nil {
		s.t.Fatal(err)
	}
	var got []string
	for {
		msg, err := sub.Read(redistest.ReplyTimeout)
		if err != nil {
			s.t.Fatal(err)
		}
		if bytes.Contains(msg, []byte("$4\r\npong\r\n")) {
			return strings.Join(got, "")
		}
		got = append(got, string(msg))
	}
}

// realCounters returns redis-server's changes since the last save,
// keyspace hits and keyspace misses, from INFO.
func (s *sideEffects) realCounters() [3]int64 {
	s.t.Helper()
	v, _, _ := resp.ParseReply(s.roundTrip(s.realCtl, resp.AppendCommand(nil, []byte("INFO"))))
	var counters [3]int64
	found := 0
	for _, line := range strings.Split(string(v.Str), "\r\n") {
		name, n, _ := strings.Cut(line, ":")
		for i, want := range []string{"rdb_changes_since_last_save", "keyspace_hits", "keyspace_misses"} {
			if name == want {
				counters[i], _ = strconv.ParseInt(n, 10, 64)
				found++
			}
		}
	}
	if found != 3 {
		s.t.Fatal("counters missing from INFO")
	}
	return counters
}

// mineCounters returns the engine's counterparts of realCounters.
func (s *sideEffects) mineCounters() [3]int64 {
	var counters [3]int64
	s.e.Do(func() {
		counters = [3]int64{s.e.dirty, s.e.stats.keyspaceHits, s.e.stats.keyspaceMisses}
	})
	return counters
}

// readAOF returns the commands appended to the AOF since the last call,
// SELECTs left out.
func (s *sideEffects) readAOF() [][]string {
	s.t.Helper()
	data, err := os.ReadFile(s.aofPath)
	if err != nil {
		s.t.Fatal(err)
	}
	fresh := data[s.aofSeen:]
	s.aofSeen = len(data)
	var cmds [][]string
	for len(fresh) > 0 {
		v, n, err := resp.ParseReply(fresh)
		if err != nil {
			s.t.Fatalf("AOF: %v in %q", err, fresh)
		}
		fresh = fresh[n:]
		var args []string
		for _, el := range v.Elems {
			args = append(args, string(el.Str))
		}
		if len(args) > 0 && !strings.EqualFold(args[0], "select") {
			cmds = append(cmds, args)
		}
	}
	return cmds
}

// sameEffects compares effects, allowing unix times in ms (PXAT,
// PEXPIREAT arguments) computed from now to differ by a few seconds.
func sameEffects(real, mine [][]string) bool {
	if len(real) != len(mine) {
		return false
	}
	for i := range real {
		if len(real[i]) != len(mine[i]) {
			return false
		}
		for j := range real[i] {
			a, b := real[i][j], mine[i][j]
			if a == b {
				continue
			}
			x, err1 := strconv.ParseInt(a, 10, 64)
			y, err2 := strconv.ParseInt(b, 10, 64)
			if err1 != nil || err2 != nil || x < 1e12 || y < 1e12 || x-y > 5000 || y-x > 5000 {
				return false
			}
		}
	}
	return true
}

func stringsOf(args [][]byte) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = string(a)
	}
	return out
}

func quoteList(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Quote(a))
	}
	return b.String()
}

// runSideEffectScript runs script's lines (split as redis-cli does) with
// s.do; "!ttl key" lines compare a TTL.
func runSideEffectScript(t *testing.T, s *sideEffects, script string) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(script))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		argv, ok := resp.SplitArgs([]byte(line))
		if !ok {
			t.Fatalf("bad script line %q", line)
		}
		args := stringsOf(argv)
		if args[0] == "!ttl" {
			s.checkTTL(args[1])
			continue
		}
		s.do(args...)
	}
}
