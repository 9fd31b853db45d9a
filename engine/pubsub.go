package engine

import "sort"

// Pub/sub: channels, patterns and shard channels. Messages are written
// straight into the subscribers' output, in publish order, and the hosts
// are woken to deliver them.

func init() {
	implement(map[string]Handler{
		"subscribe":            subscribeCommand,
		"unsubscribe":          unsubscribeCommand,
		"psubscribe":           psubscribeCommand,
		"punsubscribe":         punsubscribeCommand,
		"ssubscribe":           ssubscribeCommand,
		"sunsubscribe":         sunsubscribeCommand,
		"publish":              publishCommand,
		"spublish":             spublishCommand,
		"pubsub|channels":      pubsubChannelsCommand,
		"pubsub|numsub":        pubsubNumsubCommand,
		"pubsub|numpat":        pubsubNumpatCommand,
		"pubsub|shardchannels": pubsubShardChannelsCommand,
		"pubsub|shardnumsub":   pubsubShardNumsubCommand,
		"pubsub|help":          pubsubHelpCommand,
	})
}

// pubsubState is the server side: who listens to what. Subscriber lists
// keep subscription order.
type pubsubState struct {
	channels      map[string][]*Client
	patterns      map[string][]*Client
	shardChannels map[string][]*Client
}

func (ps *pubsubState) init() {
	ps.channels = map[string][]*Client{}
	ps.patterns = map[string][]*Client{}
	ps.shardChannels = map[string][]*Client{}
}

// clientSubscriptions is the client side.
type clientSubscriptions struct {
	channels      map[string]struct{}
	patterns      map[string]struct{}
	shardChannels map[string]struct{}
}

// subscribed reports whether the client is in pub/sub mode.
func (c *Client) subscribed() bool {
	return len(c.subs.channels)+len(c.subs.patterns)+len(c.subs.shardChannels) > 0
}

func (c *Client) subscriptionCount() int { return len(c.subs.channels) + len(c.subs.patterns) }

// allowedWhileSubscribed are the commands a RESP2 client in pub/sub mode
// may send.
func allowedWhileSubscribed(cmd *Command) bool {
	switch cmd.FullName {
	case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe",
		"psubscribe", "punsubscribe", "quit", "reset":
		return true
	}
	return false
}

// A subscriptionKind is channels, patterns or shard channels, with the
// names Redis uses in its replies.
type subscriptionKind struct {
	sub, unsub string
	server     func(e *Engine) map[string][]*Client
	client     func(c *Client) *map[string]struct{}
	count      func(c *Client) int
}

var (
	channelKind = subscriptionKind{"subscribe", "unsubscribe",
		func(e *Engine) map[string][]*Client { return e.pubsub.channels },
		func(c *Client) *map[string]struct{} { return &c.subs.channels },
		(*Client).subscriptionCount}
	patternKind = subscriptionKind{"psubscribe", "punsubscribe",
		func(e *Engine) map[string][]*Client { return e.pubsub.patterns },
		func(c *Client) *map[string]struct{} { return &c.subs.patterns },
		(*Client).subscriptionCount}
	shardKind = subscriptionKind{"ssubscribe", "sunsubscribe",
		func(e *Engine) map[string][]*Client { return e.pubsub.shardChannels },
		func(c *Client) *map[string]struct{} { return &c.subs.shardChannels },
		func(c *Client) int { return len(c.subs.shardChannels) }}
)

func (c *Client) subscribe(k subscriptionKind, name []byte) {
	mine := k.client(c)
	if *mine == nil {
		*mine = map[string]struct{}{}
	}
	if _, ok := (*mine)[string(name)]; !ok {
		n := string(name)
		(*mine)[n] = struct{}{}
		k.server(c.e)[n] = append(k.server(c.e)[n], c)
	}
	c.pushHeader(3)
	c.pushBulk([]byte(k.sub))
	c.pushBulk(name)
	c.pushInt(int64(k.count(c)))
}

// unsubscribe removes one subscription; notify says whether to send the
// confirmation (not when a client is closed).
func (c *Client) unsubscribe(k subscriptionKind, name []byte, notify bool) {
	mine := k.client(c)
	n := string(name)
	if _, ok := (*mine)[n]; ok {
		delete(*mine, n)
		server := k.server(c.e)
		server[n] = removeClient(server[n], c)
		if len(server[n]) == 0 {
			delete(server, n)
		}
	}
	if notify {
		c.pushHeader(3)
		c.pushBulk([]byte(k.unsub))
		c.pushBulk(name)
		c.pushInt(int64(k.count(c)))
	}
}

// unsubscribeAll drops every subscription of a kind, confirming each, or
// confirming "none" when there was none.
func (c *Client) unsubscribeAll(k subscriptionKind, notify bool) {
	names := make([]string, 0, len(*k.client(c)))
	for n := range *k.client(c) {
		names = append(names, n)
	}
	for _, n := range names {
		c.unsubscribe(k, []byte(n), notify)
	}
	if len(names) == 0 && notify {
		c.pushHeader(3)
		c.pushBulk([]byte(k.unsub))
		c.NullBulk()
		c.pushInt(int64(k.count(c)))
	}
}

