package engine

import (
	"errors"
	"time"

	"github.com/redwasm/redwasm/engine/resp"
)

// A Client is one connection to the engine: a TCP connection of the native
// server, a console pane, a Lua script's caller. It has its own selected
// database, protocol version, name, transaction and subscriptions.
//
// Hosts feed a client the bytes it sent (Feed) and collect the RESP bytes
// it must receive (TakeOutput). Output can also arrive between feeds (a
// published message, a blocked command served): the engine then calls the
// client's notify function, and the host collects it.
type Client struct {
	e     *Engine
	id    int64
	fd    int // a stand-in for the socket's descriptor, for CLIENT LIST
	db    *DB
	proto int // 2 or 3
	name  string
	addr  string // "ip:port" of the peer, or a host-chosen label
	laddr string

	created       time.Time
	lastCommandAt int64 // unix ms
	lastCmd       *Command
	effect        callEffects // of the command running now

	out    []byte // RESP bytes waiting for the host
	reply  Writer // where the current command's reply goes
	notify func()

	args [][]byte // reused argument slice

	multi      *multiState // the open transaction, or nil
	watched    map[watchedKey]*watch
	watchDirty bool // a watched key changed: EXEC will fail
	inExec     bool // running EXEC's queue: blocking commands do not block

	subs         clientSubscriptions
	blocked      *blockedState // non-nil while a command waits (blocking command, CLIENT PAUSE)
	stillBlocked bool          // the retried parked command blocked again
	replyOn      replyMode
	monitor      bool
	noEvict      bool
	memCounted   int64 // this client's part of used_memory (memaccount.go)

	softLimitSince int64 // unix ms when output first passed the soft limit

	// The command running now, for block to park.
	runningCmd  *Command
	runningArgs [][]byte

	// Scripts: scriptCaller is the client whose script runs this client's
	// commands (nil for real clients); noBlock makes blocking commands
	// answer at once.
	scriptCaller *Client
	noBlock      bool
	// replaying marks a client that replays recorded effects (an AOF
	// being loaded), Redis's mustObeyClient: what was accepted once runs
	// as recorded (XADD and XTRIM keep an exact trim's LIMIT).
	replaying     bool
	authenticated bool
	closing       bool // close once the pending output is written
	killed        bool // close now, output discarded
}

// ClientOptions describe a new client.
type ClientOptions struct {
	// Addr and LocalAddr show in CLIENT LIST ("ip:port").
	Addr, LocalAddr string
	// Notify is called, with the engine locked, when output or a state
	// change arrives outside Feed. It must not block or call the engine.
	Notify func()
}

// NewClient connects a new client, in RESP2, to database 0.
func (e *Engine) NewClient(opts ClientOptions) *Client {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.newClient(opts)
}

func (e *Engine) newClient(opts ClientOptions) *Client {
	c := &Client{
		e: e, id: e.nextClientID, db: e.dbs[0], proto: 2,
		addr: opts.Addr, laddr: opts.LocalAddr, notify: opts.Notify,
		created: e.clock.Now(), lastCommandAt: e.now,
	}
	c.reply = respWriter{out: &c.out, proto: &c.proto}
	c.authenticated = e.cfg.requirepass == ""
	c.fd = e.freeFD()
	e.nextClientID++
	e.clients = append(e.clients, c)
	e.stats.connectionsReceived++
	e.accountClient(c)
	return c
}

// ID returns the client's id, as CLIENT ID shows it.
func (c *Client) ID() int64 { return c.id }

// Close disconnects the client and releases its state.
func (c *Client) Close() {
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	c.e.removeClient(c)
}

// removeClient disconnects c: it leaves its transaction, watches,
// subscriptions, waits and MONITOR, and the host is woken to close it.
func (e *Engine) removeClient(c *Client) {
	e.clients = removeClient(e.clients, c)
	c.multi = nil
	c.unwatchAll()
	c.dropSubscriptions()
	if c.blocked != nil {
		c.unblock()
	}
	if c.monitor {
		e.monitors = removeClient(e.monitors, c)
		c.monitor = false
	}
	e.unaccountClient(c)
	c.killed = true
	c.wake()
}

