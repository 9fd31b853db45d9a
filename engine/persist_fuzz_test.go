package engine

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/rdb"
	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// Fuzz targets for the three ways bytes from outside become a dataset: an
// RDB file, an AOF log and a RESTORE payload. Whatever the input, loading
// returns an error or a dataset the engine can use, never panics, and a
// loaded dataset saves and loads back to the same digest.
//
// The seeds are files redis-server 7.0.15 wrote (testdata/persist, made by
// TestPersistTestdata with -update-persist-testdata) and what the engine
// writes for the test datasets of dump_test.go and persist_test.go.

var updatePersistTestdata = flag.Bool("update-persist-testdata", false, "rewrite testdata/persist from a running redis-server")

const persistTestdata = "testdata/persist"

// fuzzEngine is an engine with a fixed clock and small limits, so that a
// fuzzed log cannot make a string of 512 MB.
func fuzzEngine(t testing.TB, config ...string) *Engine {
	cfg := map[string]string{"save": "", "proto-max-bulk-len": "1mb", "enable-debug-command": "yes"}
	for i := 0; i+1 < len(config); i += 2 {
		cfg[config[i]] = config[i+1]
	}
	e, err := New(Options{Clock: newFakeClock(), Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// loadError reports whether err is one loading may give for bad input.
func loadError(err error) bool {
	var unknown *unknownAOFCommand
	return errors.Is(err, rdb.ErrCorrupt) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errNoScripting) ||
		errors.Is(err, errAOFFormat) || errors.Is(err, errAOFTruncated) || errors.As(err, &unknown) ||
		errors.Is(err, rdb.ErrDumpPayload) || errors.Is(err, rdb.ErrBadDataFormat)
}

// exercise runs reads and writes over every key, so that a value loaded
// into a shape the engine cannot handle shows up as a panic.
func exercise(t testing.TB, e *Engine) {
	c := e.NewClient(ClientOptions{})
	defer c.Close()
	for db := range e.dbs {
		if e.dbs[db].keys.Len() == 0 {
			continue
		}
		c.Do("SELECT", strconv.Itoa(db))
		var keys []string
		e.Do(func() {
			e.dbs[db].keys.Each(func(k string, _ object) bool {
				keys = append(keys, k)
				return len(keys) < 50
			})
		})
		for _, k := range keys {
			for _, cmd := range [][]string{
				{"TYPE", k}, {"OBJECT", "ENCODING", k}, {"DUMP", k}, {"MEMORY", "USAGE", k, "SAMPLES", "0"},
				{"DEBUG", "DIGEST-VALUE", k}, {"TTL", k},
				{"GET", k}, {"STRLEN", k}, {"APPEND", k, "x"},
				{"LRANGE", k, "0", "-1"}, {"LINDEX", k, "-1"}, {"LPUSH", k, "new"}, {"RPOP", k}, {"LREM", k, "0", "a"},
				{"HGETALL", k}, {"HSCAN", k, "0"}, {"HSET", k, "newfield", "v"}, {"HDEL", k, "name"},
				{"SMEMBERS", k}, {"SSCAN", k, "0"}, {"SADD", k, "12", "member"}, {"SREM", k, "1"},
				{"ZRANGE", k, "0", "-1", "WITHSCORES"}, {"ZRANGEBYLEX", k, "-", "+"}, {"ZADD", k, "3", "m"}, {"ZREM", k, "a"},
				{"ZSCAN", k, "0"}, {"ZCARD", k},
				{"XRANGE", k, "-", "+"}, {"XREVRANGE", k, "+", "-", "COUNT", "3"}, {"XINFO", "STREAM", k, "FULL"},
				{"XINFO", "GROUPS", k}, {"XLEN", k}, {"XADD", k, "*", "f", "v"}, {"XDEL", k, "1-1", "2-0"},
				{"XTRIM", k, "MAXLEN", "2"}, {"XAUTOCLAIM", k, "group", "c", "0", "0-0"},
			} {
				c.Do(cmd...)
			}
		}
	}
	c.Do("DEBUG", "DIGEST")
}

// saveLoadDigest saves e's dataset, loads it into a new engine and
// compares the digests.
func saveLoadDigest(t *testing.T, e *Engine) {
	// Keys whose time passed are not loaded from an RDB file: they go
	// first, as Redis's expiry would take them.
	want := expiredDigest(e)
	var buf bytes.Buffer
	if err := e.SaveRDB(&buf); err != nil {
		t.Fatalf("save: %v", err)
	}
	e2 := fuzzEngine(t)
	if err := e2.LoadRDB(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatalf("loading what was saved: %v", err)
	}
	if got := e2.datasetDigest(); got != want {
		t.Fatalf("digest after a round trip %x, want %x", got, want)
	}
}

// expiredDigest deletes the keys whose time has passed (an AOF loads
// them) and returns the digest of what is left.
func expiredDigest(e *Engine) digest {
	var d digest
	e.Do(func() {
		for _, db := range e.dbs {
			var expired []string
			db.expires.Each(func(k string, when int64) bool {
				if when < e.now {
					expired = append(expired, k)
				}
				return true
			})
			for _, k := range expired {
				db.expireIfNeeded(k)
			}
		}
		d = e.datasetDigest()
	})
	return d
}

// readSeeds returns the files of testdata/persist whose names end in
// suffix.
func readSeeds(t testing.TB, suffix string) [][]byte {
	entries, _ := os.ReadDir(persistTestdata)
	var out [][]byte
	for _, en := range entries {
		if strings.HasSuffix(en.Name(), suffix) {
			b, err := os.ReadFile(filepath.Join(persistTestdata, en.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
	}
	return out
}

// engineSeeds returns the engine's own RDB and AOF of the persist tests'
// dataset.
func engineSeeds(t testing.TB) (rdbFile, aofLog []byte) {
	store := &MemoryStore{}
	e, err := New(Options{Clock: newFakeClock(), Config: map[string]string{"appendonly": "yes", "save": ""}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.AttachPersistence(PersistenceOptions{AOF: store}); err != nil {
		t.Fatal(err)
	}
	defer e.stopPersistence()
	c := e.NewClient(ClientOptions{})
	for _, cmd := range [][]string{
		{"SET", "s", "hello"}, {"RPUSH", "l", "a", "1", strings.Repeat("z", 70)}, {"SADD", "i", "1", "2"},
		{"SADD", "t", "a"}, {"HSET", "h", "f", "v"}, {"ZADD", "z", "1.5", "m"}, {"PEXPIRE", "z", "999999999"},
		{"XADD", "x", "1-1", "f", "v"}, {"XGROUP", "CREATE", "x", "g", "0"},
		{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "x", ">"}, {"SELECT", "2"}, {"SET", "n", "7"},
		{"MULTI"}, {"INCR", "n"}, {"LPUSH", "m", "x"}, {"EXEC"},
	} {
		c.Do(cmd...)
	}
	e.FlushAOF()
	var buf bytes.Buffer
	e.SaveRDB(&buf)
	_, log, _ := store.Load()
	return buf.Bytes(), log
}

func FuzzLoadRDB(f *testing.F) {
	for _, seed := range readSeeds(f, ".rdb") {
		f.Add(seed)
	}
	own, _ := engineSeeds(f)
	f.Add(own)
	f.Fuzz(func(t *testing.T, data []byte) {
		// Without checksums, so that mutations reach the decoders.
		e := fuzzEngine(t, "rdbchecksum", "no")
		if err := e.LoadRDB(bytes.NewReader(data)); err != nil {
			if !loadError(err) {
				t.Fatalf("unexpected kind of error: %v", err)
			}
			return
		}
		saveLoadDigest(t, e)
		exercise(t, e)
	})
}

func FuzzReplayAOF(f *testing.F) {
	for _, seed := range readSeeds(f, ".aof") {
		f.Add(seed)
	}
	_, own := engineSeeds(f)
	f.Add(own)
	f.Add(own[:len(own)-7])
	f.Fuzz(func(t *testing.T, data []byte) {
		e := fuzzEngine(t, "appendonly", "yes")
		store := &MemoryStore{}
		store.Append(data)
		if _, err := e.AttachPersistence(PersistenceOptions{AOF: store}); err != nil {
			if !loadError(err) {
				t.Fatalf("unexpected kind of error: %v", err)
			}
			return
		}
		defer e.stopPersistence()
		saveLoadDigest(t, e)
		// The store now holds a base: loading it again gives the same.
		e2 := fuzzEngine(t, "appendonly", "yes")
		if _, err := e2.AttachPersistence(PersistenceOptions{AOF: store}); err != nil {
			t.Fatalf("reloading: %v", err)
		}
		defer e2.stopPersistence()
		if expiredDigest(e) != expiredDigest(e2) {
			t.Fatal("digest differs after reloading the store")
		}
		exercise(t, e)
	})
}

// FuzzRestore fuzzes the value of a RESTORE payload (type byte and
// encoding): the footer is added with a right checksum, so that mutations
// reach the decoders.
func FuzzRestore(f *testing.F) {
	e := newTestEngine(f)
	c := e.NewClient(ClientOptions{})
	body := func(payload []byte) []byte { return payload[:max(0, len(payload)-10)] }
	for _, tc := range dumpCases() {
		c.Do("FLUSHALL")
		for _, cmd := range tc.cmds {
			c.Do(cmd...)
		}
		f.Add(body(c.Do("DUMP", "k").Str))
	}
	for _, seed := range readSeeds(f, ".dump") {
		f.Add(body(seed))
	}
	f.Fuzz(func(t *testing.T, value []byte) {
		e := fuzzEngine(t)
		c := e.NewClient(ClientOptions{})
		payload := rdb.AppendDumpFooter(append([]byte(nil), value...))
		v := c.Do("RESTORE", "k", "0", string(payload))
		switch {
		case v.Type == resp.Error && (string(v.Str) == errDumpPayload || string(v.Str) == errBadData):
			return
		case v.Type == resp.Error:
			t.Fatalf("RESTORE error %q", v.Str)
		}
		want := c.Do("DEBUG", "DIGEST-VALUE", "k").Elems[0].Str
		again := c.Do("DUMP", "k").Str
		c.Do("RESTORE", "k2", "0", string(again))
		if got := c.Do("DEBUG", "DIGEST-VALUE", "k2").Elems[0].Str; string(got) != string(want) {
			t.Fatalf("digest after DUMP and RESTORE %s, want %s", got, want)
		}
		exercise(t, e)
	})
}

// TestLoadRedisTestdata loads the files redis-server wrote and compares
// the digest it reported for them.
func TestLoadRedisTestdata(t *testing.T) {
	digests, err := os.ReadFile(filepath.Join(persistTestdata, "digests.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(digests)), "\n") {
		name, want, _ := strings.Cut(line, " ")
		data, err := os.ReadFile(filepath.Join(persistTestdata, name))
		if err != nil {
			t.Fatal(err)
		}
		e := fuzzEngine(t, "appendonly", "yes")
		e.clock.(*fakeClock).now = time.Unix(0, 0) // nothing has expired yet
		var loadErr error
		switch {
		case strings.HasSuffix(name, ".rdb"):
			loadErr = e.LoadRDB(bytes.NewReader(data))
		default:
			store := &MemoryStore{}
			store.Append(data)
			_, loadErr = e.AttachPersistence(PersistenceOptions{AOF: store})
			e.stopPersistence()
		}
		if loadErr != nil {
			t.Errorf("%s: %v", name, loadErr)
			continue
		}
		if got := digestHex(e.datasetDigest()); got != want {
			t.Errorf("%s: digest %s, redis-server's %s", name, got, want)
		}
	}
}

// TestPersistTestdata writes testdata/persist from a redis-server 7.0.15:
// go test -run TestPersistTestdata -update-persist-testdata ./engine
func TestPersistTestdata(t *testing.T) {
	if !*updatePersistTestdata {
		t.Skip("run with -update-persist-testdata to rewrite testdata/persist")
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	port, _ := redistest.FreePort()
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--dir", dir, "--save", "", "--appendonly", "yes",
		"--aof-use-rdb-preamble", "no", "--enable-debug-command", "yes")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	if err := redistest.WaitReady(addr, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	conn, _ := redistest.Dial(addr)
	do := func(args ...string) []byte {
		argv := make([][]byte, len(args))
		for i, a := range args {
			argv[i] = []byte(a)
		}
		conn.Send(resp.AppendCommand(nil, argv...))
		raw, err := conn.Read(10 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		v, _, _ := resp.ParseReply(raw)
		return v.Str
	}
	os.RemoveAll(persistTestdata)
	os.MkdirAll(persistTestdata, 0o755)
	// Small cases only: the files are fuzz seeds too.
	var cases []dumpCase
	for _, tc := range dumpCases() {
		size := 0
		for _, c := range tc.cmds {
			for _, a := range c {
				size += len(a)
			}
		}
		if size < 4000 {
			cases = append(cases, tc)
		}
	}
	var digests []string
	for _, tc := range cases {
		do("FLUSHALL")
		for _, c := range tc.cmds {
			do(c...)
		}
		name := strings.ReplaceAll(tc.name, " ", "-") + ".dump"
		os.WriteFile(filepath.Join(persistTestdata, name), do("DUMP", "k"), 0o644)
	}
	do("FLUSHALL")
	do("CONFIG", "SET", "stream-node-max-entries", "5")
	for db, tc := range cases {
		do("SELECT", strconv.Itoa(db%16))
		for _, c := range tc.cmds {
			c = append([]string(nil), c...)
			for i := range c {
				if c[i] == "k" {
					c[i] = strings.ReplaceAll(tc.name, " ", "-")
				}
			}
			do(c...)
		}
	}
	do("SELECT", "0")
	do("SET", "ttl", "v", "PXAT", "99999999999999")
	digest := string(do("DEBUG", "DIGEST"))
	do("SAVE")
	rdbFile, _ := os.ReadFile(filepath.Join(dir, "dump.rdb"))
	os.WriteFile(filepath.Join(persistTestdata, "redis-7.0.15.rdb"), rdbFile, 0o644)
	digests = append(digests, "redis-7.0.15.rdb "+digest)
	// The log as it was written, then a rewritten base.
	log, _ := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.1.incr.aof"))
	os.WriteFile(filepath.Join(persistTestdata, "redis-7.0.15-incr.aof"), log, 0o644)
	digests = append(digests, "redis-7.0.15-incr.aof "+digest)
	do("BGREWRITEAOF")
	time.Sleep(time.Second)
	base, _ := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.2.base.aof"))
	os.WriteFile(filepath.Join(persistTestdata, "redis-7.0.15-base.aof"), base, 0o644)
	// A rewrite as commands is not exact (a zset score of -0 comes back
	// as 0, for one): what counts is what Redis loads from it.
	do("DEBUG", "LOADAOF")
	digests = append(digests, "redis-7.0.15-base.aof "+string(do("DEBUG", "DIGEST")))
	os.WriteFile(filepath.Join(persistTestdata, "digests.txt"), []byte(strings.Join(digests, "\n")+"\n"), 0o644)
}
