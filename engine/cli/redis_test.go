package cli

// Helpers for the differential tests: a real redis-server, a fake server
// that answers with chosen reply bytes, and redis-cli run as a subprocess.

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/resp"
)

// tool finds a Redis program. Without it the test fails in CI and is
// skipped elsewhere.
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return path
}

// socketDir returns a short temporary directory: Unix socket paths are
// limited to about 100 bytes, and t.TempDir's names can be long.
func socketDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "cli")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// startRedis starts a real redis-server listening on a Unix socket only and
// returns the socket's path. The server is killed when the test ends.
func startRedis(t *testing.T) string {
	t.Helper()
	server := tool(t, "redis-server")
	dir := socketDir(t)
	sock := filepath.Join(dir, "redis.sock")
	cmd := exec.Command(server, "--port", "0", "--unixsocket", sock,
		"--save", "", "--appendonly", "no", "--dir", dir,
		"--enable-debug-command", "yes", "--logfile", filepath.Join(dir, "log"))
	dieWithTest(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			return sock
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			t.Fatalf("redis-server did not start:\n%s", log)
		}
	}
}

// conn is a plain RESP connection, for reading replies exactly as the
// server sends them.
type conn struct {
	t   *testing.T
	c   net.Conn
	buf []byte
}

func dial(t *testing.T, sock string) *conn {
	t.Helper()
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &conn{t: t, c: c}
}

// do sends a command and returns its reply.
func (c *conn) do(args ...string) resp.Value {
	c.t.Helper()
	req := resp.AppendCommand(nil, toBytes(args)...)
	if _, err := c.c.Write(req); err != nil {
		c.t.Fatal(err)
	}
	return c.read()
}

// read returns the next reply, waiting for it.
func (c *conn) read() resp.Value {
	c.t.Helper()
	c.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		v, n, err := resp.ParseReply(c.buf)
		if err == nil {
			// The next read may reuse the buffer the value points into.
			c.buf = append([]byte(nil), c.buf[n:]...)
			return v
		}
		if !errors.Is(err, resp.ErrIncomplete) {
			c.t.Fatalf("bad reply %q: %v", c.buf, err)
		}
		chunk := make([]byte, 64*1024)
		m, err := c.c.Read(chunk)
		if err != nil {
			c.t.Fatalf("read: %v", err)
		}
		c.buf = append(c.buf, chunk[:m]...)
	}
}

func toBytes(args []string) [][]byte {
	out := make([][]byte, len(args))
	for i, a := range args {
		out[i] = []byte(a)
	}
	return out
}

// fakeServer speaks just enough RESP for redis-cli: it records every command
// it receives and answers with whatever its reply function returns. After
// answering a command named in hangUpAfter it closes the connection.
type fakeServer struct {
	sock        string
	reply       func(args []string) []byte
	hangUpAfter []string

	mu       sync.Mutex
	received [][]string
}

func startFake(t *testing.T, reply func(args []string) []byte, hangUpAfter ...string) *fakeServer {
	t.Helper()
	f := &fakeServer{sock: filepath.Join(socketDir(t), "fake.sock"), reply: reply, hangUpAfter: hangUpAfter}
	ln, err := net.Listen("unix", f.sock)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				f.serve(c)
			}()
		}
	}()
	return f
}

func (f *fakeServer) serve(c net.Conn) {
	defer c.Close()
	var buf []byte
	chunk := make([]byte, 64*1024)
	lim := resp.RequestLimits{MaxBulkLen: resp.DefaultMaxBulkLen, Authenticated: true}
	for {
		args, n, err := resp.ParseRequest(buf, lim, nil)
		if errors.Is(err, resp.ErrIncomplete) {
			m, err := c.Read(chunk)
			if err != nil {
				return
			}
			buf = append(buf, chunk[:m]...)
			continue
		}
		if err != nil {
			return
		}
		buf = buf[n:]
		if len(args) == 0 {
			continue
		}
		strs := make([]string, len(args))
		for i, a := range args {
			strs[i] = string(a)
		}
		f.mu.Lock()
		f.received = append(f.received, strs)
		f.mu.Unlock()
		if _, err := c.Write(f.reply(strs)); err != nil {
			return
		}
		for _, name := range f.hangUpAfter {
			if strings.EqualFold(strs[0], name) {
				return
			}
		}
	}
}

// takeReceived returns the commands received so far and forgets them.
func (f *fakeServer) takeReceived() [][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.received
	f.received = nil
	return r
}

// runCLI runs redis-cli with stdin and returns what it printed on stdout.
// Anything on stderr, or a failure exit, fails the test.
func runCLI(t *testing.T, stdin []byte, args ...string) string {
	t.Helper()
	out, errOut, err := runCLIStatus(t, stdin, args...)
	if err != nil || errOut != "" {
		t.Fatalf("redis-cli %q: %v\nstderr: %s", args, err, errOut)
	}
	return out
}

// runCLIStatus runs redis-cli and returns stdout, stderr and its exit error.
func runCLIStatus(t *testing.T, stdin []byte, args ...string) (string, string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool(t, "redis-cli"), args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// separator is the status reply to the SEP command that cliSession types
// after each line; both output forms print a status line as it is.
const separator = "--8<-- line separator --8<--"

// cliSession types lines at a redis-cli prompt (stdin not a terminal, so no
// prompt is printed) connected to a fake server answering with reply, and
// returns what redis-cli printed for each line and the commands the server
// received for it. After each line it types SEP, whose reply separates the
// output. cliArgs are redis-cli's options.
func cliSession(t *testing.T, lines []string, reply func(args []string) []byte, cliArgs ...string) ([]string, [][][]string) {
	t.Helper()
	started := false
	f := startFake(t, func(args []string) []byte {
		if !started { // COMMAND DOCS, sent as the prompt starts
			started = true
			return []byte("*0\r\n")
		}
		if args[0] == "SEP" {
			return []byte("+" + separator + "\r\n")
		}
		return reply(args)
	})
	var stdin strings.Builder
	for _, l := range lines {
		stdin.WriteString(l + "\nSEP\n")
	}
	out := runCLI(t, []byte(stdin.String()), append([]string{"-s", f.sock}, cliArgs...)...)
	parts := strings.Split(out, separator+"\n")
	if len(parts) != len(lines)+1 || parts[len(lines)] != "" {
		t.Fatalf("redis-cli printed %d parts for %d lines:\n%s", len(parts), len(lines), out)
	}
	received := make([][][]string, len(lines))
	i := 0
	for _, cmd := range f.takeReceived()[1:] {
		if cmd[0] == "SEP" {
			i++
			continue
		}
		received[i] = append(received[i], cmd)
	}
	return parts[:len(lines)], received
}
