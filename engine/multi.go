package engine

// Transactions: MULTI queues commands, EXEC runs them atomically, WATCH
// makes EXEC fail if a watched key changed in between.

func init() {
	implement(map[string]Handler{
		"multi":   multiCommand,
		"exec":    execCommand,
		"discard": discardCommand,
		"watch":   watchCommand,
		"unwatch": unwatchCommand,
	})
}

// Transaction errors.
const (
	errMultiNested      = "ERR MULTI calls can not be nested"
	errExecWithoutMulti = "ERR EXEC without MULTI"
	errDiscardNoMulti   = "ERR DISCARD without MULTI"
	errWatchInMulti     = "ERR WATCH inside MULTI is not allowed"
	errNotInMulti       = "ERR Command not allowed inside a transaction"
)

// multiState is a client's open transaction.
type multiState struct {
	queue   []queuedCommand
	aborted bool // a command was rejected while queueing: EXEC answers EXECABORT
}

type queuedCommand struct {
	cmd   *Command
	flags CommandFlags // as it runs here (scripts declare their own)
	args  [][]byte
}

// watchedKey identifies a WATCHed key; the watch is broken (dirty) when
// the key changes.
type watchedKey struct {
	db  *DB
	key string
}

// watch is one client's watch on one key.
type watch struct {
	// expired records that the key was already logically expired when
	// watched, so its later deletion does not count as a change.
	expired bool
}

// isTransactionControl reports the commands that run at once inside MULTI
// rather than being queued.
func isTransactionControl(cmd *Command) bool {
	switch cmd.FullName {
	case "exec", "discard", "multi", "watch", "quit", "reset":
		return true
	}
	return false
}

// queue adds a command to the client's transaction. The arguments are
// copied: they alias the input buffer.
func (c *Client) queue(cmd *Command, flags CommandFlags, args [][]byte) {
	cp := make([][]byte, len(args))
	for i, a := range args {
		cp[i] = append([]byte(nil), a...)
	}
	c.multi.queue = append(c.multi.queue, queuedCommand{cmd: cmd, flags: flags, args: cp})
	c.Simple("QUEUED")
}

// MULTI
func multiCommand(c *Client, args [][]byte) {
	if c.multi != nil {
		c.Error(errMultiNested)
		return
	}
	c.multi = &multiState{}
	c.OK()
}

// DISCARD
func discardCommand(c *Client, args [][]byte) {
	if c.multi == nil {
		c.Error(errDiscardNoMulti)
		return
	}
	c.discardTransaction()
	c.OK()
}

func (c *Client) discardTransaction() {
	c.multi = nil
	c.unwatchAll()
}

// EXEC
func execCommand(c *Client, args [][]byte) {
	if c.multi == nil {
		c.Error(errExecWithoutMulti)
		return
	}
	if c.watchedKeyExpired() {
		c.watchDirty = true
	}
	if c.multi.aborted || c.watchDirty {
		if c.multi.aborted {
			c.Error(ErrExecAbort)
		} else {
			c.NullArray()
		}
		c.discardTransaction()
		return
	}
	queue := c.multi.queue
	c.unwatchAll()
	c.multi = nil
	c.inExec = true
	c.Array(len(queue))
	for _, q := range queue {
		c.call(q.cmd, q.args)
	}
	c.inExec = false
	// The queued commands recorded their own effects; flushEffects wraps
	// them in MULTI ... EXEC. EXEC itself is not one more.
	c.preventPropagation()
}

// WATCH key [key ...]
func watchCommand(c *Client, args [][]byte) {
	if c.multi != nil {
		c.Error(errWatchInMulti)
		return
	}
	// A transaction already broken stays broken: watching more is moot.
	if !c.watchDirty {
		for _, key := range args[1:] {
			c.watchKey(key)
		}
	}
	c.OK()
}

// UNWATCH
func unwatchCommand(c *Client, args [][]byte) {
	c.unwatchAll()
	c.watchDirty = false
	c.OK()
}

func (c *Client) watchKey(key []byte) {
	wk := watchedKey{db: c.db, key: string(key)}
	if _, ok := c.watched[wk]; ok {
		return
	}
	if c.watched == nil {
		c.watched = map[watchedKey]*watch{}
	}
	w := &watch{expired: c.db.has(string(key)) && c.db.logicallyExpired(key)}
	c.watched[wk] = w
	watchers := c.e.watchers[wk]
	if watchers == nil {
		watchers = map[*Client]*watch{}
		c.e.watchers[wk] = watchers
	}
	watchers[c] = w
}

func (c *Client) unwatchAll() {
	for wk := range c.watched {
		if watchers := c.e.watchers[wk]; watchers != nil {
			delete(watchers, c)
			if len(watchers) == 0 {
				delete(c.e.watchers, wk)
			}
		}
	}
	c.watched = nil
	c.watchDirty = false
}

// touchWatchedKey marks the transactions watching key as failed.
func (e *Engine) touchWatchedKey(db *DB, key string) {
	if len(e.watchers) == 0 {
		return
	}
	for c, w := range e.watchers[watchedKey{db: db, key: key}] {
		if w.expired {
			// The key was already expired when watched: its deletion is no
			// change a watcher could have seen.
			if !db.has(key) {
				w.expired = false
				continue
			}
		}
		c.watchDirty = true
	}
}

// touchAllWatchedKeys marks as failed the transactions watching keys of
// emptied that exist, before FLUSHDB, FLUSHALL or SWAPDB empties it;
// replacedWith is the database whose contents take its place (SWAPDB), or
// nil.
func (e *Engine) touchAllWatchedKeys(emptied, replacedWith *DB) {
	for wk, watchers := range e.watchers {
		if wk.db != emptied {
			continue
		}
		inEmptied := emptied.has(wk.key)
		inReplacement := replacedWith != nil && replacedWith.has(wk.key)
		if !inEmptied && !inReplacement {
			continue
		}
		for c, w := range watchers {
			switch {
			case w.expired && !inReplacement:
				w.expired = false // expired key deleted: no logical change
				continue
			case w.expired && replacedWith.logicallyExpired([]byte(wk.key)):
				continue // expired key replaced by an expired key
			case !w.expired && !inEmptied && replacedWith.logicallyExpired([]byte(wk.key)):
				w.expired = true // missing key replaced by an expired one
				continue
			}
			c.watchDirty = true
		}
	}
}

// watchedKeyExpired reports whether a key watched while alive has
// expired since, which EXEC treats as a change.
func (c *Client) watchedKeyExpired() bool {
	for wk, w := range c.watched {
		if !w.expired && wk.db.logicallyExpired([]byte(wk.key)) {
			return true
		}
	}
	return false
}

// logicallyExpired reports whether key has a TTL that has passed, whether
// or not it was deleted yet.
func (db *DB) logicallyExpired(key []byte) bool {
	when, ok := db.expires.Get(view(key))
	return ok && when <= db.e.now
}
