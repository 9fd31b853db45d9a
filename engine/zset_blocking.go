package engine

import "strconv"

// The blocking sorted-set pops: like ZPOPMIN/ZPOPMAX/ZMPOP when a key
// holds a sorted set, else they park the client until one is created.

func init() {
	implement(map[string]Handler{
		"bzpopmin": func(c *Client, args [][]byte) { bzpop(c, args, false) },
		"bzpopmax": func(c *Client, args [][]byte) { bzpop(c, args, true) },
		"bzmpop":   bzmpopCommand,
	})
}

// BZPOPMIN key [key ...] timeout
// BZPOPMAX key [key ...] timeout
func bzpop(c *Client, args [][]byte, max bool) {
	deadline, ok := c.timeoutArg(args[len(args)-1], true)
	if !ok {
		return
	}
	blockingZpop(c, args[1:len(args)-1], max, -1, zpopShape{withKey: true}, deadline)
}

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
func bzmpopCommand(c *Client, args [][]byte) {
	keys, max, count, ok := parseZmpop(c, args, 2)
	if !ok {
		return
	}
	deadline, ok := c.timeoutArg(args[1], true)
	if !ok {
		return
	}
	blockingZpop(c, keys, max, count, zpopShape{withKey: true, nested: true}, deadline)
}

// blockingZpop pops from the first key holding a sorted set, propagating
// as ZPOPMIN/ZPOPMAX, or blocks on all the keys.
func blockingZpop(c *Client, keys [][]byte, max bool, count int64, shape zpopShape, deadline int64) {
	for _, key := range keys {
		z, ok := c.writeZset(key)
		if !ok {
			return
		}
		if z == nil {
			continue
		}
		_, n, _ := c.zpop([][]byte{key}, max, count, shape)
		if count == -1 {
			c.replicateAs(zpopCommandName(max), key)
		} else {
			c.replicateAs(zpopCommandName(max), key, []byte(strconv.Itoa(n)))
		}
		return
	}
	if c.denyBlocking() {
		c.NullArray()
		return
	}
	c.block(keys, deadline, (*Client).NullArray)
}
