package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// These tests run redwasm-server and redis-server as processes over the
// same directories: the interop tests make each load the other's files,
// the crash test kills redwasm-server under load.

// redwasmBin is the redwasm-server binary TestMain builds.
var redwasmBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "redwasm-server-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	redwasmBin = filepath.Join(dir, "redwasm-server")
	build := exec.Command("go", "build", "-o", redwasmBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building redwasm-server:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// proc is a server process and one connection to it.
type proc struct {
	t    testing.TB
	name string
	dir  string
	cmd  *exec.Cmd
	addr string
	conn *redistest.NetConn
	// exited is closed once the process has exited.
	exited chan struct{}
}

// startProc starts bin with args plus a free port, and connects.
func startProc(t testing.TB, name, bin, dir string, args ...string) *proc {
	t.Helper()
	port, err := redistest.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	argv := append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir,
		"--enable-debug-command", "yes"}, args...)
	cmd := exec.Command(bin, argv...)
	logFile, err := os.OpenFile(filepath.Join(dir, name+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logFile.Close()
	p := &proc{t: t, name: name, dir: dir, cmd: cmd, addr: "127.0.0.1:" + strconv.Itoa(port), exited: make(chan struct{})}
	go func() { cmd.Wait(); close(p.exited) }()
	t.Cleanup(p.kill)
	if err := redistest.WaitReady(p.addr, 20*time.Second); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, name+".log"))
		t.Fatalf("%s did not start: %v\n%s", name, err, log)
	}
	if p.conn, err = redistest.Dial(p.addr); err != nil {
		t.Fatal(err)
	}
	return p
}

func startRedwasm(t testing.TB, dir string, args ...string) *proc {
	t.Helper()
	return startProc(t, "redwasm-server", redwasmBin, dir, args...)
}

func startRedis(t testing.TB, dir string, args ...string) *proc {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		redistest.Unavailable(t, err)
	}
	return startProc(t, "redis-server", bin, dir, append([]string{"--daemonize", "no"}, args...)...)
}

// do runs a command and returns its reply; errors fail the test unless
// the caller expects them (doErr).
func (p *proc) do(args ...string) resp.Value {
	p.t.Helper()
	v := p.doErr(args...)
	if v.Type == resp.Error {
		log, _ := os.ReadFile(filepath.Join(p.dir, p.name+".log"))
		p.t.Fatalf("%s: %q: %s\nits log ends:\n%s", p.name, args, v.Str, log[max(0, len(log)-2000):])
	}
	return v
}

func (p *proc) doErr(args ...string) resp.Value {
	p.t.Helper()
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	if err := p.conn.Send(resp.AppendCommand(nil, argv...)); err != nil {
		p.t.Fatalf("%s: %v", p.name, err)
	}
	raw, err := p.conn.Read(30 * time.Second)
	if err != nil {
		p.t.Fatalf("%s: %q: %v", p.name, args, err)
	}
	v, _, err := resp.ParseReply(raw)
	if err != nil {
		p.t.Fatalf("%s: bad reply %q", p.name, raw)
	}
	return v
}

// pipeline sends many commands at once and checks that none failed.
func (p *proc) pipeline(cmds [][]string) {
	p.t.Helper()
	var req []byte
	for _, c := range cmds {
		argv := make([][]byte, len(c))
		for i, a := range c {
			argv[i] = []byte(a)
		}
		req = resp.AppendCommand(req, argv...)
	}
	if err := p.conn.Send(req); err != nil {
		p.t.Fatal(err)
	}
	for _, c := range cmds {
		raw, err := p.conn.Read(30 * time.Second)
		if err != nil {
			p.t.Fatalf("%s: %q: %v", p.name, c, err)
		}
		if len(raw) > 0 && raw[0] == '-' {
			p.t.Fatalf("%s: %q: %s", p.name, c, raw)
		}
	}
}

// info returns one field of INFO.
func (p *proc) info(field string) string {
	p.t.Helper()
	text := string(p.do("INFO", "all").Str)
	for _, line := range strings.Split(text, "\r\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return v
		}
	}
	return ""
}

// waitInfo waits until INFO field has the value.
func (p *proc) waitInfo(field, value string) {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if p.info(field) == value {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.t.Fatalf("%s: INFO %s never became %s", p.name, field, value)
}

// shutdown sends SHUTDOWN with args and waits for the process to exit.
func (p *proc) shutdown(args ...string) {
	p.t.Helper()
	argv := [][]byte{[]byte("SHUTDOWN")}
	for _, a := range args {
		argv = append(argv, []byte(a))
	}
	p.conn.Send(resp.AppendCommand(nil, argv...))
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		p.t.Fatalf("%s did not exit after SHUTDOWN", p.name)
	}
	p.conn.Close()
}

// kill stops the process at once (SIGKILL), if it still runs.
func (p *proc) kill() {
	select {
	case <-p.exited:
		return
	default:
	}
	p.cmd.Process.Kill()
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
	}
	if p.conn != nil {
		p.conn.Close()
	}
}
