package engine

func init() {
	implement(map[string]Handler{
		"del":      delCommand,
		"exists":   existsCommand,
		"dbsize":   dbsizeCommand,
		"flushdb":  flushdbCommand,
		"flushall": flushallCommand,
	})
}

// DEL key [key ...]
func delCommand(c *Client, args [][]byte) {
	var n int64
	for _, key := range args[1:] {
		if c.db.delete(key) {
			c.e.keyModified(c.db, string(key))
			c.e.notifyKeyspaceEvent(notifyGeneric, "del", string(key), c.db.id)
			c.e.dirty++
			n++
		}
	}
	c.Int(n)
}

// EXISTS key [key ...]
func existsCommand(c *Client, args [][]byte) {
	var n int64
	for _, key := range args[1:] {
		if c.db.exists(key) {
			n++
		}
	}
	c.Int(n)
}

// DBSIZE
func dbsizeCommand(c *Client, args [][]byte) { c.Int(int64(c.db.size())) }

// FLUSHDB [ASYNC|SYNC]
func flushdbCommand(c *Client, args [][]byte) {
	if !flushModeArg(c, args) {
		return
	}
	c.e.dirty += int64(c.db.size())
	c.db.flush()
	c.OK()
}

// FLUSHALL [ASYNC|SYNC]
func flushallCommand(c *Client, args [][]byte) {
	if !flushModeArg(c, args) {
		return
	}
	for _, db := range c.e.dbs {
		c.e.dirty += int64(db.size())
		db.flush()
	}
	c.OK()
}

// flushModeArg checks the optional ASYNC|SYNC argument. Both flush at
// once: there is no background thread to hand the work to.
func flushModeArg(c *Client, args [][]byte) bool {
	if len(args) > 2 || len(args) == 2 && !equalFold(args[1], "async") && !equalFold(args[1], "sync") {
		c.Error(ErrSyntax)
		return false
	}
	return true
}
