package lua

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// TestScriptEffectsMatchRedisAOF runs scripts on a redis-server with
// appendonly yes and on an engine, and compares what Redis appends to its
// AOF with the engine's effects in the same form: a script's writes as
// its commands (wrapped in MULTI/EXEC when there are several, rewritten
// when not deterministic), never the EVAL itself, nothing after
// redis.set_repl(redis.REPL_NONE).
func TestScriptEffectsMatchRedisAOF(t *testing.T) {
	srv, err := redistest.Start("--appendonly", "yes", "--appendfsync", "always")
	if err != nil {
		redistest.Unavailable(t, err)
	}
	defer srv.Stop()
	real, err := redistest.Dial(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()

	e, _ := newEngine(t, Options{})
	var effects []engine.Effect
	e.SetEffectSink(func(batch []engine.Effect) { effects = append(effects, batch...) })
	mine := e.NewClient(engineClientOptions())

	scripts := [][]string{
		{"EVAL", "return redis.call('get', 'nothing')", "0"},
		{"EVAL", "redis.call('set', 'a', '1') redis.call('set', 'b', '2') return 1", "0"},
		{"EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "c", "3"},
		{"EVAL", "redis.call('incr', 'n') return redis.call('incr', 'n')", "0"},
		{"EVAL", "redis.set_repl(redis.REPL_NONE) redis.call('set', 'd', '1') redis.set_repl(redis.REPL_ALL) return redis.call('set', 'e', '1')", "0"},
		{"EVAL", "redis.set_repl(redis.REPL_AOF) return redis.call('set', 'f', '1')", "0"},
		{"EVAL", "redis.set_repl(redis.REPL_REPLICA) return redis.call('set', 'g', '1')", "0"},
		{"EVAL", "redis.call('select', 2) redis.call('set', 'h', '1') return 1", "0"},
		{"EVAL", "redis.call('set', 'x', '1', 'EX', 100) redis.call('incrbyfloat', 'fl', '1.5') return 1", "0"},
		{"EVAL", "redis.call('rpush', 'l', 'a', 'b', 'c') redis.call('lpop', 'l') return redis.call('spop', 'noset')", "0"},
		{"EVAL", "redis.pcall('incr', 'a', 'extra') return redis.pcall('set', 'i', '1')", "0"},
		{"EVAL", "redis.call('set', 'j', '1') error('after a write')", "0"},
		{"EVAL", "return redis.call('del', 'nokey')", "0"},
		{"EVAL", "return redis.call('expire', 'a', 100)", "0"},
		{"EVAL", "#!lua\nredis.call('set', 'k', '1') return redis.call('set', 'k2', '2')", "0"},
		{"FUNCTION", "LOAD", "#!lua name=fx\nredis.register_function('fx', function(k) redis.call('set', k[1], 'f') return redis.call('incr', k[2]) end)"},
		{"FCALL", "fx", "2", "m", "cnt"},
		{"FCALL_RO", "fx", "2", "m", "cnt"},
		{"MULTI"},
		{"SET", "t", "1"},
		{"EVAL", "redis.call('set', 'u', '1') return redis.call('set', 'v', '1')", "0"},
		{"EXEC"},
		{"FUNCTION", "DELETE", "fx"},
		{"SCRIPT", "LOAD", "return redis.call('set', 'w', '1')"},
		{"EVALSHA", sha1hex([]byte("return redis.call('set', 'w', '1')")), "0"},
		{"SCRIPT", "FLUSH"},
		{"FUNCTION", "FLUSH"},
	}
	for _, cmd := range scripts {
		argv := make([][]byte, len(cmd))
		for i, a := range cmd {
			argv[i] = []byte(a)
		}
		if err := real.Send(resp.AppendCommand(nil, argv...)); err != nil {
			t.Fatal(err)
		}
		want, err := real.Read(5 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if got := mine.Do(cmd...); got.String() != parsed(t, want).String() {
			t.Errorf("%q: redis-server %q, redwasm %q", cmd, want, got.String())
		}
	}
	aof := readIncrAOF(t, srv.Dir())
	if !bytes.Contains(aof, []byte("MULTI")) || !bytes.Contains(aof, []byte("FUNCTION")) {
		t.Fatalf("Redis's AOF lacks the expected commands: %q", aof)
	}
	// Absolute times in milliseconds (PXAT, PEXPIREAT) differ by when
	// each side ran.
	mask := regexp.MustCompile(`\$13\r\n\d{13}\r\n`)
	got := mask.ReplaceAll(aofOf(effects), []byte("$13\r\nT\r\n"))
	want := mask.ReplaceAll(aof, []byte("$13\r\nT\r\n"))
	if !bytes.Equal(got, want) {
		t.Errorf("effects differ from Redis's AOF\n  redis-server: %q\n  redwasm:      %q", want, got)
	}
}

func parsed(t *testing.T, raw []byte) resp.Value {
	v, _, err := resp.ParseReply(raw)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// readIncrAOF reads the incremental AOF a redis-server started with
// appendonly yes writes in its directory, waiting for the writes to land.
func readIncrAOF(t *testing.T, dir string) []byte {
	t.Helper()
	path := filepath.Join(dir, "appendonlydir", "appendonly.aof.1.incr.aof")
	var data []byte
	for i := 0; i < 50; i++ {
		var err error
		if data, err = os.ReadFile(path); err == nil && len(data) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return data
}

// aofOf renders effects as Redis appends them to its AOF: a SELECT
// whenever the database changes.
func aofOf(effects []engine.Effect) []byte {
	var out []byte
	db := -1
	for _, ef := range effects {
		if ef.DB != db {
			out = resp.AppendCommand(out, []byte("SELECT"), []byte(strconv.Itoa(ef.DB)))
			db = ef.DB
		}
		out = resp.AppendCommand(out, ef.Args...)
	}
	return out
}
