package host

import (
	"time"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/resp"
)

// Options configure a Host.
type Options struct {
	// Now tells the time for redis-cli's "(0.52s)" line after slow
	// commands; it defaults to time.Now.
	Now func() time.Time
}

// A Host serves one engine to a page. The page sends frames (Process);
// the host runs them against the engine's clients and collects the
// frames to send back (TakeOutput). A Host is used from one goroutine.
type Host struct {
	e     *engine.Engine
	now   func() time.Time
	conns map[uint32]*conn
	woken []*conn // connections with output or input to retry
	out   []byte  // frames for the page
	reply []byte  // scratch buffer for Exchange's output
}

// A conn is one connection of the page: an engine client and what the
// host keeps for it.
type conn struct {
	id uint32
	c  *engine.Client
	// pending is input the engine has not consumed yet because the client
	// waits (a blocking command, a paused server). It is retried when the
	// engine wakes the client.
	pending []byte
	// lines is the redis-cli prompt of the connection, made at its first
	// typed line; lineMode is set while typed lines (rather than raw
	// requests) are being answered.
	lines    *lineSession
	lineMode bool
	woken    bool
	closed   bool
}

// New returns a host serving e.
func New(e *engine.Engine, opts Options) *Host {
	h := &Host{e: e, now: opts.Now, conns: map[uint32]*conn{}}
	if h.now == nil {
		h.now = time.Now
	}
	return h
}

// Engine returns the engine the host serves.
func (h *Host) Engine() *engine.Engine { return h.e }

// Process runs a buffer of frames from the page, in order. Output
// collects in the host until TakeOutput. A malformed buffer is refused
// from the frame that does not parse; the frames before it have run.
func (h *Host) Process(frames []byte) error {
	for len(frames) > 0 {
		f, rest, err := NextFrame(frames)
		if err != nil {
			return err
		}
		frames = rest
		h.processFrame(f)
	}
	h.drainWoken()
	return nil
}

func (h *Host) processFrame(f Frame) {
	if f.Kind == InConnect {
		h.connect(f.Conn, f.Payload)
		return
	}
	c := h.conns[f.Conn]
	if c == nil {
		// A frame for a connection that is gone (closed by the engine
		// while the page was sending): the page already has OutClosed.
		return
	}
	switch f.Kind {
	case InRequests:
		c.lineMode = false
		h.feed(c, f.Payload)
	case InLine:
		c.lineMode = true
		if c.lines == nil {
			c.lines = &lineSession{}
		}
		h.feed(c, c.lines.typed(string(f.Payload), h.now()))
	case InClose:
		h.close(c, false)
	}
}

// connect opens connection id, speaking the protocol version in its
// payload. Opening an id that is open already replaces the connection.
func (h *Host) connect(id uint32, payload []byte) {
	if old := h.conns[id]; old != nil {
		h.close(old, false)
	}
	c := &conn{id: id}
	c.c = h.e.NewClient(engine.ClientOptions{Addr: "page:" + itoa(int(id)), Notify: func() { h.wake(c) }})
	h.conns[id] = c
	if len(payload) > 0 && payload[0] == 3 {
		hello := resp.AppendCommand(nil, []byte("HELLO"), []byte("3"))
		c.c.Exchange(hello, nil) // its reply, the server's description, is not wanted
	}
}

// wake is the engine's Notify: called with the engine locked, it only
// notes the connection.
func (h *Host) wake(c *conn) {
	if !c.woken {
		c.woken = true
		h.woken = append(h.woken, c)
	}
}

// feed passes input, after any pending input, to the connection's client
// and delivers what it answers.
func (h *Host) feed(c *conn, input []byte) {
	if c.closed {
		return
	}
	if len(c.pending) > 0 {
		c.pending = append(c.pending, input...)
		input = c.pending
	}
	consumed, out, closing := c.c.Exchange(input, h.reply[:0])
	h.reply = out[:0]
	rest := input[consumed:]
	if len(c.pending) > 0 {
		c.pending = c.pending[:copy(c.pending, rest)]
	} else if len(rest) > 0 {
		c.pending = append([]byte(nil), rest...)
	}
	h.deliver(c, out)
	if closing {
		h.close(c, true)
	}
}

// deliver frames a connection's output for the page.
func (h *Host) deliver(c *conn, out []byte) {
	if c.lineMode {
		h.out = c.lines.replies(out, c.id, h.now(), h.out)
		return
	}
	if len(out) > 0 {
		h.out = AppendFrame(h.out, c.id, OutReplies, out)
	}
}

// drainWoken collects the output of connections the engine woke, and
// retries their pending input, until none is left. Serving one client can
// wake others (a PUBLISH, a push that serves a blocked pop).
func (h *Host) drainWoken() {
	for len(h.woken) > 0 {
		woken := h.woken
		h.woken = nil
		for _, c := range woken {
			c.woken = false
			h.feed(c, nil)
		}
	}
}

// close disconnects c; byEngine tells the page it happened on the
// engine's side (QUIT, CLIENT KILL).
func (h *Host) close(c *conn, byEngine bool) {
	if c.closed {
		return
	}
	c.closed = true
	delete(h.conns, c.id)
	c.c.Close()
	if byEngine {
		h.out = AppendFrame(h.out, c.id, OutClosed, nil)
	}
}

// Cron runs the engine's periodic work (active expiry, blocking
// timeouts) and collects the output it causes.
func (h *Host) Cron() {
	h.e.Cron()
	h.drainWoken()
}

// TakeOutput returns the frames collected since the last call. The slice
// is valid until the next call to a Host method.
func (h *Host) TakeOutput() []byte {
	out := h.out
	h.out = h.out[:0]
	return out
}

// Conns returns how many connections are open.
func (h *Host) Conns() int { return len(h.conns) }

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
