package engine

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/rdb"
	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// Files of older RDB versions and FUNCTION libraries, loaded by a
// redis-server of its own (started here, so the shared one keeps its
// statistics) and by the engine.

// ownServer is a redis-server for one test, with a client.
type ownServer struct {
	t    *testing.T
	srv  *redistest.Server
	conn *redistest.NetConn
}

func startOwnServer(t *testing.T) *ownServer {
	t.Helper()
	srv, err := redistest.Start("--enable-debug-command", "yes")
	if err != nil {
		redistest.Unavailable(t, err)
	}
	t.Cleanup(srv.Stop)
	conn, err := redistest.Dial(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &ownServer{t: t, srv: srv, conn: conn}
}

func (s *ownServer) do(args ...string) resp.Value {
	s.t.Helper()
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	s.conn.Send(resp.AppendCommand(nil, argv...))
	raw, err := s.conn.Read(10 * time.Second)
	if err != nil {
		s.t.Fatal(err)
	}
	v, _, _ := resp.ParseReply(raw)
	if v.Type == resp.Error {
		s.t.Fatalf("redis-server: %q: %s", args, v.Str)
	}
	return v
}

// loadFile has the server load b as its dump.rdb.
func (s *ownServer) loadFile(b []byte) {
	s.t.Helper()
	if err := os.WriteFile(filepath.Join(s.srv.Dir(), "dump.rdb"), b, 0o644); err != nil {
		s.t.Fatal(err)
	}
	s.do("DEBUG", "RELOAD", "NOSAVE")
}

// keysReport lists every key with its type and encoding.
func keysReport(do func(args ...string) resp.Value) string {
	var lines []string
	for _, db := range []string{"0", "3"} {
		do("SELECT", db)
		for _, k := range do("KEYS", "*").Elems {
			lines = append(lines, db+" "+string(k.Str)+" "+string(do("TYPE", string(k.Str)).Str)+" "+
				string(do("OBJECT", "ENCODING", string(k.Str)).Str)+" "+string(do("DEBUG", "DIGEST-VALUE", string(k.Str)).Elems[0].Str))
		}
	}
	do("SELECT", "0")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// oldRDB builds an RDB file of the given version in the encodings Redis
// wrote before 7.0: ziplists, a zipmap, a quicklist of ziplists, text
// scores and an expiry in seconds.
func oldRDB(version string) []byte {
	str := func(b string) []byte { return rdb.AppendString(nil, []byte(b), false) }
	var b []byte
	b = append(b, "REDIS"+version...)
	b = append(b, rdb.OpSelectDB, 0)
	key := func(t rdb.Type, k string, body ...[]byte) {
		b = append(b, byte(t))
		b = append(b, str(k)...)
		for _, part := range body {
			b = append(b, part...)
		}
	}
	b = append(b, rdb.OpExpireTime, 0, 0, 0, 0x7f) // 2^31 seconds minus a bit: far away
	key(rdb.TypeString, "ttl", str("v"))
	key(rdb.TypeString, "n", rdb.AppendInt(nil, -12345))
	key(rdb.TypeList, "list", []byte{3}, str("a"), str("12"), str("c"))
	key(rdb.TypeListZiplist, "zllist", str(string(buildZiplist("a", "1", "300", "-70000", "9999999999"))))
	key(rdb.TypeListQuicklist, "quicklist", []byte{2}, str(string(buildZiplist("a", "b"))), str(string(buildZiplist("5", "6"))))
	key(rdb.TypeSet, "set", []byte{3}, str("1"), str("2"), str("x"))
	key(rdb.TypeSet, "intset-from-plain", []byte{2}, str("10"), str("-3"))
	key(rdb.TypeSetIntset, "intset", str(string(rdb.AppendIntset(nil, []int64{-5, 1, 70000}, 4))))
	key(rdb.TypeHash, "hash", []byte{2}, str("f"), str("v"), str("g"), str("1"))
	key(rdb.TypeHashZiplist, "zlhash", str(string(buildZiplist("f", "v", "n", "7"))))
	key(rdb.TypeHashZipmap, "zipmap", str(string([]byte{2, 1, 'a', 1, 0, 'b', 1, 'c', 2, 0, 'd', 'e', 0xff})))
	key(rdb.TypeZSet, "zset", []byte{3}, str("a"), rdb.AppendStringDouble(nil, 1.5), str("b"),
		rdb.AppendStringDouble(nil, -2), str("c"), rdb.AppendStringDouble(nil, 1e300))
	key(rdb.TypeZSetZiplist, "zlzset", str(string(buildZiplist("a", "1.5", "b", "2", "c", "3e10"))))
	b = append(b, rdb.OpSelectDB, 3)
	key(rdb.TypeString, "other", str(strings.Repeat("x", 100)))
	b = append(b, rdb.OpEOF)
	if version >= "0005" {
		sum := rdb.CRC64(0, b)
		for i := 0; i < 8; i++ {
			b = append(b, byte(sum>>(8*i)))
		}
	}
	return b
}

func TestOldRDBVersionsFidelity(t *testing.T) {
	s := startOwnServer(t)
	for _, version := range []string{"0004", "0006", "0009"} {
		file := oldRDB(version)
		s.loadFile(file)
		e := newTestEngine(t)
		if err := e.LoadRDB(bytes.NewReader(file)); err != nil {
			t.Fatalf("version %s: %v", version, err)
		}
		c := e.NewClient(ClientOptions{})
		if real, mine := string(s.do("DEBUG", "DIGEST").Str), string(c.Do("DEBUG", "DIGEST").Str); real != mine {
			t.Errorf("version %s: DEBUG DIGEST redis-server %s, redwasm %s", version, real, mine)
		}
		if real, mine := keysReport(s.do), keysReport(c.Do); real != mine {
			t.Errorf("version %s: keys differ\nredis-server:\n%s\nredwasm:\n%s", version, real, mine)
		}
	}
}

// fakeLibraries stands for the scripting layer's FUNCTION libraries.
type fakeLibraries struct{ codes []string }

func (f *fakeLibraries) Sources() []string { return f.codes }
func (f *fakeLibraries) Load(code string) error {
	f.codes = append(f.codes, code)
	return nil
}
func (f *fakeLibraries) Flush() { f.codes = nil }

func TestFunctionLibrariesInRDB(t *testing.T) {
	s := startOwnServer(t)
	code := "#!lua name=mylib\nredis.register_function('f1', function() return 1 end)"
	s.do("FUNCTION", "LOAD", code)
	s.do("SET", "k", "v")
	s.do("SAVE")
	redisFile, err := os.ReadFile(filepath.Join(s.srv.Dir(), "dump.rdb"))
	if err != nil {
		t.Fatal(err)
	}

	// Redis's file: the library reaches the scripting layer.
	e := newTestEngine(t)
	if err := e.LoadRDB(bytes.NewReader(redisFile)); err == nil {
		t.Error("loaded libraries without a scripting layer to hold them")
	}
	libs := &fakeLibraries{}
	e.SetFunctionLibraries(libs)
	if err := e.LoadRDB(bytes.NewReader(redisFile)); err != nil {
		t.Fatal(err)
	}
	if len(libs.codes) != 1 || libs.codes[0] != code {
		t.Fatalf("libraries %q", libs.codes)
	}

	// The engine's file: Redis loads the library.
	s.do("FUNCTION", "FLUSH")
	var buf bytes.Buffer
	if err := e.SaveRDB(&buf); err != nil {
		t.Fatal(err)
	}
	s.loadFile(buf.Bytes())
	list := s.do("FUNCTION", "LIST", "WITHCODE")
	if len(list.Elems) != 1 || !strings.Contains(string(resp.AppendQuoted(nil, []byte(listText(list)))), "mylib") {
		t.Fatalf("FUNCTION LIST after loading the engine's file: %v", list)
	}

	// An AOF rewrite as commands loads them with FUNCTION LOAD.
	if got := writeAOFCommands(e.liveDatasetLocked()); !bytes.HasPrefix(got, []byte("*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n")) {
		t.Errorf("AOF rewrite starts %q", got[:min(40, len(got))])
	}
}

// listText flattens a reply's strings.
func listText(v resp.Value) string {
	var b strings.Builder
	b.Write(v.Str)
	for _, el := range v.Elems {
		b.WriteString(listText(el))
	}
	return b.String()
}

func (e *Engine) liveDatasetLocked() *dataset {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.liveDataset()
}
