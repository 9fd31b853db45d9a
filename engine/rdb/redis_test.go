package rdb

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The differential tests run against a real redis-server 7.0, started once
// for the package on a unix socket in a temporary directory. Without
// redis-server they skip, except under CI=true, where they fail.

var redisServer struct {
	once sync.Once
	cmd  *exec.Cmd
	dir  string
	sock string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if redisServer.cmd != nil {
		redisServer.cmd.Process.Kill()
		redisServer.cmd.Wait()
	}
	if redisServer.dir != "" {
		os.RemoveAll(redisServer.dir)
	}
	os.Exit(code)
}

// redis returns a client of the shared test server, starting it on first
// use. The server runs with sanitize-dump-payload yes, so RESTORE checks
// payloads as deeply as the loaders here do.
func redis(t testing.TB) *redisConn {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("redis-server is required under CI=true:", err)
		}
		t.Skip("redis-server not installed")
	}
	s := &redisServer
	s.once.Do(func() {
		s.dir, s.err = os.MkdirTemp("", "rdbtest")
		if s.err != nil {
			return
		}
		s.sock = filepath.Join(s.dir, "redis.sock")
		s.cmd = exec.Command(path, "--port", "0", "--unixsocket", s.sock,
			"--save", "", "--appendonly", "no", "--dir", s.dir,
			"--sanitize-dump-payload", "yes")
		if s.err = s.cmd.Start(); s.err != nil {
			s.cmd = nil
			return
		}
		for range 200 {
			if c, err := net.Dial("unix", s.sock); err == nil {
				c.Close()
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		s.err = fmt.Errorf("redis-server did not open %s", s.sock)
	})
	if s.err != nil {
		t.Fatal(s.err)
	}
	c, err := net.Dial("unix", s.sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	rc := &redisConn{t: t, c: c, r: bufio.NewReader(c)}
	if v := rc.do("INFO", "server"); !containsBytes(v.([]byte), "redis_version:7.0.") {
		t.Fatalf("want redis 7.0, got:\n%s", v)
	}
	return rc
}

func containsBytes(b []byte, s string) bool {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return true
		}
	}
	return false
}

type redisConn struct {
	t testing.TB
	c net.Conn
	r *bufio.Reader
}

// redisError is an error reply.
type redisError string

// do sends a command and returns its reply: []byte for bulk and simple
// strings, int64, nil, []any, or redisError. Arguments may be strings,
// []byte or ints.
func (rc *redisConn) do(args ...any) any {
	rc.t.Helper()
	buf := fmt.Appendf(nil, "*%d\r\n", len(args))
	for _, a := range args {
		var b []byte
		switch a := a.(type) {
		case string:
			b = []byte(a)
		case []byte:
			b = a
		case int:
			b = strconv.AppendInt(nil, int64(a), 10)
		case int64:
			b = strconv.AppendInt(nil, a, 10)
		default:
			rc.t.Fatalf("bad argument %T", a)
		}
		buf = fmt.Appendf(buf, "$%d\r\n", len(b))
		buf = append(append(buf, b...), "\r\n"...)
	}
	if _, err := rc.c.Write(buf); err != nil {
		rc.t.Fatal(err)
	}
	v, err := rc.reply()
	if err != nil {
		rc.t.Fatal(err)
	}
	return v
}

// must is do for commands that must not fail.
func (rc *redisConn) must(args ...any) any {
	rc.t.Helper()
	v := rc.do(args...)
	if e, ok := v.(redisError); ok {
		rc.t.Fatalf("%v: %s", args, e)
	}
	return v
}

func (rc *redisConn) reply() (any, error) {
	line, err := rc.r.ReadBytes('\n')
	if err != nil {
		return nil, err
	}
	if len(line) < 3 {
		return nil, fmt.Errorf("short reply line %q", line)
	}
	body := string(line[1 : len(line)-2])
	switch line[0] {
	case '+':
		return []byte(body), nil
	case '-':
		return redisError(body), nil
	case ':':
		return strconv.ParseInt(body, 10, 64)
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err
		}
		b := make([]byte, n+2)
		if _, err := ioReadFull(rc.r, b); err != nil {
			return nil, err
		}
		return b[:n], nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil || n < 0 {
			return nil, err
		}
		out := make([]any, n)
		for i := range out {
			if out[i], err = rc.reply(); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown reply %q", line)
}

func ioReadFull(r *bufio.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// strings converts an array reply of bulk strings.
func replyStrings(t testing.TB, v any) []string {
	t.Helper()
	arr, ok := v.([]any)
	if !ok {
		t.Fatalf("want array, got %T %v", v, v)
	}
	out := make([]string, len(arr))
	for i, e := range arr {
		b, ok := e.([]byte)
		if !ok {
			t.Fatalf("want bulk string, got %T %v", e, e)
		}
		out[i] = string(b)
	}
	return out
}
