package rdb

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	rec := AppendFileHeader(nil)
	rec = append(rec, OpSelectDB)
	rec = AppendLength(rec, 0)
	rec = append(rec, byte(TypeString))
	rec = AppendString(rec, []byte("k"), true)
	rec = AppendString(rec, []byte("v"), true)
	if _, err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if w.Offset() != int64(len(rec)) || w.Checksum() != CRC64(0, rec) {
		t.Fatal("offset or checksum")
	}
	if err := w.WriteEOF(); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	n := len(file)
	if file[n-9] != OpEOF || binary.LittleEndian.Uint64(file[n-8:]) != CRC64(0, file[:n-8]) {
		t.Fatalf("bad trailer %x", file[n-9:])
	}
	// Errors stick.
	fail := NewWriter(failWriter{})
	if _, err := fail.Write([]byte("x")); err == nil {
		t.Fatal("no error")
	}
	if err := fail.WriteEOF(); err == nil {
		t.Fatal("no sticky error")
	}
}

type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, errors.New("disk full") }

// rdbFile is what loadRDBFile reads from an RDB file.
type rdbFile struct {
	aux       map[string]string
	functions []string
	dbs       map[uint64]map[string]rdbEntry
}

type rdbEntry struct {
	value    testValue
	expireMs int64 // 0: none
}

// loadRDBFile reads a whole RDB file the way a loader would: the aux
// fields, function libraries, and each database's keys with their values
// and expiry times, then checks the trailing CRC64.
func loadRDBFile(t *testing.T, data []byte) rdbFile {
	t.Helper()
	r := NewReader(bytes.NewReader(data))
	if v, err := r.ReadFileHeader(); err != nil || v != Version {
		t.Fatalf("header: %d, %v", v, err)
	}
	f := rdbFile{aux: map[string]string{}, dbs: map[uint64]map[string]rdbEntry{}}
	var db uint64
	var expire int64
	for {
		op, err := r.ReadByte()
		if err != nil {
			t.Fatal(err)
		}
		switch op {
		case OpAux:
			k, err1 := r.ReadString()
			v, err2 := r.ReadString()
			if err := errors.Join(err1, err2); err != nil {
				t.Fatal(err)
			}
			f.aux[string(k)] = string(v)
		case OpFunction2:
			code, err := r.ReadString()
			if err != nil {
				t.Fatal(err)
			}
			f.functions = append(f.functions, string(code))
		case OpSelectDB:
			if db, err = r.ReadLength(); err != nil {
				t.Fatal(err)
			}
		case OpResizeDB:
			_, err1 := r.ReadLength()
			_, err2 := r.ReadLength()
			if err := errors.Join(err1, err2); err != nil {
				t.Fatal(err)
			}
		case OpExpireTimeMs:
			if expire, err = r.ReadMillisecondTime(); err != nil {
				t.Fatal(err)
			}
		case OpIdle:
			if _, err = r.ReadLength(); err != nil {
				t.Fatal(err)
			}
		case OpFreq:
			if _, err = r.ReadByte(); err != nil {
				t.Fatal(err)
			}
		case OpEOF:
			sum := r.Checksum()
			b, err := r.ReadRaw(8)
			if err != nil {
				t.Fatal(err)
			}
			if got := binary.LittleEndian.Uint64(b); got != sum {
				t.Fatalf("file checksum %x, computed %x", got, sum)
			}
			if r.Offset() != int64(len(data)) {
				t.Fatalf("EOF at %d of %d bytes", r.Offset(), len(data))
			}
			return f
		default:
			if !IsObjectType(Type(op)) {
				t.Fatalf("unknown opcode %d at %d", op, r.Offset())
			}
			key, err := r.ReadString()
			if err != nil {
				t.Fatal(err)
			}
			v, err := decodeValue(Type(op), r)
			if err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			if f.dbs[db] == nil {
				f.dbs[db] = map[string]rdbEntry{}
			}
			f.dbs[db][string(key)] = rdbEntry{v, expire}
			expire = 0
		}
	}
}

