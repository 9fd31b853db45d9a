package engine

import (
	"strconv"
	"strings"

	"github.com/redwasm/redwasm/engine/resp"
)

// The connection commands: those about the client itself (PING, SELECT,
// AUTH, HELLO, RESET, QUIT) and CLIENT's introspection and control of
// connections (ID, SETNAME, GETNAME, INFO, LIST, KILL). CLIENT's other
// subcommands live with the features they control.

func init() {
	implement(map[string]Handler{
		"ping":           pingCommand,
		"echo":           echoCommand,
		"quit":           quitCommand,
		"select":         selectCommand,
		"reset":          resetCommand,
		"auth":           authCommand,
		"hello":          helloCommand,
		"client|id":      clientIDCommand,
		"client|setname": clientSetnameCommand,
		"client|getname": clientGetnameCommand,
		"client|info":    clientInfoCommand,
		"client|list":    clientListCommand,
		"client|kill":    clientKillCommand,
		"client|help":    clientHelpCommand,
	})
}

// The server's identity, as HELLO and INFO report it.
const (
	RedisVersion    = "7.0.15"
	RedisVersionNum = 0x07000f
)

// Errors of the connection commands.
const (
	// ErrClientName is the error for a client name with spaces or special
	// characters.
	ErrClientName       = "ERR Client names cannot contain spaces, newlines or special characters."
	errHelloNoAuth      = "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
	errHelloProto       = "ERR Protocol version is not an integer or out of range"
	errNoProto          = "NOPROTO unsupported protocol version"
	errNoSuchClient     = "ERR No such client"
	errClientIDPositive = "ERR client-id should be greater than 0"
	errInvalidClientID  = "ERR Invalid client ID"
)

func parseIntArg(b []byte) (int64, bool) { return resp.ParseInt(b) }

// PING [message]
func pingCommand(c *Client, args [][]byte) {
	if len(args) > 2 {
		c.Error(errArity("ping"))
		return
	}
	if c.subscribed() && c.proto == 2 {
		c.Array(2)
		c.BulkString("pong")
		if len(args) == 2 {
			c.Bulk(args[1])
		} else {
			c.BulkString("")
		}
		return
	}
	if len(args) == 2 {
		c.Bulk(args[1])
		return
	}
	c.Simple("PONG")
}

// ECHO message
func echoCommand(c *Client, args [][]byte) { c.Bulk(args[1]) }

// QUIT
func quitCommand(c *Client, args [][]byte) {
	c.OK()
	c.closing = true
}

// SELECT index
func selectCommand(c *Client, args [][]byte) {
	db, ok := c.dbArg(args[1])
	if !ok {
		return
	}
	c.db = db
	c.OK()
}

// RESET
//
// Back to a fresh connection's state: out of MONITOR, MULTI, WATCH and
// pub/sub, replies on, database 0, RESP2, no name, and logged out when a
// password is set.
func resetCommand(c *Client, args [][]byte) {
	if c.monitor {
		c.e.monitors = removeClient(c.e.monitors, c)
		c.monitor = false
	}
	c.discardTransaction()
	c.dropSubscriptions()
	c.replyOn = replyAll
	c.noEvict = false
	c.db = c.e.dbs[0]
	c.proto = 2
	c.name = ""
	c.authenticated = c.e.cfg.requirepass == ""
	c.Simple("RESET")
}

// AUTH [username] password
func authCommand(c *Client, args [][]byte) {
	if len(args) > 3 {
		c.Error(ErrSyntax)
		return
	}
	user, pass := []byte("default"), args[1]
	if len(args) == 3 {
		user, pass = args[1], args[2]
	} else if c.e.cfg.requirepass == "" {
		c.Error(ErrNoPassword)
		return
	}
	if c.authenticate(user, pass) {
		c.OK()
	}
}

