package lua

import (
	"bufio"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	glua "github.com/yuin/gopher-lua"

	"github.com/redwasm/redwasm/engine/redistest"
)

// This file holds the test side of differential testing: the real
// redis-server redistest starts for the test binary, a minimal RESP
// client for the snippet tests, and an EVAL emulation over State that
// renders results and errors the way Redis replies them, so both can be
// compared byte for byte.

func TestMain(m *testing.M) { redistest.Main(m) }

var oracle struct {
	once sync.Once
	conn *redisConn
	err  error
}

// redisOracle returns a connection to the shared redis-server. Without
// redis-server the test is skipped, unless CI=true, where it fails.
func redisOracle(t *testing.T) *redisConn {
	t.Helper()
	srv := redistest.Shared(t)
	oracle.once.Do(func() {
		c, err := net.Dial("tcp", srv.Addr)
		if err != nil {
			oracle.err = err
			return
		}
		oracle.conn = &redisConn{c: c, r: bufio.NewReader(c)}
	})
	if oracle.err != nil {
		redistest.Unavailable(t, oracle.err)
	}
	return oracle.conn
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
		return "-ERR Error compiling script (new function): " + err.Error()
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
