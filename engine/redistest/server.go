package redistest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Server is a real redis-server started for a test run.
type Server struct {
	Addr string
	cmd  *exec.Cmd
	dir  string
}

var (
	shared     *Server
	sharedErr  error
	compared   atomic.Int64
	mismatches atomic.Int64
)

// ExtraArgs are redis-server options every test server gets, matching what
// the engine side is configured with.
var ExtraArgs = []string{"--enable-debug-command", "yes"}

// Main starts the shared redis-server, runs the tests, stops the server
// and prints how many replies were compared. Use it as TestMain.
func Main(m *testing.M) {
	shared, sharedErr = Start(ExtraArgs...)
	code := m.Run()
	if shared != nil {
		shared.Stop()
	}
	if n := compared.Load(); n > 0 {
		fmt.Printf("fidelity: compared %d replies with redis-server, %d mismatches\n", n, mismatches.Load())
		report(n, mismatches.Load())
	}
	os.Exit(code)
}

// Shared returns the server Main started, skipping or failing t when
// there is none.
func Shared(t testing.TB) *Server {
	t.Helper()
	if shared == nil {
		Unavailable(t, sharedErr)
	}
	return shared
}

// Unavailable skips t because redis-server cannot be used, or fails it
// under CI=true.
func Unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("redis-server is required under CI=true: %v", err)
	}
	t.Skipf("redis-server unavailable: %v", err)
}

// Start starts a redis-server on a free port with no persistence and the
// given extra options.
func Start(args ...string) (*Server, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "redistest")
	if err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	argv := append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no",
		"--logfile", filepath.Join(dir, "redis.log")}, args...)
	cmd := exec.Command(bin, argv...)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{Addr: "127.0.0.1:" + strconv.Itoa(port), cmd: cmd, dir: dir}
	if err := WaitReady(s.Addr, 10*time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// WaitReady waits until a RESP server at addr answers PING.
func WaitReady(addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if conn, err := net.Dial("tcp", addr); err == nil {
			fmt.Fprintf(conn, "PING\r\n")
			line, _ := bufio.NewReader(conn).ReadString('\n')
			conn.Close()
			if strings.HasPrefix(line, "+PONG") {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("no server answered PING on %s", addr)
}

// Stop kills the server and removes its folder.
func (s *Server) Stop() {
	if s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
	os.RemoveAll(s.dir)
}

// Dir is the server's working directory.
func (s *Server) Dir() string { return s.dir }

// FreePort returns a TCP port that was free a moment ago.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// report appends this test binary's counts to the file named by
// $REDWASM_FIDELITY_REPORT, which make test sums up.
func report(n, bad int64) {
	path := os.Getenv("REDWASM_FIDELITY_REPORT")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%s %d %d\n", filepath.Base(os.Args[0]), n, bad)
}