func removeClient(list []*Client, c *Client) []*Client {
	for i, other := range list {
		if other == c {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

// Replies of subscription commands are pushes in RESP3 and arrays in RESP2.
func (c *Client) pushHeader(n int)  { c.Push(n) }
func (c *Client) pushBulk(b []byte) { c.Bulk(b) }
func (c *Client) pushInt(n int64)   { c.Int(n) }

// SUBSCRIBE channel [channel ...]
func subscribeCommand(c *Client, args [][]byte) {
	if c.denyBlocking() && c.multi == nil && !c.inExec {
		c.Error("ERR SUBSCRIBE isn't allowed for a DENY BLOCKING client")
		return
	}
	for _, ch := range args[1:] {
		c.subscribe(channelKind, ch)
	}
}

// PSUBSCRIBE pattern [pattern ...]
func psubscribeCommand(c *Client, args [][]byte) {
	if c.denyBlocking() && c.multi == nil && !c.inExec {
		c.Error("ERR PSUBSCRIBE isn't allowed for a DENY BLOCKING client")
		return
	}
	for _, p := range args[1:] {
		c.subscribe(patternKind, p)
	}
}

// SSUBSCRIBE shardchannel [shardchannel ...]
func ssubscribeCommand(c *Client, args [][]byte) {
	if c.denyBlocking() {
		c.Error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client")
		return
	}
	for _, ch := range args[1:] {
		c.subscribe(shardKind, ch)
	}
}

// UNSUBSCRIBE [channel [channel ...]]
func unsubscribeCommand(c *Client, args [][]byte) { c.unsubscribeArgs(channelKind, args) }

// PUNSUBSCRIBE [pattern [pattern ...]]
func punsubscribeCommand(c *Client, args [][]byte) { c.unsubscribeArgs(patternKind, args) }

// SUNSUBSCRIBE [shardchannel [shardchannel ...]]
func sunsubscribeCommand(c *Client, args [][]byte) { c.unsubscribeArgs(shardKind, args) }

func (c *Client) unsubscribeArgs(k subscriptionKind, args [][]byte) {
	if len(args) == 1 {
		c.unsubscribeAll(k, true)
		return
	}
	for _, name := range args[1:] {
		c.unsubscribe(k, name, true)
	}
}

// PUBLISH channel message
func publishCommand(c *Client, args [][]byte) {
	c.Int(int64(c.e.publish(args[1], args[2], false)))
}

// SPUBLISH shardchannel message
func spublishCommand(c *Client, args [][]byte) {
	c.Int(int64(c.e.publish(args[1], args[2], true)))
}

// publish delivers a message and returns how many clients received it.
func (e *Engine) publish(channel, message []byte, shard bool) int {
	receivers := 0
	if shard {
		for _, sub := range e.pubsub.shardChannels[string(channel)] {
			sub.deliver(func(w Writer) {
				w.Push(3)
				w.BulkString("smessage")
				w.Bulk(channel)
				w.Bulk(message)
			})
			receivers++
		}
		return receivers
	}
	for _, sub := range e.pubsub.channels[string(channel)] {
		sub.deliver(func(w Writer) {
			w.Push(3)
			w.BulkString("message")
			w.Bulk(channel)
			w.Bulk(message)
		})
		receivers++
	}
	for pattern, subs := range e.pubsub.patterns {
		if !globMatch([]byte(pattern), channel, false) {
			continue
		}
		for _, sub := range subs {
			sub.deliver(func(w Writer) {
				w.Push(4)
				w.BulkString("pmessage")
				w.BulkString(pattern)
				w.Bulk(channel)
				w.Bulk(message)
			})
			receivers++
		}
	}
	return receivers
}

// PUBSUB CHANNELS [pattern]
func pubsubChannelsCommand(c *Client, args [][]byte) {
	c.replyChannels(c.e.pubsub.channels, args)
}

// PUBSUB SHARDCHANNELS [pattern]
func pubsubShardChannelsCommand(c *Client, args [][]byte) {
	c.replyChannels(c.e.pubsub.shardChannels, args)
}

func (c *Client) replyChannels(channels map[string][]*Client, args [][]byte) {
	if len(args) > 3 {
		c.subcommandSyntaxError(args)
		return
	}
	var names []string
	for name := range channels {
		if len(args) == 2 || globMatch(args[2], []byte(name), false) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	c.Array(len(names))
	for _, n := range names {
		c.BulkString(n)
	}
}

// PUBSUB NUMSUB [channel [channel ...]]
func pubsubNumsubCommand(c *Client, args [][]byte) {
	c.replyNumsub(c.e.pubsub.channels, args)
}

// PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]
func pubsubShardNumsubCommand(c *Client, args [][]byte) {
	c.replyNumsub(c.e.pubsub.shardChannels, args)
}

func (c *Client) replyNumsub(channels map[string][]*Client, args [][]byte) {
	c.Array(2 * (len(args) - 2))
	for _, ch := range args[2:] {
		c.Bulk(ch)
		c.Int(int64(len(channels[string(ch)])))
	}
}

// PUBSUB NUMPAT
func pubsubNumpatCommand(c *Client, args [][]byte) {
	c.Int(int64(len(c.e.pubsub.patterns)))
}

// PUBSUB HELP
func pubsubHelpCommand(c *Client, args [][]byte) {
	c.help("PUBSUB", []string{
		"CHANNELS [<pattern>]",
		"    Return the currently active channels matching a <pattern> (default: '*').",
		"NUMPAT",
		"    Return number of subscriptions to patterns.",
		"NUMSUB [<channel> ...]",
		"    Return the number of subscribers for the specified channels, excluding",
		"    pattern subscriptions(default: no channels).",
		"SHARDCHANNELS [<pattern>]",
		"    Return the currently active shard level channels matching a <pattern> (default: '*').",
		"SHARDNUMSUB [<shardchannel> ...]",
		"    Return the number of subscribers for the specified shard level channel(s)",
	})
}

// dropSubscriptions removes every subscription of a closing client.
func (c *Client) dropSubscriptions() {
	c.unsubscribeAll(channelKind, false)
	c.unsubscribeAll(patternKind, false)
	c.unsubscribeAll(shardKind, false)
}
