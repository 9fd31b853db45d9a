package engine

// The blocking list commands: like their non-blocking twins when a list
// has elements, else they park the client (blocking.go) until a push makes
// one of the keys a non-empty list again.

func init() {
	implement(map[string]Handler{
		"blpop":      func(c *Client, args [][]byte) { blockingPop(c, args, listHead) },
		"brpop":      func(c *Client, args [][]byte) { blockingPop(c, args, listTail) },
		"blmove":     blmoveCommand,
		"brpoplpush": brpoplpushCommand,
		"blmpop":     blmpopCommand,
	})
}

// BLPOP key [key ...] timeout
// BRPOP key [key ...] timeout
func blockingPop(c *Client, args [][]byte, where listEnd) {
	deadline, ok := c.timeoutArg(args[len(args)-1], true)
	if !ok {
		return
	}
	keys := args[1 : len(args)-1]
	for _, key := range keys {
		l, ok := c.writeList(key)
		if !ok {
			return
		}
		if l == nil {
			continue
		}
		elem := l.Pop(where)
		c.Array(2)
		c.Bulk(key)
		c.BulkString(elem)
		c.listElementsRemoved(key, l, where, 1)
		cmd := "LPOP"
		if where == listTail {
			cmd = "RPOP"
		}
		c.replicateAs([]byte(cmd), key)
		return
	}
	if c.denyBlocking() {
		c.NullArray()
		return
	}
	c.block(keys, deadline, (*Client).NullArray)
}

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
func blmoveCommand(c *Client, args [][]byte) {
	wherefrom, ok := c.listEndArg(args[3])
	if !ok {
		return
	}
	whereto, ok := c.listEndArg(args[4])
	if !ok {
		return
	}
	deadline, ok := c.timeoutArg(args[5], true)
	if !ok {
		return
	}
	blockingMove(c, args, wherefrom, whereto, deadline)
}

// BRPOPLPUSH source destination timeout
func brpoplpushCommand(c *Client, args [][]byte) {
	deadline, ok := c.timeoutArg(args[3], true)
	if !ok {
		return
	}
	blockingMove(c, args, listTail, listHead, deadline)
}

func blockingMove(c *Client, args [][]byte, wherefrom, whereto listEnd, deadline int64) {
	src, dst := args[1], args[2]
	srcList, ok := c.writeList(src)
	if !ok {
		return
	}
	if srcList != nil {
		lmove(c, src, dst, wherefrom, whereto)
		c.replicateAs([]byte("LMOVE"), src, dst, listEndName(wherefrom), listEndName(whereto))
		return
	}
	if c.denyBlocking() {
		c.NullBulk()
		return
	}
	// A timeout answers with a null array, unlike the null bulk above:
	// Redis replies so to every list command that timed out.
	c.block([][]byte{src}, deadline, (*Client).NullArray)
}

func listEndName(where listEnd) []byte {
	if where == listHead {
		return []byte("LEFT")
	}
	return []byte("RIGHT")
}

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
func blmpopCommand(c *Client, args [][]byte) {
	keys, where, count, ok := c.lmpopArgs(args, 2)
	if !ok {
		return
	}
	deadline, ok := c.timeoutArg(args[1], true)
	if !ok {
		return
	}
	for _, key := range keys {
		l, ok := c.writeList(key)
		if !ok {
			return
		}
		if l != nil {
			c.popWithKeyReply(key, l, where, count)
			return
		}
	}
	if c.denyBlocking() {
		c.NullArray()
		return
	}
	c.block(keys, deadline, (*Client).NullArray)
}
