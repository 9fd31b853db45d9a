package lua

import (
	"bufio"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	glua "github.com/yuin/gopher-lua"
)

// This file holds the test side of differential testing: a real
// redis-server started for the test run, a minimal RESP client, and an
// EVAL emulation over State that renders results and errors the way Redis
// replies them, so both can be compared byte for byte.

var oracle struct {
	once sync.Once
	cmd  *exec.Cmd
	dir  string
	conn *redisConn
	err  error
}

// redisOracle returns a connection to a real redis-server shared by the
// test binary. Without redis-server the test is skipped, unless CI=true,
// where it fails.
func redisOracle(t *testing.T) *redisConn {
	t.Helper()
	oracle.once.Do(startOracle)
	if oracle.err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("redis-server is required in CI: %v", oracle.err)
		}
		t.Skipf("no redis-server: %v", oracle.err)
	}
	return oracle.conn
}

func startOracle() {
	path, err := exec.LookPath("redis-server")
	if err != nil {
		oracle.err = err
		return
	}
	dir, err := os.MkdirTemp("", "redwasm-lua-oracle")
	if err != nil {
		oracle.err = err
		return
	}
	sock := filepath.Join(dir, "redis.sock")
	cmd := exec.Command(path, "--port", "0", "--unixsocket", sock, "--save", "",
		"--appendonly", "no", "--dir", dir, "--logfile", filepath.Join(dir, "redis.log"))
	detachOnDeath(cmd)
	if err := cmd.Start(); err != nil {
		oracle.err = err
		return
	}
	oracle.cmd, oracle.dir = cmd, dir
	for i := 0; i < 200; i++ {
		if c, err := net.Dial("unix", sock); err == nil {
			oracle.conn = &redisConn{c: c, r: bufio.NewReader(c)}
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	oracle.err = fmt.Errorf("redis-server did not start")
	stopOracle()
}

func stopOracle() {
	if oracle.cmd != nil {
		oracle.cmd.Process.Kill()
		oracle.cmd.Wait()
		oracle.cmd = nil
	}
	if oracle.dir != "" {
		os.RemoveAll(oracle.dir)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	stopOracle()
	os.Exit(code)
}

type redisConn struct {
	c net.Conn
	r *bufio.Reader
}

// do sends a command and returns its reply rendered by renderReply.
func (rc *redisConn) do(args ...string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	rc.c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := rc.c.Write([]byte(b.String())); err != nil {
		return "", err
	}
	return rc.readReply()
}

// readReply reads one RESP2 reply in the text form renderReply produces.
func (rc *redisConn) readReply() (string, error) {
	line, err := rc.r.ReadString('\n')
	if err != nil {
		return "", err
	}
	line = strings.TrimSuffix(line, "\r\n")
	switch line[0] {
	case '+', '-', ':':
		return line, nil
	case '$':
		n, _ := strconv.Atoi(line[1:])
		if n < 0 {
			return "$nil", nil
		}
		buf := make([]byte, n+2)
		if _, err := ioReadFull(rc.r, buf); err != nil {
			return "", err
		}
		return "$" + string(buf[:n]), nil
	case '*':
		n, _ := strconv.Atoi(line[1:])
		if n < 0 {
			return "*nil", nil
		}
		items := make([]string, n)
		for i := range items {
			if items[i], err = rc.readReply(); err != nil {
				return "", err
			}
		}
		return "[" + strings.Join(items, ", ") + "]", nil
	}
	return "", fmt.Errorf("bad reply %q", line)
}

func ioReadFull(r *bufio.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// evalReply runs an EVAL body with no keys in s and renders the reply as
// Redis 7.0 would send it to a RESP2 client.
func evalReply(s *State, body string) string {
	sum := sha1.Sum([]byte(body))
	sha := hex.EncodeToString(sum[:])
	s.SetArgs(nil, nil)
	fn, err := s.Compile(body, "@user_script")
	if err != nil {
		return "-ERR Error compiling script (new function): user_script:" + err.Error()
	}
	v, serr := s.Call(fn)
	if serr != nil {
		return "-" + strings.NewReplacer("\r", " ", "\n", " ").Replace(serr.Reply(sha))
	}
	return luaToReply(v)
}

// luaToReply converts a script result as luaReplyToRedisReply does for
// the types our snippets return.
func luaToReply(v glua.LValue) string {
	switch v := v.(type) {
	case glua.LString:
		return "$" + string(v)
	case glua.LNumber:
		return ":" + strconv.FormatInt(toInteger(float64(v)), 10)
	case glua.LBool:
		if v {
			return ":1"
		}
		return "$nil"
	case *glua.LTable:
		if e, ok := v.RawGetString("err").(glua.LString); ok {
			return "-" + string(e)
		}
		if s, ok := v.RawGetString("ok").(glua.LString); ok {
			return "+" + string(s)
		}
		var items []string
		for i := 1; ; i++ {
			item := v.RawGetInt(i)
			if item == glua.LNil {
				break
			}
			items = append(items, luaToReply(item))
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	return "$nil"
}
