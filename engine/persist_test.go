package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/resp"
)

// memFiles is a SnapshotFiles in memory; failWrites makes writes fail.
type memFiles struct {
	mu         sync.Mutex
	files      map[string][]byte
	failWrites error
	writes     int
	gate       chan struct{} // if set, writes wait until it closes
}

func newMemFiles() *memFiles { return &memFiles{files: map[string][]byte{}} }

func (m *memFiles) WriteFile(name string, write func(io.Writer) error) error {
	if m.gate != nil {
		<-m.gate
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failWrites != nil {
		return m.failWrites
	}
	m.files[name] = buf.Bytes()
	m.writes++
	return nil
}

func (m *memFiles) OpenFile(name string) (io.ReadCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (m *memFiles) get(name string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files[name]
}

// failingStore is a MemoryStore whose appends can be made to fail.
type failingStore struct {
	MemoryStore
	mu   sync.Mutex
	fail error
}

func (f *failingStore) Append(b []byte) error {
	f.mu.Lock()
	err := f.fail
	f.mu.Unlock()
	if err != nil {
		return err
	}
	return f.MemoryStore.Append(b)
}

func (f *failingStore) setFail(err error) {
	f.mu.Lock()
	f.fail = err
	f.mu.Unlock()
}

// persistentEngine returns an engine with the given configuration,
// attached to store and files.
func persistentEngine(t *testing.T, clock Clock, store Store, files SnapshotFiles, config ...string) (*Engine, *Client, LoadReport) {
	t.Helper()
	cfg := map[string]string{"enable-debug-command": "yes", "save": ""}
	for i := 0; i+1 < len(config); i += 2 {
		cfg[config[i]] = config[i+1]
	}
	e, err := New(Options{Clock: clock, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	report, err := e.AttachPersistence(PersistenceOptions{AOF: store, Files: files})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.stopPersistence() })
	return e, e.NewClient(ClientOptions{}), report
}

// fillDataset writes keys of every type into several databases, with
// TTLs, a transaction and values that need each encoding.
func fillDataset(t *testing.T, c *Client) {
	t.Helper()
	cmds := [][]string{
		{"SET", "s", "hello"}, {"SET", "n", "42"}, {"SET", "big", strings.Repeat("x", 300)},
		{"SET", "ttl", "v", "PX", "600000"}, {"INCRBYFLOAT", "f", "1.25"},
		{"RPUSH", "l", "a", "b", "3"}, {"LPUSH", "l", "z"},
		{"SADD", "si", "1", "2", "3"}, {"SADD", "ss", "a", "b"},
		{"HSET", "h", "f", "v", "g", "7"}, {"HSET", "hl", "f", strings.Repeat("v", 100)},
		{"ZADD", "z", "1", "a", "2.5", "b"}, {"EXPIRE", "z", "1000"},
		{"MULTI"}, {"SET", "m1", "1"}, {"INCR", "m1"}, {"SELECT", "3"}, {"SET", "m2", "2"}, {"EXEC"},
		{"SELECT", "5"}, {"SET", "db5", "x"}, {"RPUSH", "l5", "1"}, {"SELECT", "0"},
		{"DEL", "s"}, {"SET", "s", "again"},
		{"XADD", "x", "1-1", "a", "1"}, {"XADD", "x", "2-1", "a", "2", "b", "3"}, {"XADD", "x", "*", "c", "4"},
		{"XGROUP", "CREATE", "x", "g", "0"}, {"XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "x", ">"},
		{"XGROUP", "CREATECONSUMER", "x", "g", "idle"}, {"XDEL", "x", "1-1"},
		{"XGROUP", "CREATE", "xe", "g", "$", "MKSTREAM"},
	}
	for i := 0; i < 200; i++ {
		cmds = append(cmds, []string{"ZADD", "zbig", strconv.Itoa(i), "m" + strconv.Itoa(i)})
	}
	for _, cmd := range cmds {
		if v := c.Do(cmd...); v.Type == '-' {
			t.Fatalf("%v: %s", cmd, v.Str)
		}
	}
}

// sameGroups compares the stream consumer groups fillDataset made, which
// DEBUG DIGEST leaves out.
func sameGroups(t *testing.T, a, b *Client) {
	t.Helper()
	for _, cmd := range [][]string{{"XINFO", "GROUPS", "x"}, {"XINFO", "GROUPS", "xe"}, {"XPENDING", "x", "g"}, {"XINFO", "STREAM", "x"}} {
		va, vb := a.Do(cmd...), b.Do(cmd...)
		if fmt.Sprint(va) != fmt.Sprint(vb) {
			t.Errorf("%v:\n  before: %v\n  after:  %v", cmd, va, vb)
		}
	}
}

func digestOf(c *Client) string { return string(c.Do("DEBUG", "DIGEST").Str) }

// stopPersistence detaches, ignoring the stores' errors (some tests make
// them fail on purpose).
func (e *Engine) stopPersistence() { e.DetachPersistence() }

// waitNoJob waits for the background save or rewrite to end.
func waitNoJob(t *testing.T, e *Engine) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		e.mu.Lock()
		busy := e.persist.job != nil
		e.mu.Unlock()
		if !busy {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("background job did not finish")
}

func TestAOFRoundTrip(t *testing.T) {
	for _, preamble := range []string{"yes", "no"} {
		t.Run("preamble "+preamble, func(t *testing.T) {
			store := &MemoryStore{}
			e, c, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes", "aof-use-rdb-preamble", preamble)
			fillDataset(t, c)
			if err := e.FlushAOF(); err != nil {
				t.Fatal(err)
			}
			want := digestOf(c)

			_, c2, report := persistentEngine(t, nil, store, nil, "appendonly", "yes")
			if got := digestOf(c2); got != want {
				t.Fatalf("after replay digest %s, want %s (report %+v)", got, want, report)
			}
			if report.Source != "aof" || report.Commands == 0 || report.Truncated {
				t.Errorf("report %+v", report)
			}

			// A rewrite while writes go on keeps them all.
			if v := c.Do("BGREWRITEAOF"); string(v.Str) != "Background append only file rewriting started" {
				t.Fatalf("BGREWRITEAOF: %q", v.Str)
			}
			for i := 0; i < 100; i++ {
				c.Do("RPUSH", "during", strconv.Itoa(i))
				e.FlushAOF()
			}
			waitNoJob(t, e)
			c.Do("SET", "after", "rewrite")
			e.FlushAOF()
			want = digestOf(c)
			snap, log, _ := store.Load()
			if preamble == "yes" && !bytes.HasPrefix(snap, []byte("REDIS0010")) {
				t.Errorf("base %q, want an RDB preamble", snap[:min(len(snap), 20)])
			}
			if preamble == "no" && !bytes.HasPrefix(snap, []byte("*")) {
				t.Errorf("base %q, want commands", snap[:min(len(snap), 20)])
			}
			if bytes.Contains(log, []byte("zbig")) {
				t.Error("the log still holds effects from before the rewrite")
			}
			_, c3, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes")
			if got := digestOf(c3); got != want {
				t.Fatalf("after rewrite digest %s, want %s", got, want)
			}
			if preamble == "yes" {
				// Replayed commands lose a group's entries read, and a
				// rewrite as commands the pending entries of deleted
				// entries, both as in Redis; an RDB base keeps all.
				sameGroups(t, c, c3)
			}
			if v := c3.Do("INFO", "persistence"); !strings.Contains(string(v.Str), "aof_enabled:1") {
				t.Errorf("INFO: %s", v.Str)
			}
		})
	}
}

func TestAOFStartsWithBase(t *testing.T) {
	store := &MemoryStore{}
	persistentEngine(t, nil, store, nil, "appendonly", "yes")
	snap, log, _ := store.Load()
	if !bytes.HasPrefix(snap, []byte("REDIS0010")) || len(log) != 0 {
		t.Fatalf("new AOF: base %q log %q", snap, log)
	}
}

func TestAOFTruncatedTail(t *testing.T) {
	full := "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n" + "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n"
	cases := []struct {
		name, log  string
		keys       string // EXISTS a b c
		truncated  bool
		incomplete bool
	}{
		{"complete", full, "2", false, false},
		{"torn bulk", full + "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\n12", "2", true, false},
		{"torn header", full + "*3\r\n$3", "2", true, false},
		{"torn count", full + "*", "2", true, false},
		{"open multi", full + "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n", "2", true, true},
		{"closed multi", full + "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n*1\r\n$4\r\nEXEC\r\n", "3", false, false},
		{"annotation", "#TS:123\r\n" + full, "2", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := &MemoryStore{}
			store.Append([]byte(tc.log))
			_, c, report := persistentEngine(t, nil, store, nil, "appendonly", "yes")
			if got := do(c, "EXISTS", "a", "b", "c"); got != tc.keys {
				t.Errorf("EXISTS a b c = %s, want %s", got, tc.keys)
			}
			if report.Truncated != (tc.truncated && !tc.incomplete) || report.Incomplete != tc.incomplete {
				t.Errorf("report %+v", report)
			}
			if tc.truncated {
				// The torn tail is gone from the store: the next load is clean.
				snap, log, _ := store.Load()
				if len(log) != 0 || !bytes.HasPrefix(snap, []byte("REDIS")) {
					t.Errorf("store after a torn load: %q %q", snap, log)
				}
				_, c2, report2 := persistentEngine(t, nil, store, nil, "appendonly", "yes")
				if report2.Truncated || report2.Incomplete || do(c2, "EXISTS", "a", "b", "c") != tc.keys {
					t.Errorf("second load: %+v", report2)
				}
			}
			if tc.truncated {
				store := &MemoryStore{}
				store.Append([]byte(tc.log))
				e, err := New(Options{Config: map[string]string{"appendonly": "yes", "aof-load-truncated": "no"}})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := e.AttachPersistence(PersistenceOptions{AOF: store}); !errors.Is(err, errAOFTruncated) {
					t.Errorf("aof-load-truncated no: %v", err)
				}
			}
		})
	}
}

func TestAOFBadLogs(t *testing.T) {
	for _, log := range []string{
		"SET a 1\r\n",
		"*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*x\r\n",
		"*1\r\n$7\r\nNOSUCHC\r\n",
		"*1\r\n$3\r\nSET\r\n",
		"*2\r\n+3\r\nSET\r\n",
		"*-1\r\n",
	} {
		store := &MemoryStore{}
		store.Append([]byte(log))
		e, _ := New(Options{Config: map[string]string{"appendonly": "yes"}})
		if _, err := e.AttachPersistence(PersistenceOptions{AOF: store}); err == nil || errors.Is(err, errAOFTruncated) {
			t.Errorf("%q: %v", log, err)
		}
		if n := e.dbs[0].keys.Len(); n > 1 {
			t.Errorf("%q: %d keys", log, n)
		}
	}
}

// TestAOFNoExpiryWhileLoading replays a key whose TTL passed since it was
// logged: the commands after its SET must not see it vanish and create a
// key without a TTL, as Redis never expires keys while loading.
func TestAOFNoExpiryWhileLoading(t *testing.T) {
	clock := newFakeClock()
	store := &MemoryStore{}
	e, c, _ := persistentEngine(t, clock, store, nil, "appendonly", "yes")
	c.Do("SET", "k", "1", "PX", "1000")
	c.Do("INCR", "k")
	c.Do("PEXPIRE", "k", "1500")
	c.Do("RPUSH", "l", "a")
	c.Do("PEXPIRE", "l", "500")
	c.Do("RPUSH", "l", "b")
	e.FlushAOF()
	clock.Advance(5 * time.Second)
	_, c2, _ := persistentEngine(t, clock, store, nil, "appendonly", "yes")
	if got := do(c2, "EXISTS", "k", "l"); got != "0" {
		t.Fatalf("EXISTS k l after the TTLs passed = %s", got)
	}
}

func TestSaveAndLoadRDB(t *testing.T) {
	files := newMemFiles()
	e, c, _ := persistentEngine(t, nil, nil, files)
	fillDataset(t, c)
	want := digestOf(c)
	if do(c, "SAVE") != "OK" {
		t.Fatal("SAVE failed")
	}
	if !strings.Contains(string(c.Do("INFO", "persistence").Str), "rdb_changes_since_last_save:0\r\n") {
		t.Error("changes not reset by SAVE")
	}
	if got := files.get("dump.rdb"); !bytes.HasPrefix(got, []byte("REDIS0010")) {
		t.Fatalf("dump.rdb %q", got[:min(20, len(got))])
	}
	_, c2, report := persistentEngine(t, nil, nil, files)
	if got := digestOf(c2); got != want || report.Source != "rdb" {
		t.Fatalf("loaded digest %s, want %s (%+v)", got, want, report)
	}
	// CONFIG SET dir is protected; the engine's own name for the file
	// follows dir and dbfilename set at start-up.
	_, c3, _ := persistentEngine(t, nil, nil, files, "dir", "/data", "dbfilename", "x.rdb")
	do(c3, "SET", "k", "v")
	do(c3, "SAVE")
	if files.get("/data/x.rdb") == nil {
		t.Errorf("files: %v", files.files)
	}
	_ = e
}

func TestLoadRDBErrors(t *testing.T) {
	files := newMemFiles()
	_, c, _ := persistentEngine(t, nil, nil, files)
	c.Do("SET", "k", "v")
	c.Do("SAVE")
	good := files.get("dump.rdb")
	bad := append([]byte(nil), good...)
	bad[len(bad)-1] ^= 1
	for name, b := range map[string][]byte{
		"checksum":  bad,
		"truncated": good[:len(good)-3],
		"signature": append([]byte("RIDES"), good[5:]...),
		"version":   append([]byte("REDIS0011"), good[9:]...),
	} {
		files.files["dump.rdb"] = b
		e, _ := New(Options{})
		if _, err := e.AttachPersistence(PersistenceOptions{Files: files}); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

func TestBgsave(t *testing.T) {
	files := newMemFiles()
	e, c, _ := persistentEngine(t, nil, nil, files)
	fillDataset(t, c)
	want := digestOf(c)
	if v := do(c, "BGSAVE"); v != "Background saving started" {
		t.Fatalf("BGSAVE: %s", v)
	}
	c.Do("SET", "later", "not in the snapshot")
	waitNoJob(t, e)
	info := string(c.Do("INFO", "persistence").Str)
	for _, field := range []string{"rdb_last_bgsave_status:ok", "rdb_bgsave_in_progress:0", "rdb_changes_since_last_save:1", "rdb_saves:1"} {
		if !strings.Contains(info, field+"\r\n") {
			t.Errorf("INFO lacks %s:\n%s", field, info)
		}
	}
	_, c2, _ := persistentEngine(t, nil, nil, files)
	if got := digestOf(c2); got != want {
		t.Fatalf("BGSAVE snapshot digest %s, want %s", got, want)
	}
}

func TestSavePointsAndMISCONF(t *testing.T) {
	clock := newFakeClock()
	files := newMemFiles()
	e, c, _ := persistentEngine(t, clock, nil, files, "save", "10 2")
	c.Do("SET", "a", "1")
	clock.Advance(11 * time.Second)
	e.Cron()
	if e.persist.job != nil || files.writes != 0 {
		t.Fatal("saved after one change, save point wants two")
	}
	c.Do("SET", "b", "2")
	e.Cron()
	waitNoJob(t, e)
	if files.writes != 1 {
		t.Fatalf("save point did not save: %d writes", files.writes)
	}

	// A failing background save turns writes away with MISCONF.
	files.failWrites = errors.New("no space left on device")
	do(c, "BGSAVE")
	waitNoJob(t, e)
	misconf := "MISCONF Redis is configured to save RDB snapshots"
	if got := do(c, "SET", "c", "3"); !strings.HasPrefix(got, misconf) {
		t.Fatalf("SET after a failed BGSAVE: %s", got)
	}
	if got := do(c, "PING"); !strings.HasPrefix(got, misconf) {
		t.Errorf("PING: %s", got)
	}
	if got := do(c, "GET", "a"); got != "1" {
		t.Errorf("GET: %s", got)
	}
	c.Do("MULTI")
	if got := do(c, "SET", "c", "3"); !strings.HasPrefix(got, misconf) {
		t.Errorf("queued SET: %s", got)
	}
	c.Do("DISCARD")
	if got := do(c, "CONFIG", "SET", "save", "1 2"); got != "OK" {
		t.Fatalf("CONFIG SET: %s", got)
	}
	// A save point after a failure waits 5 seconds before it tries again.
	files.failWrites = nil
	do(c, "CONFIG", "SET", "stop-writes-on-bgsave-error", "no")
	c.Do("SET", "c", "3")
	c.Do("SET", "d", "4")
	do(c, "CONFIG", "SET", "stop-writes-on-bgsave-error", "yes")
	clock.Advance(2 * time.Second)
	e.Cron()
	if e.persist.job != nil {
		t.Error("retried a failed save within 5 seconds")
	}
	clock.Advance(4 * time.Second)
	e.Cron()
	if e.persist.job == nil {
		t.Error("did not retry after 5 seconds")
	}
	waitNoJob(t, e)
	if got := do(c, "SET", "c", "3"); got != "OK" {
		t.Errorf("SET after a good save: %s", got)
	}
	files.failWrites = errors.New("disk")
	do(c, "BGSAVE")
	waitNoJob(t, e)
	do(c, "CONFIG", "SET", "stop-writes-on-bgsave-error", "no")
	if got := do(c, "SET", "d", "4"); got != "OK" {
		t.Errorf("SET with stop-writes-on-bgsave-error no: %s", got)
	}
	// SAVE fails with a bare ERR and leaves the status alone.
	if got := do(c, "SAVE"); got != "ERR" {
		t.Errorf("failing SAVE: %q", got)
	}
}

func TestAOFWriteErrors(t *testing.T) {
	store := &failingStore{}
	e, c, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes")
	c.Do("SET", "a", "1")
	store.setFail(fmt.Errorf("write appendonly.aof: %w", errors.New("no space left on device")))
	if err := e.FlushAOF(); err != nil {
		t.Fatalf("everysec flush error: %v", err)
	}
	if got := do(c, "SET", "b", "2"); got != "MISCONF Errors writing to the AOF file: No space left on device" {
		t.Fatalf("SET while the AOF fails: %q", got)
	}
	if !strings.Contains(string(c.Do("INFO", "persistence").Str), "aof_last_write_status:err") {
		t.Error("INFO does not report the failure")
	}
	store.setFail(nil)
	e.FlushAOF()
	if got := do(c, "SET", "b", "2"); got != "OK" {
		t.Fatalf("SET after recovery: %q", got)
	}
	e.FlushAOF()
	_, log, _ := store.Load()
	if !bytes.Contains(log, []byte("$1\r\na\r\n")) || !bytes.Contains(log, []byte("$1\r\nb\r\n")) {
		t.Errorf("log lost writes: %q", log)
	}
	// Under appendfsync always the error reaches the host.
	do(c, "CONFIG", "SET", "appendfsync", "always")
	store.setFail(errors.New("disk"))
	c.Do("SET", "c", "3")
	if err := e.FlushAOF(); err == nil {
		t.Error("always: no error")
	}
}

func TestAppendonlyAtRuntime(t *testing.T) {
	store := &MemoryStore{}
	e, c, _ := persistentEngine(t, nil, store, nil)
	fillDataset(t, c)
	do(c, "CONFIG", "SET", "appendonly", "yes")
	c.Do("SET", "x", "y")
	e.FlushAOF()
	waitNoJob(t, e)
	want := digestOf(c)
	_, c2, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes")
	if got := digestOf(c2); got != want {
		t.Fatalf("digest %s, want %s", got, want)
	}
	do(c, "CONFIG", "SET", "appendonly", "no")
	c.Do("SET", "x", "z")
	e.FlushAOF()
	_, c3, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes")
	if got := do(c3, "GET", "x"); got != "y" {
		t.Errorf("a write after appendonly no reached the AOF: %s", got)
	}
}

func TestShutdown(t *testing.T) {
	files := newMemFiles()
	var exited int
	e, err := New(Options{Config: map[string]string{"save": "100 1"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.AttachPersistence(PersistenceOptions{Files: files, OnShutdown: func() { exited++ }}); err != nil {
		t.Fatal(err)
	}
	c := e.NewClient(ClientOptions{})
	c.Do("SET", "k", "v")
	c.Do("SHUTDOWN", "NOSAVE")
	if exited != 1 || files.writes != 0 {
		t.Fatalf("SHUTDOWN NOSAVE: exited %d, writes %d", exited, files.writes)
	}
	files.failWrites = errors.New("disk")
	if got := do(c, "SHUTDOWN"); got != errShutdownFailed[4:] && got != errShutdownFailed {
		t.Errorf("SHUTDOWN with a failing save: %q", got)
	}
	if exited != 1 {
		t.Error("exited although the save failed")
	}
	c.Do("SHUTDOWN", "FORCE")
	if exited != 2 {
		t.Error("SHUTDOWN FORCE did not exit")
	}
	files.failWrites = nil
	if err := e.Shutdown(); err != nil || exited != 3 || files.writes != 1 {
		t.Errorf("Shutdown: %v, exited %d, writes %d", err, exited, files.writes)
	}
}

func TestDebugReload(t *testing.T) {
	for _, withFiles := range []bool{false, true} {
		var files SnapshotFiles
		if withFiles {
			files = newMemFiles()
		}
		_, c, _ := persistentEngine(t, nil, nil, files)
		fillDataset(t, c)
		want := digestOf(c)
		if got := do(c, "DEBUG", "RELOAD"); got != "OK" {
			t.Fatalf("DEBUG RELOAD: %s", got)
		}
		if got := digestOf(c); got != want {
			t.Fatalf("digest after reload %s, want %s", got, want)
		}
		if withFiles {
			c.Do("SET", "extra", "1")
			c.Do("SET", "s", "changed")
			if got := do(c, "DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"); got != "OK" {
				t.Fatalf("DEBUG RELOAD NOSAVE NOFLUSH MERGE: %s", got)
			}
			if do(c, "GET", "s") != "again" || do(c, "GET", "extra") != "1" {
				t.Error("merge did not take the file's keys over the live ones and keep the others")
			}
			if got := do(c, "DEBUG", "RELOAD", "NOSAVE", "NOFLUSH"); !strings.HasPrefix(got, "ERR Error trying to load") {
				t.Errorf("NOFLUSH with duplicates: %s", got)
			}
		}
	}
}

func TestDebugLoadAOF(t *testing.T) {
	store := &MemoryStore{}
	_, c, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes")
	fillDataset(t, c)
	want := digestOf(c)
	if got := do(c, "DEBUG", "LOADAOF"); got != "OK" {
		t.Fatalf("DEBUG LOADAOF: %s", got)
	}
	if got := digestOf(c); got != want {
		t.Fatalf("digest %s, want %s", got, want)
	}
}

// TestPersistenceCommandsFidelity compares what can be compared with the
// shared redis-server (which runs with save "" and appendonly no).
func TestPersistenceCommandsFidelity(t *testing.T) {
	p, _ := newPair(t)
	t.Cleanup(func() { resetRealConfig(t, "", "save", "", "rdbcompression", "yes") })
	bothProtos(p, func() {
		for _, args := range [][]string{
			{"SAVE", "x"},
			{"BGSAVE", "x"}, {"BGSAVE", "SCHEDULE", "x"}, {"BGSAVE", "NOW"},
			{"BGREWRITEAOF", "x"},
			{"SHUTDOWN", "ABORT"}, {"SHUTDOWN", "NOSAVE", "SAVE"}, {"SHUTDOWN", "ABORT", "NOW"},
			{"SHUTDOWN", "SAVE", "ABORT"}, {"SHUTDOWN", "FOO"},
			{"DEBUG", "RELOAD", "FOO"}, {"DEBUG", "DIGEST", "x"}, {"DEBUG", "DIGEST-VALUE"},
			{"DEBUG", "DIGEST-VALUE", "nosuch", "nosuch2"},
			{"MULTI"}, {"SHUTDOWN"}, {"EXEC"},
			{"CONFIG", "SET", "save", "abc"}, {"CONFIG", "SET", "save", "1 2 3"}, {"CONFIG", "SET", "save", "0 1"},
			{"CONFIG", "SET", "save", "1 -1"}, {"CONFIG", "SET", "save", " 1 1"}, {"CONFIG", "SET", "save", "1x 1"},
			{"CONFIG", "SET", "save", "01 +1 30 0"}, {"CONFIG", "GET", "save"},
			{"CONFIG", "SET", "save", "3600 1 300 100"}, {"CONFIG", "GET", "save"}, {"CONFIG", "SET", "save", ""},
			{"CONFIG", "SET", "dir", "/tmp"}, {"CONFIG", "SET", "dbfilename", "x.rdb"},
			{"CONFIG", "SET", "appenddirname", "x"}, {"CONFIG", "SET", "appendfilename", "x"},
			{"CONFIG", "SET", "appendfsync", "sometimes"}, {"CONFIG", "SET", "rdbchecksum", "no"},
			{"CONFIG", "SET", "rdbcompression", "no"}, {"CONFIG", "SET", "rdbcompression", "maybe"},
			{"CONFIG", "SET", "sanitize-dump-payload", "x"}, {"CONFIG", "SET", "auto-aof-rewrite-percentage", "-1"},
			{"CONFIG", "SET", "enable-protected-configs", "yes"},
			{"CONFIG", "GET", "aof-use-rdb-preamble"}, {"CONFIG", "GET", "appendfsync"},
		} {
			p.Check(args...)
		}
		p.CheckWith(func(real, mine resp.Value) bool { return real.Type == mine.Type }, "LASTSAVE")
	})
}

func TestBgsaveInsideMulti(t *testing.T) {
	e, c, _ := persistentEngine(t, nil, nil, newMemFiles())
	c.Do("MULTI")
	c.Do("BGSAVE")
	c.Do("BGREWRITEAOF")
	v := c.Do("EXEC")
	if len(v.Elems) != 2 || string(v.Elems[0].Str) != "Background saving scheduled" ||
		string(v.Elems[1].Str) != "Background append only file rewriting scheduled" {
		t.Fatalf("EXEC: %+v", v)
	}
	e.Cron()
	waitNoJob(t, e)
	e.Cron()
	waitNoJob(t, e)
	info := string(c.Do("INFO", "persistence").Str)
	if !strings.Contains(info, "rdb_saves:1\r\n") || !strings.Contains(info, "aof_rewrites:1\r\n") {
		t.Errorf("scheduled jobs did not run:\n%s", info)
	}
}

func TestInfoPersistenceFields(t *testing.T) {
	p, _ := newPair(t)
	real, mine := p.Do("INFO", "persistence")
	names := regexp.MustCompile(`(?m)^([a-z_]+):`)
	fields := func(b []byte) string {
		var out []string
		for _, m := range names.FindAllSubmatch(b, -1) {
			out = append(out, string(m[1]))
		}
		return strings.Join(out, " ")
	}
	if fields(real) != fields(mine) {
		t.Errorf("INFO persistence fields differ\nredis-server: %s\nredwasm:      %s", fields(real), fields(mine))
	}
}

// TestImportFollowedByAOF loads a whole dataset into an engine with an
// AOF, as the browser's import does: the AOF then holds it.
func TestImportFollowedByAOF(t *testing.T) {
	srcStore := &MemoryStore{}
	src, sc, _ := persistentEngine(t, nil, srcStore, nil, "appendonly", "yes", "aof-use-rdb-preamble", "no")
	fillDataset(t, sc)
	src.FlushAOF()
	want := digestOf(sc)
	var rdbFile bytes.Buffer
	if err := src.SaveRDB(&rdbFile); err != nil {
		t.Fatal(err)
	}
	base, log, _ := srcStore.Load()

	for _, load := range []func(e *Engine) error{
		func(e *Engine) error { return e.LoadRDB(bytes.NewReader(rdbFile.Bytes())) },
		func(e *Engine) error { return e.LoadAOF(base, log) },
	} {
		store := &MemoryStore{}
		e, c, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes")
		c.Do("SET", "replaced", "by the import")
		if err := load(e); err != nil {
			t.Fatal(err)
		}
		c.Do("SET", "after", "import")
		e.FlushAOF()
		waitNoJob(t, e)
		if got := do(c, "EXISTS", "replaced"); got != "0" {
			t.Errorf("a key from before the import survived: %s", got)
		}
		c.Do("DEL", "after")
		if got := digestOf(c); got != want {
			t.Fatalf("imported digest %s, want %s", got, want)
		}
		c.Do("SET", "after", "import")
		e.FlushAOF()
		_, c2, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes")
		c2.Do("DEL", "after")
		if got := digestOf(c2); got != want {
			t.Fatalf("reloaded digest %s, want %s", got, want)
		}
	}
}

// TestSaveIsNotAnEffect checks that commands lowering the change count
// (SAVE, DEBUG RELOAD) are not logged as changes.
func TestSaveIsNotAnEffect(t *testing.T) {
	store := &MemoryStore{}
	e, c, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes")
	c.Do("SET", "k", "v")
	c.Do("SAVE")
	c.Do("DEBUG", "RELOAD")
	c.Do("BGSAVE")
	waitNoJob(t, e)
	e.FlushAOF()
	_, log, _ := store.Load()
	if !bytes.HasSuffix(log, []byte("$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n")) {
		t.Errorf("log %q", log)
	}
}

// TestBackgroundSaveIsPointInTime changes every key in every way while a
// background save writes: the file holds the dataset as it was when
// BGSAVE answered. Run with -race, it also shows that no command touches
// a value the save is reading.
func TestBackgroundSaveIsPointInTime(t *testing.T) {
	files := newMemFiles()
	e, c, _ := persistentEngine(t, nil, nil, files)
	fillDataset(t, c)
	for i := 0; i < 300; i++ {
		c.Do("RPUSH", "biglist", strconv.Itoa(i))
		c.Do("HSET", "bighash", "f"+strconv.Itoa(i), strconv.Itoa(i))
	}
	want := digestOf(c)
	files.gate = make(chan struct{}) // the save writes once the changes are made
	if got := do(c, "BGSAVE"); got != "Background saving started" {
		t.Fatal(got)
	}
	for _, cmd := range [][]string{
		{"APPEND", "s", "more"}, {"SETRANGE", "big", "3", "xyz"}, {"INCR", "n"}, {"INCRBYFLOAT", "f", "2"},
		{"LPUSH", "l", "new"}, {"LSET", "l", "1", "changed"}, {"RPOP", "biglist"}, {"LTRIM", "biglist", "0", "10"},
		{"SADD", "si", "99"}, {"SREM", "ss", "a"}, {"SPOP", "si"},
		{"HSET", "h", "f", "other"}, {"HDEL", "bighash", "f3"}, {"HINCRBY", "h", "g", "5"},
		{"ZADD", "z", "9", "a"}, {"ZINCRBY", "zbig", "100", "m1"}, {"ZREM", "zbig", "m2"}, {"ZPOPMIN", "zbig"},
		{"XADD", "x", "*", "more", "1"}, {"XDEL", "x", "2-1"}, {"XACK", "x", "g", "2-1"}, {"XTRIM", "x", "MAXLEN", "0"},
		{"RENAME", "ttl", "ttl2"}, {"APPEND", "ttl2", "after rename"},
		{"MOVE", "db5", "1"}, {"SELECT", "1"}, {"APPEND", "db5", "moved"}, {"SELECT", "0"},
		{"SWAPDB", "0", "5"}, {"SELECT", "5"}, {"APPEND", "s", "swapped"}, {"RPUSH", "l", "x"}, {"SELECT", "0"},
		{"SWAPDB", "0", "5"}, {"SETBIT", "s", "100", "1"}, {"PFADD", "s2", "a"}, {"COPY", "h", "hcopy"},
		{"EXPIRE", "s", "100"}, {"PERSIST", "ttl2"}, {"DEL", "m1"}, {"FLUSHDB"},
	} {
		c.Do(cmd...)
	}
	close(files.gate)
	waitNoJob(t, e)
	files.gate = nil
	if !strings.Contains(string(c.Do("INFO", "persistence").Str), "rdb_last_bgsave_status:ok") {
		t.Fatal("BGSAVE failed")
	}
	_, c2, _ := persistentEngine(t, nil, nil, files)
	if got := digestOf(c2); got != want {
		t.Fatalf("the background save wrote digest %s, the dataset at BGSAVE was %s", got, want)
	}
}

func TestAOFTimestampAnnotations(t *testing.T) {
	clock := newFakeClock()
	store := &MemoryStore{}
	e, c, _ := persistentEngine(t, clock, store, nil, "appendonly", "yes", "aof-timestamp-enabled", "yes")
	c.Do("SET", "a", "1")
	c.Do("SET", "b", "2")
	clock.Advance(2 * time.Second)
	c.Do("SET", "c", "3")
	e.FlushAOF()
	_, log, _ := store.Load()
	if n := bytes.Count(log, []byte("#TS:")); n != 2 {
		t.Fatalf("%d annotations in %q", n, log)
	}
	_, c2, _ := persistentEngine(t, clock, store, nil, "appendonly", "yes")
	if got := do(c2, "MGET", "a", "b", "c"); got == "" {
		t.Fatal("no reply")
	}
	if do(c2, "EXISTS", "a", "b", "c") != "3" {
		t.Error("annotated log did not load")
	}
}

func TestDetachPersistence(t *testing.T) {
	store := &MemoryStore{}
	e, c, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes")
	c.Do("SET", "a", "1")
	if err := e.DetachPersistence(); err != nil {
		t.Fatal(err)
	}
	c.Do("SET", "b", "2")
	e.FlushAOF()
	_, c2, _ := persistentEngine(t, nil, store, nil, "appendonly", "yes")
	if do(c2, "EXISTS", "a") != "1" || do(c2, "EXISTS", "b") != "0" {
		t.Error("detaching did not flush the AOF, or writes went on reaching it")
	}
}
