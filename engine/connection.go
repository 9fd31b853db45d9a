package engine

import (
	"strconv"

	"github.com/redwasm/redwasm/engine/resp"
)

func init() {
	implement(map[string]Handler{
		"ping":   pingCommand,
		"echo":   echoCommand,
		"quit":   quitCommand,
		"select": selectCommand,
		"hello":  helloCommand,
	})
}

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
	n, err := strconv.Atoi(string(args[1]))
	if err != nil {
		c.Error("ERR value is not an integer or out of range")
		return
	}
	if n < 0 || n >= len(c.e.dbs) {
		c.Error(ErrDBIndexRange)
		return
	}
	c.db = c.e.dbs[n]
	c.OK()
}

// The server's identity, as HELLO and INFO report it.
const (
	RedisVersion    = "7.0.15"
	RedisVersionNum = 0x07000f
)

// HELLO [protover [AUTH username password] [SETNAME clientname]]
func helloCommand(c *Client, args [][]byte) {
	proto := int64(0)
	next := 1
	if len(args) >= 2 {
		n, ok := parseIntArg(args[1])
		if !ok {
			c.Error("ERR Protocol version is not an integer or out of range")
			return
		}
		if n < 2 || n > 3 {
			c.Error("NOPROTO unsupported protocol version")
			return
		}
		proto, next = n, 2
	}
	var user, pass, name []byte
	for j := next; j < len(args); j++ {
		more := len(args) - 1 - j
		switch {
		case equalFold(args[j], "auth") && more >= 2:
			user, pass = args[j+1], args[j+2]
			j += 2
		case equalFold(args[j], "setname") && more >= 1:
			name = args[j+1]
			if !validClientName(name) {
				c.Error(ErrClientName)
				return
			}
			j++
		default:
			c.Error("ERR Syntax error in HELLO option '" + cString(args[j], len(args[j])) + "'")
			return
		}
	}
	if user != nil && !c.authenticate(user, pass) {
		return
	}
	if !c.authenticated {
		c.Error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time")
		return
	}
	if name != nil {
		c.name = string(name)
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

// ErrClientName is the error for a client name with spaces or special
// characters.
const ErrClientName = "ERR Client names cannot contain spaces, newlines or special characters."

// validClientName reports whether a name is printable ASCII without
// spaces, as CLIENT SETNAME requires.
func validClientName(name []byte) bool {
	for _, ch := range name {
		if ch < '!' || ch > '~' {
			return false
		}
	}
	return true
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

func parseIntArg(b []byte) (int64, bool) { return resp.ParseInt(b) }
