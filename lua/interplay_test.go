package lua

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Scripts among the engine's other features: statistics, WATCH, blocked
// clients, keyspace events.

func TestScriptStatsMatchRedis(t *testing.T) {
	p, _, _ := newPair(t)
	p.Both("CONFIG", "RESETSTAT")
	p.Check("SET", "str", "x")
	for _, script := range []string{
		"return redis.pcall('nosuch')",
		"return redis.call('nosuch')",
		"return redis.pcall('incr', 'x', 'y')",
		"redis.call('set', 's', 'a') return redis.call('incr', 's')",
		"return redis.pcall('incr', 'str')",
		"error('raised')",
		"return {err = 'MINE returned'}",
		"return redis.error_reply('MYERR made')",
		"return redis.pcall('eval', 'return 1', 0)",
		"return redis.call('ping')",
	} {
		p.Check("EVAL", script, "0")
	}
	p.Check("EVAL_RO", "return redis.call('set', 'k', 'v')", "0")
	p.Check("FUNCTION", "LOAD", "#!lua name=st\nredis.register_function('st', function() return redis.call('incr', 'str') end)")
	p.Check("FCALL", "st", "0")
	lines := regexp.MustCompile(`(?m)^(errorstat_\w+:count=\d+|total_error_replies:\d+|cmdstat_(eval|eval_ro|fcall|incr|set|ping|function\|load):calls=\d+,usec=\d+,usec_per_call=[\d.]+,rejected_calls=\d+,failed_calls=\d+)\r$`)
	usec := regexp.MustCompile(`usec=\d+,usec_per_call=[\d.]+,`)
	for _, section := range []string{"errorstats", "stats", "commandstats"} {
		real, mine := p.Do("INFO", section)
		pick := func(raw []byte) string {
			found := lines.FindAllString(string(parsed(t, raw).Str), -1)
			for i := range found {
				found[i] = usec.ReplaceAllString(found[i], "")
			}
			slices.Sort(found) // Redis lists commands in its hash table's order
			return strings.Join(found, "\n")
		}
		if r, m := pick(real), pick(mine); r != m || r == "" {
			t.Errorf("INFO %s:\nredis-server:\n%s\nredwasm:\n%s", section, r, m)
		}
	}
}

func TestScriptWritesBreakWatch(t *testing.T) {
	p, e, _ := newPair(t)
	watcher := p.Another(newConn(e))
	watcher.Check("WATCH", "k")
	p.Check("EVAL", "return redis.call('get', 'k')", "0")
	watcher.Check("MULTI")
	watcher.Check("SET", "k", "from the transaction")
	watcher.Check("EXEC")
	watcher.Check("WATCH", "k")
	p.Check("EVAL", "return redis.call('set', 'k', 'from a script')", "0")
	watcher.Check("MULTI")
	watcher.Check("SET", "k", "lost")
	watcher.Check("EXEC")
	watcher.Check("GET", "k")
	// Scripts inside a transaction run when EXEC runs.
	watcher.Check("MULTI")
	watcher.Check("EVAL", "return redis.call('incr', 'n')", "0")
	watcher.Check("EVAL", "return redis.call('nosuch')", "0")
	watcher.Check("EVAL", "return x", "0")
	watcher.Check("EXEC")
	watcher.Check("MULTI")
	watcher.Check("EVAL", "return 1", "x")
	watcher.Check("EVAL", "return 1")
	watcher.Check("EXEC")
}

func TestScriptWritesServeBlockedClients(t *testing.T) {
	p, e, _ := newPair(t)
	blocked := p.Another(newConn(e))
	blocked.Send("BLPOP", "list", "0")
	blocked.CheckNoReply("BLPOP waiting", 100*time.Millisecond)
	// The client is served once the script is over, with what is left.
	p.Check("EVAL", "redis.call('rpush', 'list', 'a', 'b') redis.call('lpop', 'list') return redis.call('llen', 'list')", "0")
	blocked.CheckReply("BLPOP served after the script")
	p.Check("LLEN", "list")
}

func TestScriptKeyspaceEvents(t *testing.T) {
	p, e, _ := newPair(t)
	p.Both("CONFIG", "SET", "notify-keyspace-events", "KEA")
	t.Cleanup(func() { p.Both("CONFIG", "SET", "notify-keyspace-events", "") })
	sub := p.Another(newConn(e))
	sub.Check("PSUBSCRIBE", "__key*__:*")
	p.Check("EVAL", "redis.call('set', 'k', 'v') redis.call('expire', 'k', 100) return redis.call('del', 'k')", "0")
	for i := 0; i < 6; i++ {
		sub.CheckReply("keyspace event")
	}
}