// TestRedisRDBFile reads an RDB file saved by real Redis, and has a fresh
// redis-server load an RDB file written here.
func TestRedisRDBFile(t *testing.T) {
	rc := redis(t)
	rc.must("FLUSHALL")
	defer rc.must("FLUSHALL")
	defer rc.must("FUNCTION", "FLUSH")
	rc.must("FUNCTION", "FLUSH")
	code := "#!lua name=filelib\nredis.register_function('ff', function() return 1 end)"
	rc.must("FUNCTION", "LOAD", code)
	rc.must("SELECT", 0)
	rc.must("SET", "plain", "v")
	rc.must("SET", "expiring", "v", "PXAT", 4102444800123)
	rc.must("HSET", "h", "f", "1")
	rc.must("SELECT", 2)
	rc.must("RPUSH", "l", "a", "b", 3)
	rc.must("ZADD", "z", "1.5", "m")
	rc.must("SAVE")
	data, err := os.ReadFile(filepath.Join(redisServer.dir, "dump.rdb"))
	if err != nil {
		t.Fatal(err)
	}
	f := loadRDBFile(t, data)
	if f.aux["redis-ver"] == "" || !slices.Equal(f.functions, []string{code}) {
		t.Fatalf("aux %v, functions %q", f.aux, f.functions)
	}
	if len(f.dbs[0]) != 3 || len(f.dbs[2]) != 2 || f.dbs[0]["expiring"].expireMs != 4102444800123 || f.dbs[0]["plain"].expireMs != 0 {
		t.Fatalf("dbs %v", f.dbs)
	}
	for db, keys := range f.dbs {
		rc.must("SELECT", int(db))
		for key, e := range keys {
			if want := commandView(t, rc, key); !sameValue(e.value, want) {
				t.Errorf("db %d %s: file has %q, Redis %q", db, key, e.value.elems, want.elems)
			}
		}
	}

	// Now the other way: write a file and start a server on it.
	var file bytes.Buffer
	w := NewWriter(&file)
	rec := AppendFileHeader(nil)
	rec = append(rec, OpAux)
	rec = AppendString(rec, []byte("redis-ver"), true)
	rec = AppendString(rec, []byte("7.0.15"), true)
	rec = append(rec, OpFunction2)
	rec = AppendString(rec, []byte(code), true)
	rec = append(rec, OpSelectDB)
	rec = AppendLength(rec, 3)
	rec = append(rec, OpResizeDB)
	rec = AppendLength(AppendLength(rec, 3), 1)
	rec = append(rec, OpExpireTimeMs)
	rec = AppendMillisecondTime(rec, 4102444800123)
	rec = append(rec, byte(TypeString))
	rec = AppendString(rec, []byte("exp"), true)
	rec = AppendString(rec, bytes.Repeat([]byte("compress me "), 10), true)
	var lp ListpackBuilder
	for _, s := range []string{"f1", "v1", "f2", "200"} {
		lp.AppendString([]byte(s))
	}
	rec = append(rec, byte(TypeHashListpack))
	rec = AppendString(rec, []byte("hash"), true)
	rec = AppendString(rec, lp.Finish(), true)
	rec = append(rec, byte(TypeSetIntset))
	rec = AppendString(rec, []byte("set"), true)
	rec = AppendString(rec, AppendIntset(nil, []int64{-3, 7, 70000}, 4), true)
	if _, err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteEOF(); err != nil {
		t.Fatal(err)
	}
	rc2 := startRedisOn(t, file.Bytes())
	rc2.must("SELECT", 3)
	if v := rc2.must("GET", "exp"); string(v.([]byte)) != string(bytes.Repeat([]byte("compress me "), 10)) {
		t.Errorf("exp = %q", v)
	}
	if v := rc2.must("PEXPIRETIME", "exp"); v != int64(4102444800123) {
		t.Errorf("PEXPIRETIME = %v", v)
	}
	if v := replyStrings(t, rc2.must("HGETALL", "hash")); !slices.Equal(v, []string{"f1", "v1", "f2", "200"}) {
		t.Errorf("HGETALL = %q", v)
	}
	if v := replyStrings(t, rc2.must("SMEMBERS", "set")); !slices.Equal(v, []string{"-3", "7", "70000"}) {
		t.Errorf("SMEMBERS = %q", v)
	}
	if v := rc2.must("FCALL", "ff", 0); v != int64(1) {
		t.Errorf("FCALL = %v", v)
	}
}

// startRedisOn starts a second, short-lived redis-server loading rdb, and
// stops it when the test ends.
func startRedisOn(t *testing.T, rdb []byte) *redisConn {
	t.Helper()
	dir, err := os.MkdirTemp("", "rdbload")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.WriteFile(filepath.Join(dir, "load.rdb"), rdb, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "redis.sock")
	path, _ := exec.LookPath("redis-server")
	cmd := exec.Command(path, "--port", "0", "--unixsocket", sock, "--save", "", "--appendonly", "no",
		"--dir", dir, "--dbfilename", "load.rdb")
	var log bytes.Buffer
	cmd.Stdout = &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for range 300 {
		if c, err := net.Dial("unix", sock); err == nil {
			t.Cleanup(func() { c.Close() })
			rc := &redisConn{t: t, c: c, r: bufio.NewReader(c)}
			for range 300 { // wait for the load to finish
				if reply := rc.do("PING"); fmt.Sprint(reply) == "[80 79 78 71]" {
					return rc
				}
				time.Sleep(10 * time.Millisecond)
			}
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("redis-server did not come up on the file:\n%s", log.String())
	return nil
}
