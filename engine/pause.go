package engine

import "time"

// CLIENT PAUSE: while paused, clients' commands (all, or only those that
// write) wait, parked, until the pause ends; keys do not expire.

func init() {
	implement(map[string]Handler{
		"client|pause":    clientPauseCommand,
		"client|unpause":  clientUnpauseCommand,
		"client|unblock":  clientUnblockCommand,
		"client|reply":    clientReplyCommand,
		"client|no-evict": clientNoEvictCommand,
		"wait":            waitCommand,
	})
}

type pauseMode int

const (
	pauseOff pauseMode = iota
	pauseWrite
	pauseAll
)

type pauseState struct {
	mode  pauseMode
	until int64 // unix ms
	timer *time.Timer
}

// paused reports whether the pause is in force now, ending it when its
// time has come.
func (e *Engine) paused() pauseMode {
	if e.pause.mode != pauseOff && e.pause.until <= e.now {
		e.unpause()
	}
	return e.pause.mode
}

// mustPostpone reports whether cmd has to wait for the pause to end.
func (c *Client) mustPostpone(cmd *Command, flags CommandFlags) bool {
	switch c.e.paused() {
	case pauseAll:
		return true
	case pauseWrite:
		return flags&(FlagWrite|FlagMayReplicate) != 0 ||
			cmd.FullName == "exec" && c.multi != nil && c.multi.writes()
	}
	return false
}

// postpone parks the command until the pause ends; it then runs as if it
// had just arrived.
func (c *Client) postpone(args [][]byte) {
	c.blocked = &blockedState{args: copyArgs(args), db: c.db, postponed: true}
	c.e.blocking.postponed = append(c.e.blocking.postponed, c)
}

func (e *Engine) unpause() {
	e.pause.mode = pauseOff
	if e.pause.timer != nil {
		e.pause.timer.Stop()
		e.pause.timer = nil
	}
	waiting := e.blocking.postponed
	e.blocking.postponed = nil
	for _, c := range waiting {
		args := c.blocked.args
		c.blocked = nil
		c.run(args)
		c.wake()
	}
}

// writes reports whether a queued transaction contains a write.
func (m *multiState) writes() bool {
	for _, q := range m.queue {
		if q.flags&(FlagWrite|FlagMayReplicate) != 0 {
			return true
		}
	}
	return false
}

// CLIENT PAUSE timeout [WRITE|ALL]
func clientPauseCommand(c *Client, args [][]byte) {
	if len(args) > 4 {
		c.subcommandSyntaxError(args)
		return
	}
	mode := pauseAll
	if len(args) == 4 {
		switch {
		case equalFold(args[3], "write"):
			mode = pauseWrite
		case equalFold(args[3], "all"):
		default:
			c.Error("ERR CLIENT PAUSE mode must be WRITE or ALL")
			return
		}
	}
	until, ok := c.timeoutArg(args[2], false)
	if !ok {
		return
	}
	e := c.e
	// A pause never shortens nor weakens one in force.
	if e.pause.mode == pauseOff || mode > e.pause.mode || until > e.pause.until {
		if mode > e.pause.mode || e.pause.mode == pauseOff {
			e.pause.mode = mode
		}
		if until > e.pause.until {
			e.pause.until = until
		}
		if e.pause.timer != nil {
			e.pause.timer.Stop()
		}
		e.pause.timer = time.AfterFunc(time.Duration(e.pause.until-e.now)*time.Millisecond, func() {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.refreshNow()
			e.paused()
		})
	}
	c.OK()
}

// CLIENT UNPAUSE
func clientUnpauseCommand(c *Client, args [][]byte) {
	c.e.unpause()
	c.OK()
}

// CLIENT UNBLOCK client-id [TIMEOUT|ERROR]
func clientUnblockCommand(c *Client, args [][]byte) {
	if len(args) > 4 {
		c.subcommandSyntaxError(args)
		return
	}
	id, ok := c.intArgMsg(args[2], ErrNotInteger)
	if !ok {
		return
	}
	withError := false
	if len(args) == 4 {
		switch {
		case equalFold(args[3], "timeout"):
		case equalFold(args[3], "error"):
			withError = true
		default:
			c.Error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
			return
		}
	}
	target := c.e.clientByID(id)
	if target == nil || target.blocked == nil || !target.blocked.unblockable {
		c.Int(0)
		return
	}
	if withError {
		target.Error(errUnblocked)
	} else {
		target.blocked.onTimeout(target)
	}
	target.unblock()
	c.Int(1)
}

// CLIENT REPLY ON|OFF|SKIP
func clientReplyCommand(c *Client, args [][]byte) {
	switch {
	case equalFold(args[2], "on"):
		c.replyOn = replyAll
		c.OK()
	case equalFold(args[2], "off"):
		c.replyOn = replyNone
	case equalFold(args[2], "skip"):
		if c.replyOn != replyNone {
			c.replyOn = replySkipNext
		}
	default:
		c.Error(ErrSyntax)
	}
}

// CLIENT NO-EVICT ON|OFF
func clientNoEvictCommand(c *Client, args [][]byte) {
	switch {
	case equalFold(args[2], "on"):
		c.noEvict = true
	case equalFold(args[2], "off"):
		c.noEvict = false
	default:
		c.Error(ErrSyntax)
		return
	}
	c.OK()
}

// WAIT numreplicas timeout: there are no replicas, so it answers 0, at
// once when no replica is asked for, else after the timeout.
func waitCommand(c *Client, args [][]byte) {
	n, ok := c.intArg(args[1])
	if !ok {
		return
	}
	deadline, ok := c.timeoutArg(args[2], false)
	if !ok {
		return
	}
	if n <= 0 || c.denyBlocking() {
		c.Int(0)
		return
	}
	c.block(nil, deadline, func(c *Client) { c.Int(0) })
}

// replyMode is CLIENT REPLY's setting.
type replyMode int

const (
	replyAll replyMode = iota
	replyNone
	replySkipNext
	replySkipThis
)

// clientByID finds a connected client.
func (e *Engine) clientByID(id int64) *Client {
	for _, c := range e.clients {
		if c.id == id {
			return c
		}
	}
	return nil
}

// intArgMsg parses an integer, replying msg on failure.
func (c *Client) intArgMsg(b []byte, msg string) (int64, bool) {
	n, ok := parseIntArg(b)
	if !ok {
		c.Error(msg)
	}
	return n, ok
}
