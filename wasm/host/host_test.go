package host

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/resp"
)

func newHost(t *testing.T) *Host {
	t.Helper()
	e, err := engine.New(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return New(e, Options{})
}

// run sends frames and returns what comes back, one string per frame:
// "conn kind payload", with OutLine and OutText payloads shown as
// "[state db] text".
func run(t *testing.T, h *Host, frames ...[]byte) []string {
	t.Helper()
	var in []byte
	for _, f := range frames {
		in = append(in, f...)
	}
	if err := h.Process(in); err != nil {
		t.Fatal(err)
	}
	return decode(t, h.TakeOutput())
}

func decode(t *testing.T, out []byte) []string {
	t.Helper()
	var got []string
	for len(out) > 0 {
		f, rest, err := NextFrame(out)
		if err != nil {
			t.Fatal(err)
		}
		out = rest
		switch f.Kind {
		case OutLine, OutText:
			kind := map[byte]string{OutLine: "line", OutText: "text"}[f.Kind]
			got = append(got, fmt.Sprintf("%d %s [%d %d] %s", f.Conn, kind, f.Payload[0], binary.LittleEndian.Uint32(f.Payload[1:]), f.Payload[5:]))
		case OutReplies:
			got = append(got, fmt.Sprintf("%d replies %q", f.Conn, f.Payload))
		case OutClosed:
			got = append(got, fmt.Sprintf("%d closed", f.Conn))
		default:
			t.Fatalf("unknown kind %d", f.Kind)
		}
	}
	return got
}

func connect(id uint32, proto byte) []byte { return AppendFrame(nil, id, InConnect, []byte{proto}) }

func requests(id uint32, cmds ...[]string) []byte {
	var b []byte
	for _, c := range cmds {
		argv := make([][]byte, len(c))
		for i, a := range c {
			argv[i] = []byte(a)
		}
		b = resp.AppendCommand(b, argv...)
	}
	return AppendFrame(nil, id, InRequests, b)
}

func line(id uint32, text string) []byte { return AppendFrame(nil, id, InLine, []byte(text)) }

func expect(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRawRequests(t *testing.T) {
	h := newHost(t)
	expect(t, run(t, h, connect(1, 2), requests(1, []string{"SET", "k", "v"}, []string{"GET", "k"})),
		`1 replies "+OK\r\n$1\r\nv\r\n"`)
	expect(t, run(t, h, connect(2, 3), requests(2, []string{"HGETALL", "nothing"})),
		`2 replies "%0\r\n"`)
	// A request split across two frames runs once it is whole.
	whole := requests(1, []string{"GET", "k"})[frameHeader:]
	expect(t, run(t, h, AppendFrame(nil, 1, InRequests, whole[:5])))
	expect(t, run(t, h, AppendFrame(nil, 1, InRequests, whole[5:])), `1 replies "$1\r\nv\r\n"`)
}

func TestLines(t *testing.T) {
	h := newHost(t)
	expect(t, run(t, h, connect(1, 2),
		line(1, `SET k "a b"`), line(1, "GET k"), line(1, "3 INCR n"), line(1, ""),
		line(1, `GET "k`), line(1, "0 PING"), line(1, "HELP nosuch"), line(1, "nosuch")),
		"1 line [0 0] OK\n",
		"1 line [0 0] \"a b\"\n",
		"1 line [0 0] (integer) 1\n(integer) 2\n(integer) 3\n",
		"1 line [0 0] ",
		"1 line [0 0] Invalid argument(s)\n",
		"1 line [0 0] Invalid redis-cli repeat command option value.\n",
		"1 line [0 0] \n",
		"1 line [0 0] (error) ERR unknown command 'nosuch', with args beginning with: \n")
}

func TestLinePromptState(t *testing.T) {
	h := newHost(t)
	expect(t, run(t, h, connect(1, 2),
		line(1, "SELECT 2"), line(1, "MULTI"), line(1, "SELECT 3"), line(1, "EXEC"), line(1, "SELECT x"),
		line(1, "MULTI"), line(1, "SELECT 5"), line(1, "DISCARD")),
		"1 line [0 2] OK\n",
		"1 line [1 2] OK\n",
		"1 line [1 3] QUEUED\n",
		"1 line [0 3] 1) OK\n",
		"1 line [0 3] (error) ERR value is not an integer or out of range\n",
		"1 line [1 3] OK\n",
		"1 line [1 5] QUEUED\n",
		"1 line [0 3] OK\n")
}

func TestLinePubSub(t *testing.T) {
	h := newHost(t)
	expect(t, run(t, h, connect(1, 2), connect(2, 2), line(1, "SUBSCRIBE news weather")),
		"1 line [2 0] Reading messages... (press Ctrl-C to quit)\n1) \"subscribe\"\n2) \"news\"\n3) (integer) 1\n",
		"1 text [2 0] 1) \"subscribe\"\n2) \"weather\"\n3) (integer) 2\n")
	expect(t, run(t, h, line(2, "PUBLISH news hello")),
		"2 line [0 0] (integer) 1\n",
		"1 text [2 0] 1) \"message\"\n2) \"news\"\n3) \"hello\"\n")
	// An error ends pub/sub mode, as in redis-cli.
	expect(t, run(t, h, connect(3, 2), line(3, "SUBSCRIBE")),
		"3 line [0 0] Reading messages... (press Ctrl-C to quit)\n(error) ERR wrong number of arguments for 'subscribe' command\n")
	// RESP3 pushes read as replies while subscribed.
	expect(t, run(t, h, connect(4, 3), line(4, "SUBSCRIBE news")),
		"4 line [2 0] Reading messages... (press Ctrl-C to quit)\n1) \"subscribe\"\n2) \"news\"\n3) (integer) 1\n")
	expect(t, run(t, h, line(2, "PUBLISH news again")),
		"2 line [0 0] (integer) 2\n",
		"1 text [2 0] 1) \"message\"\n2) \"news\"\n3) \"again\"\n",
		"4 text [2 0] 1) \"message\"\n2) \"news\"\n3) \"again\"\n")
}

func TestLineBlockingPop(t *testing.T) {
	h := newHost(t)
	if !engine.LookupCommand("blpop").Implemented() {
		t.Skip("BLPOP not implemented yet")
	}
	expect(t, run(t, h, connect(1, 2), connect(2, 2), line(1, "BLPOP queue 0"), line(1, "GET k")))
	expect(t, run(t, h, line(2, "RPUSH queue job")),
		"2 line [0 0] (integer) 1\n",
		"1 line [0 0] 1) \"queue\"\n2) \"job\"\n",
		"1 line [0 0] (nil)\n")
}

func TestBlockingPopRaw(t *testing.T) {
	h := newHost(t)
	if !engine.LookupCommand("blpop").Implemented() {
		t.Skip("BLPOP not implemented yet")
	}
	expect(t, run(t, h, connect(1, 2), connect(2, 2), requests(1, []string{"BLPOP", "q", "0"}, []string{"PING"})))
	expect(t, run(t, h, requests(2, []string{"LPUSH", "q", "x"})),
		`2 replies ":1\r\n"`,
		`1 replies "*2\r\n$1\r\nq\r\n$1\r\nx\r\n+PONG\r\n"`)
}

func TestElapsed(t *testing.T) {
	e, _ := engine.New(engine.Options{})
	// Each reading of the clock is 1.234s after the last: the line is
	// typed at one reading and answered at the next.
	now := time.Unix(1000, 0)
	h := New(e, Options{Now: func() time.Time { now = now.Add(1234 * time.Millisecond); return now }})
	expect(t, run(t, h, connect(1, 2), line(1, "PING")), "1 line [0 0] PONG\n(1.23s)\n")
}

func TestPausedClientsResume(t *testing.T) {
	h := newHost(t)
	expect(t, run(t, h, connect(1, 2), connect(2, 2), line(1, "CLIENT PAUSE 100000 WRITE")), "1 line [0 0] OK\n")
	// Writes wait while the server is paused; the reads behind them too.
	expect(t, run(t, h, requests(2, []string{"SET", "k", "v"}, []string{"GET", "k"})))
	expect(t, run(t, h, line(1, "CLIENT UNPAUSE")),
		"1 line [0 0] OK\n",
		`2 replies "+OK\r\n$1\r\nv\r\n"`)
}

func TestClosing(t *testing.T) {
	h := newHost(t)
	expect(t, run(t, h, connect(1, 2), requests(1, []string{"QUIT"})), `1 replies "+OK\r\n"`, "1 closed")
	if h.Conns() != 0 {
		t.Fatalf("%d conns open", h.Conns())
	}
	// Frames for a closed connection are dropped.
	expect(t, run(t, h, requests(1, []string{"PING"})))
	expect(t, run(t, h, connect(2, 2), connect(3, 2), line(3, "CLIENT ID")), "3 line [0 0] (integer) 3\n")
	expect(t, run(t, h, line(2, "CLIENT KILL ID 3")), "2 line [0 0] (integer) 1\n", "3 closed")
	expect(t, run(t, h, AppendFrame(nil, 2, InClose, nil)))
	if h.Conns() != 0 {
		t.Fatalf("%d conns open", h.Conns())
	}
}

func TestProcessRejectsMalformed(t *testing.T) {
	h := newHost(t)
	if err := h.Process([]byte{1, 2, 3}); err != ErrBadFrame {
		t.Fatalf("err = %v", err)
	}
}