// Exchange runs the complete requests at the start of input, appends the
// client's pending output to out, and returns how many bytes of input it
// consumed. The host keeps the rest of input and passes it again with more
// bytes. Exchange consumes less than it could when the client must wait (a
// blocking command, a paused server); the host tries again when notified.
// closing tells the host to close the connection once out is written
// (QUIT, a protocol error, CLIENT KILL).
//
// The whole exchange holds the engine's lock once, so a pipeline of
// requests runs without interruption from other clients.
func (c *Client) Exchange(input, out []byte) (consumed int, _ []byte, closing bool) {
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	consumed = c.feed(input)
	c.e.srv.countExchange(consumed, len(c.out))
	out = append(out, c.out...)
	c.out = c.out[:0]
	return consumed, out, c.closing || c.killed
}

func (c *Client) feed(input []byte) int {
	n := 0
	for n < len(input) && !c.closing && !c.killed && c.blocked == nil {
		lim := resp.RequestLimits{MaxBulkLen: c.e.cfg.protoMaxBulkLen, Authenticated: !c.authRequired()}
		args, m, err := resp.ParseRequest(input[n:], lim, c.args[:0])
		if errors.Is(err, resp.ErrIncomplete) {
			break
		}
		var pe *resp.ProtocolError
		if errors.As(err, &pe) {
			c.Error("ERR " + pe.Msg)
			c.closing = true
			return len(input)
		}
		c.args = args
		n += m
		c.e.srv.netInputBytes += int64(m) // counted before it runs, as Redis counts what it read
		if len(args) > 0 {
			c.run(args)
		}
	}
	clear(c.args[:cap(c.args)]) // drop references into input
	return n
}

// Do runs one command and returns its reply, parsed. It is the convenient
// form for Go programs and tests that use the engine in-process.
func (c *Client) Do(args ...string) resp.Value {
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	start := len(c.out)
	c.run(argv)
	raw := append([]byte(nil), c.out[start:]...)
	c.out = c.out[:start]
	v, _, err := resp.ParseReply(raw)
	if err != nil {
		return resp.Value{Type: resp.Error, Str: []byte("ERR no reply")}
	}
	return v
}

// deliver writes output that is not the reply of the client's own
// command (a published message, a MONITOR line) into its output, and
// wakes its host. CLIENT REPLY OFF silences it too.
func (c *Client) deliver(write func(w Writer)) {
	if c.killed || c.replyOn == replyNone {
		return
	}
	write(respWriter{out: &c.out, proto: &c.proto})
	c.e.accountClient(c)
	c.checkOutputLimit()
	c.wake()
}

// wake tells the host that output or state changed outside Feed.
func (c *Client) wake() {
	if c.notify != nil {
		c.notify()
	}
}

// Reply helpers: every handler replies through these, so statistics and
// the writer behind them stay in one place.

func (c *Client) Simple(s string)              { c.reply.Simple(s) }
func (c *Client) Int(n int64)                  { c.reply.Int(n) }
func (c *Client) Bulk(b []byte)                { c.reply.Bulk(b) }
func (c *Client) BulkString(s string)          { c.reply.BulkString(s) }
func (c *Client) NullBulk()                    { c.reply.NullBulk() }
func (c *Client) NullArray()                   { c.reply.NullArray() }
func (c *Client) Array(n int)                  { c.reply.Array(n) }
func (c *Client) Map(n int)                    { c.reply.Map(n) }
func (c *Client) Set(n int)                    { c.reply.Set(n) }
func (c *Client) Push(n int)                   { c.reply.Push(n) }
func (c *Client) Double(f float64)             { c.reply.Double(f) }
func (c *Client) DoubleText(text string)       { c.reply.DoubleText(text) }
func (c *Client) Bool(v bool)                  { c.reply.Bool(v) }
func (c *Client) BigNumber(digits string)      { c.reply.BigNumber(digits) }
func (c *Client) Verbatim(format, text string) { c.reply.Verbatim(format, text) }
func (c *Client) OK()                          { c.reply.Simple("OK") }

// Error replies with an error and counts it, by its code, for INFO
// errorstats.
func (c *Client) Error(msg string) {
	c.e.countError(msg)
	c.reply.Error(msg)
}

// BulkInt replies with n as a bulk string.
func (c *Client) BulkInt(n int64) {
	var tmp [20]byte
	c.reply.Bulk(appendInt(tmp[:0], n))
}

// Proto returns the client's protocol version, 2 or 3.
func (c *Client) Proto() int { return c.proto }

// Engine returns the engine the client belongs to.
func (c *Client) Engine() *Engine { return c.e }
