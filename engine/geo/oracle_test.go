package geo

// A real redis-server, started per test, as the oracle for differential
// tests. When redis-server is not installed the differential tests skip,
// except under CI=true where they fail.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

type oracle struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	w    *bufio.Writer
}

// reply is one RESP2 reply: kind is the type byte ('+', '-', ':', '$', '*').
type reply struct {
	kind  byte
	str   []byte // simple, error and bulk text
	num   int64
	null  bool
	elems []reply
}

func (r reply) String() string {
	switch r.kind {
	case '*':
		return fmt.Sprint(r.elems)
	case ':':
		return strconv.FormatInt(r.num, 10)
	}
	if r.null {
		return "(nil)"
	}
	return string(r.kind) + strconv.Quote(string(r.str))
}

func startOracle(t *testing.T, extraArgs ...string) *oracle {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("redis-server is required under CI: ", err)
		}
		t.Skip("redis-server not installed")
	}
	dir := t.TempDir()
	sock := filepath.Join(dir, "redis.sock")
	args := append([]string{"--port", "0", "--unixsocket", sock, "--save", "",
		"--appendonly", "no", "--dir", dir}, extraArgs...)
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	var conn net.Conn
	for deadline := time.Now().Add(10 * time.Second); ; {
		conn, err = net.Dial("unix", sock)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not start: ", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Cleanup(func() { conn.Close() })
	return &oracle{t: t, conn: conn, r: bufio.NewReader(conn), w: bufio.NewWriter(conn)}
}

func (o *oracle) send(args ...any) {
	fmt.Fprintf(o.w, "*%d\r\n", len(args))
	for _, a := range args {
		var b []byte
		switch v := a.(type) {
		case string:
			b = []byte(v)
		case []byte:
			b = v
		case int:
			b = []byte(strconv.Itoa(v))
		default:
			o.t.Fatalf("oracle: argument of type %T", a)
		}
		fmt.Fprintf(o.w, "$%d\r\n", len(b))
		o.w.Write(b)
		o.w.WriteString("\r\n")
	}
}

// do sends one command and reads its reply.
func (o *oracle) do(args ...any) reply {
	o.send(args...)
	return o.read()
}

func (o *oracle) read() reply {
	if err := o.w.Flush(); err != nil {
		o.t.Fatal(err)
	}
	rep, err := readReply(o.r)
	if err != nil {
		o.t.Fatal(err)
	}
	return rep
}

func readReply(r *bufio.Reader) (reply, error) {
	line, err := r.ReadBytes('\n')
	if err != nil {
		return reply{}, err
	}
	if len(line) < 3 {
		return reply{}, fmt.Errorf("short line %q", line)
	}
	kind, body := line[0], line[1:len(line)-2]
	switch kind {
	case '+', '-':
		return reply{kind: kind, str: bytes.Clone(body)}, nil
	case ':':
		n, err := strconv.ParseInt(string(body), 10, 64)
		return reply{kind: kind, num: n}, err
	case '$':
		n, err := strconv.Atoi(string(body))
		if err != nil {
			return reply{}, err
		}
		if n < 0 {
			return reply{kind: kind, null: true}, nil
		}
		b := make([]byte, n+2)
		if _, err := io.ReadFull(r, b); err != nil {
			return reply{}, err
		}
		return reply{kind: kind, str: b[:n]}, nil
	case '*':
		n, err := strconv.Atoi(string(body))
		if err != nil {
			return reply{}, err
		}
		if n < 0 {
			return reply{kind: kind, null: true}, nil
		}
		rep := reply{kind: kind, elems: make([]reply, n)}
		for i := range rep.elems {
			if rep.elems[i], err = readReply(r); err != nil {
				return reply{}, err
			}
		}
		return rep, nil
	}
	return reply{}, fmt.Errorf("unexpected reply %q", line)
}
