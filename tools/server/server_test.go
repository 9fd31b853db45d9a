package server

import (
	"bytes"
	"context"
	"io"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/redistest"
)

func TestMain(m *testing.M) { redistest.Main(m) }

// startServer serves a fresh engine on a free port for the test.
func startServer(t testing.TB, config map[string]string) string {
	t.Helper()
	e, err := engine.New(engine.Options{Config: config})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := New(e)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func TestGoRedisClient(t *testing.T) {
	addr := startServer(t, nil)
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	ctx := context.Background()
	if got, err := rdb.Ping(ctx).Result(); err != nil || got != "PONG" {
		t.Fatalf("PING = %q, %v", got, err)
	}
	if got, err := rdb.Echo(ctx, "héllo\r\n").Result(); err != nil || got != "héllo\r\n" {
		t.Fatalf("ECHO = %q, %v", got, err)
	}
	if _, err := rdb.Get(ctx, "missing").Result(); err != redis.Nil {
		t.Fatalf("GET missing: %v", err)
	}
	// A pipeline of many commands in one write.
	pipe := rdb.Pipeline()
	for i := 0; i < 1000; i++ {
		pipe.Echo(ctx, i)
	}
	cmds, err := pipe.Exec(ctx)
	if err != nil || len(cmds) != 1000 {
		t.Fatalf("pipeline: %d replies, %v", len(cmds), err)
	}
}

func TestRedisCLI(t *testing.T) {
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		redistest.Unavailable(t, err)
	}
	addr := startServer(t, nil)
	host, port, _ := net.SplitHostPort(addr)
	out, err := exec.Command(cli, "-h", host, "-p", port, "ECHO", "hello world").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "hello world" {
		t.Fatalf("redis-cli one-shot: %q, %v", out, err)
	}
	// Interactive mode reads commands from stdin when it is not a TTY.
	cmd := exec.Command(cli, "-h", host, "-p", port)
	cmd.Stdin = strings.NewReader("PING\nECHO \"a b\"\n")
	out, err = cmd.CombinedOutput()
	if err != nil || string(out) != "PONG\na b\n" {
		t.Fatalf("redis-cli stdin: %q, %v", out, err)
	}
}

// TestProtocolErrors sends malformed requests to redis-server and to
// redwasm-server over TCP: the same error, then the connection closes.
func TestProtocolErrors(t *testing.T) {
	redisAddr := redistest.Shared(t).Addr
	mine := startServer(t, nil)
	for _, req := range []string{
		"*1\r\n+PING\r\n",
		"*x\r\n",
		"*1\r\n$-5\r\n",
		"*1\r\n$999999999999\r\n",
		"*3000000000\r\n",
		"SET \"unbalanced\r\n",
		"*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n",
		"PING\r\n" + strings.Repeat("x", 70000),
	} {
		real, mineOut := exchangeUntilClose(t, redisAddr, req), exchangeUntilClose(t, mine, req)
		if !bytes.Equal(real, mineOut) {
			t.Errorf("%q\n  redis-server: %q\n  redwasm:      %q", req, real, mineOut)
		}
	}
}

// exchangeUntilClose sends req and reads until the server closes the
// connection or a second passes.
func exchangeUntilClose(t *testing.T, addr, req string) []byte {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte(req))
	c.SetReadDeadline(time.Now().Add(time.Second))
	out, _ := io.ReadAll(c)
	return out
}

func BenchmarkPingPipeline(b *testing.B) {
	addr := startServer(b, nil)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	req := bytes.Repeat([]byte("*1\r\n$4\r\nPING\r\n"), 100)
	buf := make([]byte, 7*100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Write(req)
		io.ReadFull(c, buf)
	}
}