// authenticate checks credentials for the default user, the only user:
// with requirepass unset it accepts any password, as the nopass default
// user does. On failure it replies with Redis's error.
func (c *Client) authenticate(user, pass []byte) bool {
	if string(user) == "default" && (c.e.cfg.requirepass == "" || string(pass) == c.e.cfg.requirepass) {
		c.authenticated = true
		return true
	}
	c.Error(ErrInvalidPass)
	return false
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
func helloCommand(c *Client, args [][]byte) {
	proto := int64(0)
	next := 1
	if len(args) >= 2 {
		n, ok := parseIntArg(args[1])
		if !ok {
			c.Error(errHelloProto)
			return
		}
		if n < 2 || n > 3 {
			c.Error(errNoProto)
			return
		}
		proto, next = n, 2
	}
	// Options act in order, as they are read: a failure leaves what the
	// options before it did (Redis 7.0).
	for j := next; j < len(args); j++ {
		more := len(args) - 1 - j
		switch {
		case equalFold(args[j], "auth") && more >= 2:
			if !c.authenticate(args[j+1], args[j+2]) {
				return
			}
			j += 2
		case equalFold(args[j], "setname") && more >= 1:
			if !validClientName(args[j+1]) {
				c.Error(ErrClientName)
				return
			}
			c.name = string(args[j+1])
			j++
		default:
			c.Error(sanitizeError("ERR Syntax error in HELLO option '" + cString(args[j], len(args[j])) + "'"))
			return
		}
	}
	if !c.authenticated {
		c.Error(errHelloNoAuth)
		return
	}
	if proto != 0 {
		c.proto = int(proto)
	}
	c.Map(7)
	c.BulkString("server")
	c.BulkString("redis")
	c.BulkString("version")
	c.BulkString(RedisVersion)
	c.BulkString("proto")
	c.Int(int64(c.proto))
	c.BulkString("id")
	c.Int(c.id)
	c.BulkString("mode")
	c.BulkString("standalone")
	c.BulkString("role")
	c.BulkString("master")
	c.BulkString("modules")
	c.Array(0)
}

// validClientName reports whether a name is printable ASCII without
// spaces, as CLIENT SETNAME requires (an empty name removes the name).
func validClientName(name []byte) bool {
	for _, ch := range name {
		if ch < '!' || ch > '~' {
			return false
		}
	}
	return true
}

// CLIENT ID
func clientIDCommand(c *Client, args [][]byte) { c.Int(c.id) }

// CLIENT SETNAME connection-name
func clientSetnameCommand(c *Client, args [][]byte) {
	if !validClientName(args[2]) {
		c.Error(ErrClientName)
		return
	}
	c.name = string(args[2])
	c.OK()
}

// CLIENT GETNAME
func clientGetnameCommand(c *Client, args [][]byte) {
	if c.name == "" {
		c.NullBulk()
		return
	}
	c.BulkString(c.name)
}

// CLIENT INFO
func clientInfoCommand(c *Client, args [][]byte) {
	c.Verbatim("txt", string(c.appendInfo(nil, c, args)))
}

// CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]
func clientListCommand(c *Client, args [][]byte) {
	var out []byte
	switch {
	case len(args) == 4 && equalFold(args[2], "type"):
		kind, ok := clientTypeByName(args[3])
		if !ok {
			c.Error(errUnknownClientType(args[3]))
			return
		}
		for _, other := range c.e.clients {
			if other.kind() == kind {
				out = c.appendInfo(out, other, args)
			}
		}
	case len(args) > 3 && equalFold(args[2], "id"):
		for _, arg := range args[3:] {
			id, ok := parseIntArg(arg)
			if !ok {
				c.Error(errInvalidClientID)
				return
			}
			if other := c.e.clientWithID(id); other != nil {
				out = c.appendInfo(out, other, args)
			}
		}
	case len(args) != 2:
		c.Error(ErrSyntax)
		return
	default:
		for _, other := range c.e.clients {
			out = c.appendInfo(out, other, args)
		}
	}
	c.Verbatim("txt", string(out))
}

// clientWithID returns the connected client with the id, or nil.
func (e *Engine) clientWithID(id int64) *Client {
	for _, c := range e.clients {
		if c.id == id {
			return c
		}
	}
	return nil
}

// Client kinds, as CLIENT LIST TYPE and CLIENT KILL TYPE name them.
const (
	clientNormal = iota
	clientReplica
	clientPubSub
	clientMaster
)

func clientTypeByName(name []byte) (int, bool) {
	switch {
	case equalFold(name, "normal"):
		return clientNormal, true
	case equalFold(name, "slave"), equalFold(name, "replica"):
		return clientReplica, true
	case equalFold(name, "pubsub"):
		return clientPubSub, true
	case equalFold(name, "master"):
		return clientMaster, true
	}
	return 0, false
}

func errUnknownClientType(name []byte) string {
	return sanitizeError("ERR Unknown client type '" + cString(name, len(name)) + "'")
}

// kind is the client's kind. There is no replication, so a client is
// normal unless it is subscribed to something.
func (c *Client) kind() int {
	if c.subscriptions() > 0 {
		return clientPubSub
	}
	return clientNormal
}

// subscriptions returns how many channels, patterns and shard channels
// the client is subscribed to.
func (c *Client) subscriptions() int {
	sub, psub, ssub := c.subscriptionCounts()
	return sub + psub + ssub
}

// subscriptionCounts returns the client's channel, pattern and shard
// channel subscriptions, for CLIENT LIST.
func (c *Client) subscriptionCounts() (sub, psub, ssub int) {
	return len(c.subs.channels), len(c.subs.patterns), len(c.subs.shardChannels)
}

// listFlags returns the letters of CLIENT LIST's flags field, in Redis's
// order, "N" for none.
func (c *Client) listFlags() string {
	var f []byte
	for _, flag := range []struct {
		letter byte
		on     bool
	}{
		{'O', c.monitor},
		{'P', c.subscriptions() > 0},
		{'x', c.multi != nil},
		{'b', c.blocked != nil},
		{'d', c.watchDirty},
		{'c', c.closing},
		{'U', strings.HasPrefix(c.addr, "/")}, // a Unix socket path
		{'e', c.noEvict},
	} {
		if flag.on {
			f = append(f, flag.letter)
		}
	}
	if len(f) == 0 {
		return "N"
	}
	return string(f)
}

// multiState returns CLIENT LIST's multi field, the number of commands
// queued inside MULTI (-1 outside), and multi-mem, the bytes they hold.
func (c *Client) multiState() (count, mem int) {
	if c.multi == nil {
		return -1, 0
	}
	for _, q := range c.multi.queue {
		for _, a := range q.args {
			mem += len(a) + 8
		}
	}
	return len(c.multi.queue), mem
}

// Buffer sizes CLIENT LIST reports. The engine hands output to the host
// at once and keeps no query buffer between requests, so these are the
// sizes Redis shows for a connection at rest: a 20 KiB query buffer and a
// 16 KiB reply buffer.
const (
	queryBufferFree   = 20474 // usable bytes of Redis's query buffer
	queryBufferAlloc  = 20480 // its allocation
	replyBufferSize   = 16384
	clientStructBytes = 768 // what a client's own structures take
)

// appendInfo appends other's CLIENT LIST line to b. The caller's current
// request (args) counts as sitting in its query buffer, as in Redis.
func (c *Client) appendInfo(b []byte, other *Client, args [][]byte) []byte {
	now := c.e.now / 1000
	qbuf, argvMem := 0, 0
	totMem := queryBufferAlloc + replyBufferSize + clientStructBytes
	if other == c {
		if c.inExec {
			args = [][]byte{[]byte("exec")} // the request in the buffer
		}
		qbuf = requestSize(args)
		for _, a := range args {
			argvMem += len(a)
		}
		totMem += argvMem + 8*len(args)
	}
	sub, psub, ssub := other.subscriptionCounts()
	multi, multiMem := other.multiState()
	if multi >= 0 {
		totMem += multiMem + 40 + 8*multi
	}
	// Output not yet taken by the host: Redis's 16 KiB reply buffer, then
	// a list of 16 KiB blocks.
	obl, oll, omem := len(other.out), 0, 0
	if obl > replyBufferSize {
		oll = (obl - replyBufferSize + replyBufferSize - 1) / replyBufferSize
		omem = oll * replyBufferSize
		obl = replyBufferSize
		totMem += omem
	}
	cmd := "NULL"
	if other.lastCmd != nil {
		cmd = other.lastCmd.FullName
	}
	field := func(name string, value string) {
		if name != "id" {
			b = append(b, ' ')
		}
		b = append(b, name...)
		b = append(b, '=')
		b = append(b, value...)
	}
	num := func(name string, n int) { field(name, strconv.Itoa(n)) }
	field("id", strconv.FormatInt(other.id, 10))
	field("addr", peerName(other.addr))
	field("laddr", peerName(other.laddr))
	num("fd", other.fd)
	field("name", other.name)
	field("age", strconv.FormatInt(now-other.created.Unix(), 10))
	field("idle", strconv.FormatInt(now-other.lastCommandAt/1000, 10))
	field("flags", other.listFlags())
	num("db", other.db.id)
	num("sub", sub)
	num("psub", psub)
	num("ssub", ssub)
	num("multi", multi)
	num("qbuf", qbuf)
	num("qbuf-free", max(0, queryBufferFree-qbuf))
	num("argv-mem", argvMem)
	num("multi-mem", multiMem)
	num("rbs", replyBufferSize)
	num("rbp", replyBufferSize)
	num("obl", obl)
	num("oll", oll)
	num("omem", omem)
	num("tot-mem", totMem)
	field("events", "r")
	field("cmd", cmd)
	field("user", "default")
	num("redir", -1)
	num("resp", other.proto)
	return append(b, '\n')
}

// peerName is an address as CLIENT LIST shows it: "?:0" when the host
// gave none, as Redis shows a peer it cannot name.
func peerName(addr string) string {
	if addr == "" {
		return "?:0"
	}
	return addr
}

// requestSize is the size of args as a RESP request.
func requestSize(args [][]byte) int {
	n := 1 + len(strconv.Itoa(len(args))) + 2
	for _, a := range args {
		n += 1 + len(strconv.Itoa(len(a))) + 2 + len(a) + 2
	}
	return n
}

// CLIENT KILL ip:port
// CLIENT KILL [ID client-id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB]
// [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME YES|NO] ...
func clientKillCommand(c *Client, args [][]byte) {
	var (
		addr, laddr []byte
		id          int64
		kind        = -1
		skipMe      = true
	)
	if len(args) == 3 {
		addr, skipMe = args[2], false // the old form may kill the caller
	}
	for i := 2; len(args) > 3 && i < len(args); i += 2 {
		if i+1 == len(args) {
			c.Error(ErrSyntax)
			return
		}
		opt, val := args[i], args[i+1]
		switch {
		case equalFold(opt, "id"):
			n, ok := parseIntArg(val)
			if !ok || n < 1 {
				c.Error(errClientIDPositive)
				return
			}
			id = n
		case equalFold(opt, "type"):
			k, ok := clientTypeByName(val)
			if !ok {
				c.Error(errUnknownClientType(val))
				return
			}
			kind = k
		case equalFold(opt, "addr"):
			addr = val
		case equalFold(opt, "laddr"):
			laddr = val
		case equalFold(opt, "user"):
			if string(val) != "default" {
				c.Error(sanitizeError("ERR No such user '" + cString(val, len(val)) + "'"))
				return
			}
		case equalFold(opt, "skipme") && equalFold(val, "yes"):
			skipMe = true
		case equalFold(opt, "skipme") && equalFold(val, "no"):
			skipMe = false
		default:
			c.Error(ErrSyntax)
			return
		}
	}

	var victims []*Client
	for _, other := range c.e.clients {
		switch {
		case addr != nil && peerName(other.addr) != cString(addr, len(addr)),
			laddr != nil && peerName(other.laddr) != cString(laddr, len(laddr)),
			kind != -1 && other.kind() != kind,
			id != 0 && other.id != id,
			other == c && skipMe:
			continue
		}
		victims = append(victims, other)
	}
	for _, v := range victims {
		if v == c {
			c.closing = true // once this reply is out
			continue
		}
		c.e.removeClient(v)
		v.wake() // its host notices and closes the connection
	}
	if len(args) == 3 {
		if len(victims) == 0 {
			c.Error(errNoSuchClient)
		} else {
			c.OK()
		}
		return
	}
	c.Int(int64(len(victims)))
}

// CLIENT HELP
func clientHelpCommand(c *Client, args [][]byte) {
	c.help("CLIENT", clientHelp)
}

var clientHelp = []string{
	"CACHING (YES|NO)",
	"    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
	"GETREDIR",
	"    Return the client ID we are redirecting to when tracking is enabled.",
	"GETNAME",
	"    Return the name of the current connection.",
	"ID",
	"    Return the ID of the current connection.",
	"INFO",
	"    Return information about the current client connection.",
	"KILL <ip:port>",
	"    Kill connection made from <ip:port>.",
	"KILL <option> <value> [<option> <value> [...]]",
	"    Kill connections. Options are:",
	"    * ADDR (<ip:port>|<unixsocket>:0)",
	"      Kill connections made from the specified address",
	"    * LADDR (<ip:port>|<unixsocket>:0)",
	"      Kill connections made to specified local address",
	"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
	"      Kill connections by type.",
	"    * USER <username>",
	"      Kill connections authenticated by <username>.",
	"    * SKIPME (YES|NO)",
	"      Skip killing current connection (default: yes).",
	"LIST [options ...]",
	"    Return information about client connections. Options:",
	"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
	"      Return clients of specified type.",
	"UNPAUSE",
	"    Stop the current client pause, resuming traffic.",
	"PAUSE <timeout> [WRITE|ALL]",
	"    Suspend all, or just write, clients for <timeout> milliseconds.",
	"REPLY (ON|OFF|SKIP)",
	"    Control the replies sent to the current connection.",
	"SETNAME <name>",
	"    Assign the name <name> to the current connection.",
	"UNBLOCK <clientid> [TIMEOUT|ERROR]",
	"    Unblock the specified blocked client.",
	"TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
	"         [OPTIN] [OPTOUT] [NOLOOP]",
	"    Control server assisted client side caching.",
	"TRACKINGINFO",
	"    Report tracking status for the current connection.",
	"NO-EVICT (ON|OFF)",
	"    Protect current client connection from eviction.",
}

// authRequired reports whether c must authenticate before running
// commands: a password is set and c did not give it. (A client that
// connected while a password was set and did not authenticate is let in
// once the password is removed, as in Redis.)
func (c *Client) authRequired() bool {
	return !c.authenticated && c.e.cfg.requirepass != ""
}

// freeFD returns the lowest descriptor number no client uses, the way a
// kernel numbers sockets, above the ones a server keeps for itself.
func (e *Engine) freeFD() int {
	used := map[int]bool{}
	for _, c := range e.clients {
		used[c.fd] = true
	}
	fd := 8
	for used[fd] {
		fd++
	}
	return fd
}

// closeIdleClients disconnects the clients idle for longer than the
// timeout parameter, as Redis's cron does. Clients waiting by design
// (blocked, subscribed, MONITOR) are left alone.
func (e *Engine) closeIdleClients() {
	if e.cfg.timeout <= 0 {
		return
	}
	limit := int64(e.cfg.timeout)
	var idle []*Client
	for _, c := range e.clients {
		if c.blocked == nil && !c.subscribed() && !c.monitor && e.now/1000-c.lastCommandAt/1000 > limit {
			idle = append(idle, c)
		}
	}
	for _, c := range idle {
		e.removeClient(c)
		c.wake()
	}
}
