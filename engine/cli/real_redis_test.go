package cli

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/resp"
)

// The test here runs commands against a real redis-server twice: typed at
// redis-cli's prompt, and sent over a plain connection whose reply bytes
// are formatted with FormatReply. The two outputs must be identical.

// realSetup fills the server with data for realCases.
var realSetup = [][]string{
	{"FLUSHALL"},
	{"SET", "k", "v"},
	{"SET", "a", "1"},
	{"SET", "bin", "\x00\x01\xff\n\"\\ \t\a\b\v\f\x7f"},
	{"SET", "uni", "中文 é"},
	{"SET", "lcs1", "ohmytext"},
	{"SET", "lcs2", "mynewtext"},
	{"RPUSH", "list", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"},
	{"RPUSH", "mixed", "", "a b", "\t", "'", "\"", "\\"},
	{"HSET", "h", "f1", "v1", "f2", "v2", "f3", ""},
	{"SADD", "s", "x", "y", "z"},
	{"SADD", "ints", "3", "1", "2"},
	{"ZADD", "z", "1", "a", "2.5", "b", "-3", "c", "1e10", "d"},
	{"XADD", "st", "1-1", "f", "v", "a", "b"},
	{"XADD", "st", "2-1", "f2", "v2"},
	{"GEOADD", "geo", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"},
}

// realCases are commands whose replies do not change when run twice.
func realCases() [][]string {
	cases := [][]string{
		{"PING"}, {"PING", "hello world"}, {"ping", ""},
		{"GET", "k"}, {"GET", "bin"}, {"GET", "uni"}, {"GET", "nope"}, {"SET", "k", "v"},
		{"STRLEN", "k"}, {"TYPE", "list"}, {"OBJECT", "ENCODING", "s"}, {"TTL", "k"}, {"EXISTS", "k", "nope"},
		{"MGET", "k", "nope", "bin"}, {"MEMORY", "USAGE", "k"},
		{"LRANGE", "list", "0", "-1"}, {"LRANGE", "big", "0", "-1"}, {"LRANGE", "nope", "0", "-1"},
		{"LRANGE", "mixed", "0", "-1"}, {"LINDEX", "list", "0"}, {"LPOS", "list", "c"}, {"SORT", "list", "ALPHA", "DESC", "LIMIT", "0", "3"},
		{"HGETALL", "h"}, {"HGETALL", "nope"}, {"HMGET", "h", "f1", "nope", "f3"}, {"HKEYS", "h"},
		{"SMEMBERS", "s"}, {"SMEMBERS", "ints"}, {"SMEMBERS", "nope"}, {"SISMEMBER", "s", "x"}, {"SMISMEMBER", "s", "x", "q"},
		{"ZRANGE", "z", "0", "-1", "WITHSCORES"}, {"ZRANGE", "z", "0", "-1"}, {"ZSCORE", "z", "b"}, {"ZSCORE", "z", "nope"},
		{"ZMSCORE", "z", "a", "nope", "d"}, {"ZRANGE", "nope", "0", "-1"}, {"ZPOPMIN", "nope"},
		{"XRANGE", "st", "-", "+"}, {"XRANGE", "nope", "-", "+"}, {"XINFO", "STREAM", "st"}, {"XINFO", "STREAM", "st", "FULL"},
		{"XREAD", "COUNT", "5", "STREAMS", "st", "0"}, {"XREAD", "STREAMS", "nope", "0"},
		{"GEOPOS", "geo", "Palermo", "nope"}, {"GEODIST", "geo", "Palermo", "Catania"},
		{"GEOSEARCH", "geo", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHCOORD", "WITHDIST", "ASC"},
		{"LCS", "lcs1", "lcs2", "IDX", "WITHMATCHLEN"},
		{"KEYS", "*"}, {"SCAN", "0", "COUNT", "1000"}, {"DBSIZE"}, {"SELECT", "1"}, {"DBSIZE"}, {"SELECT", "0"},
		{"COMMAND", "INFO", "get", "set", "nosuchcommand"}, {"COMMAND", "DOCS", "get"}, {"COMMAND", "GETKEYS", "set", "a", "b"},
		{"CONFIG", "GET", "maxmemory-policy"}, {"CONFIG", "GET", "*max-*-entries*"}, {"OBJECT", "HELP"},
		{"FUNCTION", "LIST"}, {"PUBSUB", "CHANNELS"}, {"PUBSUB", "NUMSUB", "a", "b"}, {"WAIT", "0", "0"},
		// Errors.
		{"NOSUCHCOMMAND", "a", "b"}, {"GET"}, {"GET", "list"}, {"INCR", "k"}, {"SET", "k", "v", "EX", "-1"},
		{"ZADD", "z", "nan", "x"}, {"DISCARD"}, {"OBJECT", "FREQ", "k"},
		// Transactions: the replies inside EXEC mix types.
		{"MULTI"}, {"SET", "a", "1"}, {"INCR", "k"}, {"LPUSH", "k", "x"}, {"GET", "nope"}, {"EXEC"},
		{"MULTI"}, {"EXEC"},
		// Scripts shape replies freely.
		{"EVAL", "return {1,2,{3,{4,5}},'x'}", "0"},
		{"EVAL", "return {ok='STATUS'}", "0"},
		{"EVAL", "return {err='MYERR custom'}", "0"},
		{"EVAL", "return redis.error_reply('E2 x')", "0"},
		{"EVAL", "return {1,{err='inner'},{ok='fine'},3}", "0"},
		{"EVAL", "local t={} for i=1,12 do t[i]=i end return t", "0"},
		{"EVAL", "local t={} for i=1,11 do t[i]={i,{'a','b'}} end return t", "0"},
		{"EVAL", "local t={} for i=1,101 do t[i]={} end return t", "0"},
		{"EVAL", "return true", "0"}, {"EVAL", "return false", "0"}, {"EVAL", "return nil", "0"}, {"EVAL", "return 3.99", "0"},
		{"EVAL", "return ARGV", "0", "", "a b", "\x00\xff", "\r\n", "中"},
		{"EVAL", "redis.setresp(3) return {map={a=1}}", "0"},
		{"EVAL", "redis.setresp(3) return {map={a={1,2},b={map={x=1}},c={},d={{1,2}},e={{1}}}}", "0"},
		{"EVAL", "redis.setresp(3) return {set={a=true,b=true}}", "0"},
		{"EVAL", "redis.setresp(3) return {double=3.5}", "0"},
		{"EVAL", "redis.setresp(3) return {double=1e300}", "0"},
		{"EVAL", "redis.setresp(3) return {1, {map={k={set={z=true}}}}, {double=2.5}, true, false}", "0"},
		{"EVAL", "redis.setresp(3) return redis.call('hgetall','h')", "0"},
		{"EVAL", "redis.setresp(3) return redis.call('xinfo','stream','st')", "0"},
		// Commands redis-cli prints raw on a terminal.
		{"INFO", "keyspace"}, {"info", "KEYSPACE"}, {"DEBUG", "HTSTATS", "0"}, {"DEBUG", "HTSTATS-KEY", "s"},
		{"DEBUG", "HTSTATS-KEY", "list"}, {"LATENCY", "DOCTOR"}, {"MEMORY", "DOCTOR"}, {"CLUSTER", "INFO"},
		{"CLIENT", "LIST", "ID", "999999"}, {"LATENCY", "GRAPH", "nope"},
	}
	for _, kind := range []string{"string", "integer", "double", "null", "array", "set", "map", "true", "false", "verbatim", "push"} {
		cases = append(cases, []string{"DEBUG", "PROTOCOL", kind})
	}
	for _, s := range []string{"", "plain", "a\nb", "\x00\x01\x7f\x80\xff", "中文", `"quoted"`, `back\slash`, "\t\r\a\b\v\f", "'"} {
		cases = append(cases, []string{"ECHO", s})
	}
	return cases
}

// realSeparator is echoed between cases.
const realSeparator = "--8<-- real separator --8<--"

func TestFormatReplyMatchesRedisCLIWithRedis(t *testing.T) {
	sock := startRedis(t)
	setup := dial(t, sock)
	for _, cmd := range realSetup {
		if v := setup.do(cmd...); v.Type == resp.Error {
			t.Fatalf("%q: %s", cmd, v.Str)
		}
	}
	big := []string{"RPUSH", "big"}
	for i := 1; i <= 120; i++ {
		big = append(big, strconv.Itoa(i))
	}
	setup.do(big...)

	cases := groupTransactions(realCases())
	var stdin strings.Builder
	for _, group := range cases {
		for _, args := range group {
			quoted := make([]string, len(args))
			for i, a := range args {
				quoted[i] = Quote(a)
			}
			stdin.WriteString(strings.Join(quoted, " ") + "\n")
		}
		stdin.WriteString("ECHO " + Quote(realSeparator) + "\n")
	}
	compared := 0
	for _, proto := range []int{2, 3} {
		for _, out := range []Output{TTY, Raw} {
			flags := []string{"-s", sock, "--show-pushes", "yes", map[Output]string{TTY: "--no-raw", Raw: "--raw"}[out]}
			if proto == 3 {
				flags = append(flags, "-3")
			}
			printed := runCLI(t, []byte(stdin.String()), flags...)
			sep := Format(out, resp.Value{Type: resp.BulkString, Str: []byte(realSeparator)})
			got := strings.Split(printed, sep)
			if len(got) != len(cases)+1 || got[len(cases)] != "" {
				t.Fatalf("RESP%d %s: redis-cli printed %d parts for %d cases:\n%s", proto, flags[4], len(got), len(cases), printed)
			}

			c := dial(t, sock)
			if proto == 3 {
				c.do("HELLO", "3")
			}
			for i, group := range cases {
				want := ""
				for _, args := range group {
					want += c.send(out, args)
					compared++
				}
				if got[i] != want {
					t.Errorf("RESP%d %s %q:\nredis-cli:   %q\nFormatReply: %q", proto, flags[4], group, got[i], want)
				}
			}
		}
	}
	t.Logf("%d replies of a real redis-server compared with redis-cli", compared)
}

// groupTransactions puts each command in a group of its own, except that a
// MULTI and the commands up to its EXEC form one group: nothing can be typed
// between them without being queued too.
func groupTransactions(cmds [][]string) [][][]string {
	var groups [][][]string
	inMulti := false
	for _, args := range cmds {
		if inMulti {
			groups[len(groups)-1] = append(groups[len(groups)-1], args)
		} else {
			groups = append(groups, [][]string{args})
		}
		switch strings.ToUpper(args[0]) {
		case "MULTI":
			inMulti = true
		case "EXEC", "DISCARD":
			inMulti = false
		}
	}
	return groups
}

// send runs one command and formats what comes back as redis-cli does:
// push messages ahead of the reply, then the reply.
func (c *conn) send(out Output, args []string) string {
	c.t.Helper()
	if _, err := c.c.Write(resp.AppendCommand(nil, toBytes(args)...)); err != nil {
		c.t.Fatal(err)
	}
	var text string
	for {
		v := c.read()
		if v.Type != resp.Push {
			return text + FormatReply(out, args, v)
		}
		text += FormatPush(out, v)
	}
}

// TestElapsedMatchesRedisCLI runs a slow command at redis-cli's prompt: on
// a terminal it prints the time taken after the reply, as Elapsed does.
func TestElapsedMatchesRedisCLI(t *testing.T) {
	sock := startRedis(t)
	for _, out := range []Output{TTY, Raw} {
		flag := map[Output]string{TTY: "--no-raw", Raw: "--raw"}[out]
		printed := runCLI(t, []byte("DEBUG SLEEP 0.55\n"), "-s", sock, flag)
		reply, timing, _ := strings.Cut(printed, "\n")
		if reply != "OK" {
			t.Fatalf("%s: redis-cli printed %q", flag, printed)
		}
		if out == Raw {
			if timing != "" {
				t.Errorf("--raw: redis-cli printed a time: %q", printed)
			}
			continue
		}
		seconds, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(timing, "("), "s)\n"), 64)
		if err != nil || seconds < 0.55 {
			t.Fatalf("%s: redis-cli printed %q", flag, printed)
		}
		d := time.Duration(seconds * float64(time.Second))
		if want := Elapsed(out, d); timing != want {
			t.Errorf("redis-cli printed %q, Elapsed(%v) = %q", timing, d, want)
		}
	}
}
