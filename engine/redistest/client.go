package redistest

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// Client is a plain RESP client for tests that talk to a redis-server
// directly rather than through a Pair: send commands, read parsed replies.
type Client struct {
	t    testing.TB
	conn *NetConn
}

// StartClient starts a redis-server of its own for the test, with the
// given extra options, and connects to it; both go when the test ends.
// Without redis-server the test skips (fails under CI=true).
func StartClient(t testing.TB, extraArgs ...string) *Client {
	t.Helper()
	srv, err := Start(extraArgs...)
	if err != nil {
		Unavailable(t, err)
	}
	t.Cleanup(srv.Stop)
	conn, err := Dial(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &Client{t: t, conn: conn}
}

// Send writes a command without reading its reply. Arguments may be
// strings, byte slices or integers.
func (c *Client) Send(args ...any) {
	c.t.Helper()
	argv := make([][]byte, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			argv[i] = []byte(v)
		case []byte:
			argv[i] = v
		case int:
			argv[i] = strconv.AppendInt(nil, int64(v), 10)
		case int64:
			argv[i] = strconv.AppendInt(nil, v, 10)
		default:
			c.t.Fatalf("redistest: argument of type %T", a)
		}
	}
	if err := c.conn.Send(resp.AppendCommand(nil, argv...)); err != nil {
		c.t.Fatal(err)
	}
}

// Read reads the next reply.
func (c *Client) Read() resp.Value {
	c.t.Helper()
	raw, err := c.conn.Read(ReplyTimeout)
	if err != nil {
		c.t.Fatal(err)
	}
	v, _, err := resp.ParseReply(raw)
	if err != nil {
		c.t.Fatal(fmt.Errorf("reply %q: %v", raw, err))
	}
	return v
}

// Do sends a command and reads its reply.
func (c *Client) Do(args ...any) resp.Value {
	c.t.Helper()
	c.Send(args...)
	return c.Read()
}
