package engine

import "strings"

// run is the dispatcher, Redis's processCommand: find the command, check
// it may run here and now, then call it or queue it. Everything a client
// sends goes through run; the checks happen in Redis's order so that the
// same request gets the same error.
func (c *Client) run(args [][]byte) {
	e := c.e
	e.refreshNow()
	c.lastCommandAt = e.now
	e.accountClient(c) // its output was taken since the last command
	start := len(c.out)
	if c.replyOn == replySkipNext {
		c.replyOn = replySkipThis
	}
	c.dispatch(args)
	e.accountWrites()
	if c.replyOn == replyNone || c.replyOn == replySkipThis {
		c.out = c.out[:start] // CLIENT REPLY OFF|SKIP: drop what was written
		if c.replyOn == replySkipThis {
			c.replyOn = replyAll
		}
	}
}

func (c *Client) dispatch(args [][]byte) {
	e := c.e
	cmd := lookup(args)
	c.lastCmd = cmd
	if cmd == nil || !cmd.Implemented() {
		c.lastCmd = nil
		c.reject(unknownCommandError(args))
		return
	}
	c.lastCmd = cmd
	flags := c.commandFlags(cmd, args) // scripting.go: scripts' declared flags
	switch {
	case (cmd.Arity > 0 && len(args) != cmd.Arity) || len(args) < -cmd.Arity:
		c.reject(errArity(cmd.FullName))
		return
	case cmd.Is(FlagProtected) && !c.protectedAllowed():
		c.reject(errDebugNotAllowed)
		return
	case c.authRequired() && !cmd.Is(FlagNoAuth):
		c.reject(ErrNoAuth)
		return
	case c.multi != nil && cmd.Is(FlagNoMulti):
		c.reject(errNotInMulti)
		return
	case e.cfg.maxmemoryClients != 0 && e.evictClients() && c.killed: // this one was disconnected
		return
	case e.cfg.maxmemory != 0 && c.deniedByMaxmemory(cmd, flags):
		c.reject(errOOM)
		return
	case c.deniedByDiskError(cmd, flags): // persist.go
		msg, _ := e.diskError()
		c.reject(msg)
		return
	case c.monitor && flags&(FlagWrite|FlagReadonly|FlagMayReplicate) != 0:
		c.reject("ERR Replica can't interact with the keyspace")
		return
	case c.subscribed() && c.proto == 2 && !allowedWhileSubscribed(cmd):
		c.reject("ERR Can't execute '" + cmd.FullName + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context")
		return
	case e.busy != nil && !cmd.Is(FlagAllowBusy):
		c.reject(e.busy.errorText())
		return
	case c.mustPostpone(cmd, flags):
		c.postpone(args)
		return
	}
	if c.multi != nil && !isTransactionControl(cmd) {
		c.queue(cmd, flags, args)
		return
	}
	c.call(cmd, args)
	if e.busy == nil { // a busy script letting clients in is not over
		e.afterTopLevelCommand()
	}
}

// lookup finds the command args name: the subcommand for a container
// command given one, else the command itself. It does not allocate.
func lookup(args [][]byte) *Command {
	var buf [32]byte
	cmd := commands[lowerView(args[0], buf[:])]
	if cmd == nil || cmd.Subcommands == nil || len(args) == 1 {
		return cmd
	}
	return cmd.Subcommands[lowerView(args[1], buf[:])]
}

// lowerView returns b lower-cased, in buf when it fits.
func lowerView(b []byte, buf []byte) string {
	if len(b) > len(buf) {
		return strings.ToLower(string(b))
	}
	for i, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf[i] = ch
	}
	return view(buf[:len(b)])
}

// unknownCommandError is Redis's error for a command it cannot find: an
// unknown subcommand of a known container, or an unknown command.
func unknownCommandError(args [][]byte) string {
	var buf [32]byte
	if len(args) > 1 {
		if base := commands[lowerView(args[0], buf[:])]; base != nil && base.Subcommands != nil && base.Implemented() {
			return errUnknownSubcommand(args[0], args[1])
		}
	}
	return errUnknownCommand(args)
}

// reject replies with an error found before the command ran. Inside
// MULTI it also dooms the transaction: EXEC will answer EXECABORT.
func (c *Client) reject(msg string) {
	c.e.stats.rejectedCalls++
	c.e.recordRejected(c.lastCmd)
	if c.multi != nil {
		c.multi.aborted = true
	}
	if c.lastCmd != nil && c.lastCmd.FullName == "exec" {
		// A refused EXEC ends the transaction, saying why.
		c.discardTransaction()
		msg = "EXECABORT Transaction discarded because of: " + strings.TrimPrefix(msg, "ERR ")
	}
	c.Error(msg)
}

// call runs a command whose checks passed, Redis's call(): the handler,
// its effect, then the statistics.
func (c *Client) call(cmd *Command, args [][]byte) {
	e := c.e
	dirty := e.dirty
	saved := c.effect
	c.effect = callEffects{}
	savedCmd, savedArgs := c.runningCmd, c.runningArgs
	c.runningCmd, c.runningArgs = cmd, args
	errors := e.stats.errorReplies
	start := e.callStart()
	cmd.handler(c, args)
	e.recordCall(cmd, start, e.stats.errorReplies != errors)
	c.runningCmd, c.runningArgs = savedCmd, savedArgs
	if e.blocking.retrying != c {
		e.feedMonitors(c, cmd, args)
	}
	if e.dirty > dirty && !c.effect.replaced { // a save lowers it: no change to record
		e.addEffect(c.db.id, args)
	}
	c.effect = saved
	e.stats.commandsProcessed++
}

// afterTopLevelCommand runs what Redis does once a client's command,
// transaction or script is over: serve clients blocked on keys that became
// ready, and so on.
func (e *Engine) afterTopLevelCommand() {
	e.serveBlockedClients()
	e.flushEffects()
}

// countError counts an error reply by its code ("ERR", "WRONGTYPE"), as
// INFO errorstats shows them.
func (e *Engine) countError(msg string) {
	e.stats.errorReplies++
	code, _, _ := strings.Cut(msg, " ")
	e.stats.errorCodes[code]++
}
