package engine

import (
	"strings"
	"testing"
)

// TestCollectionEvents compares the keyspace events and dirty counts of
// every writing command of lists, hashes and sets with redis-server's,
// including the commands that change nothing and those that empty a key.
func TestCollectionEvents(t *testing.T) {
	for _, flags := range []string{"KEA", "El", "Kh", "Es", "Kg", "KEn", "Em"} {
		t.Run(flags, func(t *testing.T) { testCollectionEvents(t, flags) })
	}
}

func testCollectionEvents(t *testing.T, flags string) {
	p, e := newPair(t)
	r := newEventRecorder(t, p, e, flags)
	ordered := [][]string{
		{"RPUSH", "l", "a", "b", "c", "d", "e", "f"},
		{"LPUSH", "l", "z"},
		{"LPUSHX", "l", "y", "x"},
		{"RPUSHX", "nol", "y"},
		{"LPOP", "l"},
		{"RPOP", "l", "2"},
		{"LPOP", "l", "0"},
		{"LPOP", "nol"},
		{"LSET", "l", "0", "v"},
		{"LSET", "l", "100", "v"},
		{"LINSERT", "l", "BEFORE", "b", "n"},
		{"LINSERT", "l", "BEFORE", "nothing", "n"},
		{"LREM", "l", "0", "n"},
		{"LREM", "l", "0", "nothing"},
		{"LTRIM", "l", "0", "-1"},
		{"LTRIM", "l", "1", "-2"},
		{"LMOVE", "l", "l2", "LEFT", "RIGHT"},
		{"RPOPLPUSH", "l", "l"},
		{"LMPOP", "2", "nol", "l", "RIGHT", "COUNT", "1"},
		{"LMOVE", "l", "l2", "LEFT", "LEFT"},
		{"LRANGE", "l2", "0", "-1"},
		{"LTRIM", "l2", "5", "1"},
		{"RPUSH", "l3", "a", "a"},
		{"LREM", "l3", "0", "a"},
		{"RPUSH", "l3", "a"},
		{"RPOP", "l3", "5"},
		{"RPUSH", "l3", "a"},
		{"LMPOP", "1", "l3", "LEFT"},

		{"HSET", "h", "a", "1", "b", "2"},
		{"HSET", "h", "a", "1"},
		{"HMSET", "h", "c", "3"},
		{"HSETNX", "h", "a", "1"},
		{"HSETNX", "h", "d", "4"},
		{"HDEL", "h", "a", "nothing"},
		{"HDEL", "h", "nothing"},
		{"HINCRBY", "h", "n", "5"},
		{"HINCRBY", "h", "b", "x"},
		{"HINCRBYFLOAT", "h", "n", "0.5"},
		{"HINCRBYFLOAT", "h", "nf", "1e2"},
		{"HINCRBYFLOAT", "h", "n", "inf"},
		{"HINCRBY", "h", "c", "9223372036854775807"},
		{"HDEL", "h", "b", "c", "d", "n", "e"},
		{"HSET", "h", "x", strings.Repeat("v", 100)},

		{"SADD", "s", "1", "2", "3"},
		{"SADD", "s", "1"},
		{"SREM", "s", "1", "nothing"},
		{"SREM", "s", "nothing"},
		{"SMOVE", "s", "s2", "2"},
		{"SMOVE", "s", "s2", "nothing"},
		{"SMOVE", "s", "s", "3"},
		{"SADD", "s2", "3"},
		{"SMOVE", "s", "s2", "3"},
		{"SADD", "a", "1", "2", "3"},
		{"SADD", "b", "2", "3", "4"},
		{"SINTERSTORE", "d", "a", "b"},
		{"SUNIONSTORE", "d", "a", "b"},
		{"SDIFFSTORE", "d", "a", "b"},
		{"SDIFFSTORE", "d", "a", "a"},
		{"SDIFFSTORE", "d", "a", "a"},
		{"SINTERSTORE", "d", "a", "nokey"},
		{"SUNIONSTORE", "d", "nokey"},
		{"SADD", "one", "x"},
		{"SPOP", "one"},
		{"SPOP", "a", "0"},
		{"SPOP", "a", "5"},
		{"SPOP", "nokey", "5"},
	}
	// Reads, for the keyspace hits and misses they count, and writes that
	// read.
	unordered := [][]string{
		{"LLEN", "l2"}, {"LLEN", "nol"}, {"LRANGE", "l2", "0", "-1"}, {"LRANGE", "nol", "0", "-1"},
		{"LINDEX", "l2", "0"}, {"LINDEX", "nol", "0"}, {"LPOS", "l2", "a"}, {"LPOS", "nol", "a"},
		{"HGET", "h", "x"}, {"HGET", "noh", "x"}, {"HMGET", "h", "x", "y"}, {"HLEN", "h"}, {"HSTRLEN", "h", "x"},
		{"HEXISTS", "noh", "x"}, {"HKEYS", "h"}, {"HVALS", "noh"}, {"HGETALL", "h"}, {"HSCAN", "h", "0"},
		{"HSCAN", "noh", "0"}, {"HRANDFIELD", "h", "5"}, {"HRANDFIELD", "noh"},
		{"SCARD", "s2"}, {"SISMEMBER", "s2", "2"}, {"SMISMEMBER", "nos", "2"}, {"SMEMBERS", "s2"},
		{"SRANDMEMBER", "s2", "10"}, {"SRANDMEMBER", "nos"}, {"SINTER", "s2", "nos", "b"}, {"SUNION", "s2", "nos"},
		{"SDIFF", "nos", "s2"}, {"SINTERCARD", "2", "s2", "b"}, {"SSCAN", "s2", "0"}, {"SSCAN", "nos", "0"},
		{"SINTERSTORE", "d2", "s2", "b"}, {"SADD", "all", "1", "2"}, {"SPOP", "all", "5"},
		{"LPUSH", "nol", "x"}, {"LPOP", "nol"}, {"RPOPLPUSH", "nol", "l2"},
	}
	bothProtocols(t, p, func(int) {
		for _, args := range ordered {
			r.Check(false, args...)
		}
		for _, args := range unordered {
			r.Check(true, args...)
		}
		// Random replies, deterministic events.
		r.Check(true, "SADD", "r", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10")
		for _, args := range [][]string{{"SPOP", "r"}, {"SPOP", "r", "2"}, {"SPOP", "r", "6"}} {
			p.CheckShape(args...)
			r.CheckEvents(args)
		}
		r.Check(false, "SCARD", "r")
	})
}

// TestCollectionWatch compares which commands invalidate a WATCH: every
// command that changes a key touches it, and the ones that change nothing
// mostly do not, as in Redis.
func TestCollectionWatch(t *testing.T) {
	p, _ := newPair(t)
	setup := [][]string{
		{"RPUSH", "l", "a", "b", "c"},
		{"HSET", "h", "f", "v"},
		{"SADD", "s", "1", "2"},
		{"SADD", "t", "x"},
	}
	commands := [][]string{
		{"LPUSH", "l", "x"}, {"LPUSHX", "nol", "x"}, {"LPOP", "l"}, {"LPOP", "l", "0"}, {"LSET", "l", "0", "x"},
		{"LSET", "l", "9", "x"}, {"LINSERT", "l", "BEFORE", "zz", "x"}, {"LINSERT", "l", "BEFORE", "a", "x"},
		{"LREM", "l", "0", "zz"}, {"LREM", "l", "0", "a"}, {"LTRIM", "l", "0", "-1"}, {"LMOVE", "l", "l", "LEFT", "LEFT"},
		{"LMOVE", "l", "l2", "LEFT", "LEFT"}, {"LMPOP", "1", "l", "LEFT"}, {"RPOPLPUSH", "nol", "l"},
		{"HSET", "h", "f", "v"}, {"HSETNX", "h", "f", "v"}, {"HDEL", "h", "zz"}, {"HDEL", "h", "f"},
		{"HINCRBY", "h", "n", "1"}, {"HINCRBY", "h", "f", "1"}, {"HINCRBYFLOAT", "h", "n", "1"},
		{"SADD", "s", "1"}, {"SADD", "s", "3"}, {"SREM", "s", "9"}, {"SREM", "s", "1"}, {"SMOVE", "s", "s", "1"},
		{"SMOVE", "s", "t", "9"}, {"SMOVE", "s", "t", "1"}, {"SPOP", "s", "0"}, {"SPOP", "s"},
		{"SINTERSTORE", "t", "s", "t"}, {"SINTERSTORE", "nos", "s", "t"}, {"SUNIONSTORE", "t", "s"},
		{"SDIFFSTORE", "t", "s", "s"},
	}
	bothProtocols(t, p, func(int) {
		for _, c := range commands {
			for _, watched := range []string{"l", "l2", "nol", "h", "s", "t", "nos"} {
				p.Both("FLUSHALL")
				for _, s := range setup {
					p.Check(s...)
				}
				p.Check("WATCH", watched)
				if c[0] == "SPOP" && len(c) == 2 {
					p.CheckShape(c...) // a random member
				} else {
					p.CheckUnordered(c...)
				}
				p.Check("MULTI")
				p.Check("PING")
				p.Check("EXEC")
			}
		}
	})
}
