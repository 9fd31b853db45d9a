package engine

import "testing"

func TestPubSubFidelity(t *testing.T) {
	for _, proto := range []string{"2", "3"} {
		t.Run("RESP"+proto, func(t *testing.T) {
			sub, e := newPair(t)
			pub := sub.Another(newConn(e))
			sub.CheckShape("HELLO", proto)
			pub.CheckShape("HELLO", proto)

			sub.Check("SUBSCRIBE", "news", "sport")
			sub.CheckReply("second subscribe confirmation")
			sub.Check("PSUBSCRIBE", "n*")
			pub.Check("PUBLISH", "news", "hello")
			sub.CheckReply("message")
			sub.CheckReply("pmessage")
			pub.Check("PUBLISH", "nothing", "x")
			pub.Check("PUBLISH", "sport", "")
			pub.Check("PUBSUB", "NUMSUB", "news", "sport", "none")
			pub.Check("PUBSUB", "NUMPAT")
			pub.CheckUnordered("PUBSUB", "CHANNELS")
			pub.Check("PUBSUB", "CHANNELS", "s*")
			pub.Check("PUBSUB", "CHANNELS", "x*")
			pub.Check("PUBSUB", "NOSUCH")
			pub.Check("PUBSUB", "HELP")
			pub.Check("PUBSUB", "NUMPAT", "extra")
			pub.Check("PUBSUB", "CHANNELS", "a", "b")
			if proto == "2" {
				sub.Check("GET", "x")
				sub.Check("PING")
				sub.Check("PING", "msg")
				sub.Check("nosuchcommand")
			} else {
				sub.Check("ECHO", "any command works in RESP3")
			}
			sub.Check("UNSUBSCRIBE", "news")
			sub.Check("UNSUBSCRIBE", "never-subscribed")
			sub.Check("PUNSUBSCRIBE")
			sub.Check("UNSUBSCRIBE")
			sub.Check("UNSUBSCRIBE")
			sub.Check("PUNSUBSCRIBE", "a", "b")
			sub.CheckReply("second punsubscribe confirmation")
			sub.Check("PING")

			sub.Check("SSUBSCRIBE", "shard")
			pub.Check("SPUBLISH", "shard", "m")
			sub.CheckReply("smessage")
			pub.Check("PUBLISH", "shard", "not for shard subscribers")
			pub.Check("PUBSUB", "SHARDCHANNELS")
			pub.Check("PUBSUB", "SHARDNUMSUB", "shard", "other")
			sub.Check("SUNSUBSCRIBE")
			sub.Check("SUNSUBSCRIBE")
			sub.Check("PING")
		})
	}
}

func TestPubSubInTransaction(t *testing.T) {
	p, _ := newPair(t)
	p.Check("MULTI")
	p.Check("SUBSCRIBE", "a")
	p.Check("SSUBSCRIBE", "b")
	p.Check("EXEC")
	p.Check("UNSUBSCRIBE")
}

// TestSlowSubscriberIsDisconnected checks that a subscriber whose output
// is not read grows to the pubsub hard limit and is then dropped, instead
// of growing without bound.
func TestSlowSubscriberIsDisconnected(t *testing.T) {
	e := newTestEngine(t)
	if err := e.cfg.set(e, "client-output-buffer-limit", "pubsub 64kb 0 0"); err != nil {
		t.Fatal(err)
	}
	sub := e.NewClient(ClientOptions{})
	pub := e.NewClient(ClientOptions{})
	sub.Do("SUBSCRIBE", "ch")
	msg := string(make([]byte, 1000))
	for i := 0; i < 100; i++ {
		pub.Do("PUBLISH", "ch", msg)
	}
	if !sub.killed {
		t.Fatalf("subscriber with %d bytes pending was not disconnected", len(sub.out))
	}
	if n := pub.Do("PUBLISH", "ch", "x").Int; n != 0 {
		t.Fatalf("PUBLISH reached %d clients after the subscriber was dropped", n)
	}
}

func TestKeyspaceNotificationConfig(t *testing.T) {
	p, _ := newPair(t)
	// The redis-server is shared by the tests: leave its config as found.
	defer p.Both("CONFIG", "SET", "notify-keyspace-events", "")
	for _, v := range []string{"KEA", "An", "Kx", "Eg$lshzxetdm", "", "Q", "AKEm", "n"} {
		p.Check("CONFIG", "SET", "notify-keyspace-events", v)
		p.Check("CONFIG", "GET", "notify-keyspace-events")
	}
	p.Check("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1 2")
	p.Check("CONFIG", "SET", "client-output-buffer-limit", "foo 1 2 3")
	p.Check("CONFIG", "SET", "client-output-buffer-limit", "pubsub x 2 3")
	p.Check("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 2kb 3 normal 0 0 0")
	p.Check("CONFIG", "GET", "client-output-buffer-limit")
	p.Check("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")
}
