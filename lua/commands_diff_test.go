package lua

import (
	"regexp"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/rdb"
	"github.com/redwasm/redwasm/engine/redistest"
)

// Differential tests of the scripting commands themselves: EVAL and
// EVALSHA arguments, the script cache, shebangs, FUNCTION's subcommands
// and library metadata, FCALL. Each sequence runs in RESP2 and RESP3
// from empty caches.

// lib builds library code registering functions that return their name.
func lib(name string, funcs ...string) string {
	var b strings.Builder
	b.WriteString("#!lua name=" + name + "\n")
	for _, f := range funcs {
		b.WriteString("redis.register_function('" + f + "', function(keys, args) return '" + f + "' end)\n")
	}
	return b.String()
}

// runSequences runs each sequence of commands on a fresh pair in both
// protocols. A command starting with "~" is compared unordered (FUNCTION
// LIST follows Redis's hash order), with "?" only set up.
func runSequences(t *testing.T, seqs map[string][][]string) {
	for name, seq := range seqs {
		for _, proto := range []int{2, 3} {
			t.Run(name+"/resp"+string(rune('0'+proto)), func(t *testing.T) {
				p, _, _ := newPair(t)
				p.Proto(proto)
				for _, cmd := range seq {
					runStep(p, cmd)
				}
			})
		}
	}
}

func runStep(p *redistest.Pair, cmd []string) {
	switch {
	case strings.HasPrefix(cmd[0], "~"):
		p.CheckUnordered(append([]string{cmd[0][1:]}, cmd[1:]...)...)
	case strings.HasPrefix(cmd[0], "?"):
		p.Both(append([]string{cmd[0][1:]}, cmd[1:]...)...)
	default:
		p.Check(cmd...)
	}
}

func TestEvalCommandsMatchRedis(t *testing.T) {
	const one = "return 1"
	sha := sha1hex([]byte(one))
	runSequences(t, map[string][][]string{
		"numkeys": {
			{"EVAL", one, "x"},
			{"EVAL", one, "-1"},
			{"EVAL", one, "1"},
			{"EVAL", one, "2", "a"},
			{"EVAL", one, "1.5", "a"},
			{"EVAL", one, " 1", "a"},
			{"EVAL", one, "+1", "a"},
			{"EVAL", one, "01", "a"},
			{"EVAL", one, "99999999999999999999"},
			{"EVAL", "return {#KEYS, #ARGV}", "1", "a", "b", "c"},
			{"EVAL", "return {#KEYS, #ARGV}", "3", "a", "b", "c"},
			{"EVAL_RO", one, "x"},
			{"EVALSHA", sha, "x"},
			{"EVALSHA", "short", "x"},
			{"FCALL", "f", "x"},
			{"EVAL", one},
			{"EVAL"},
			{"EVALSHA", sha},
		},
		"evalsha": {
			{"EVALSHA", sha, "0"},
			{"EVALSHA_RO", sha, "0"},
			{"EVALSHA", "x", "0"},
			{"EVALSHA", strings.Repeat("z", 41), "0"},
			{"EVAL", one, "0"},
			{"EVALSHA", sha, "0"},
			{"EVALSHA", strings.ToUpper(sha), "0"},
			{"EVALSHA_RO", sha, "0"},
			{"EVALSHA", sha, "-1"},
			{"SCRIPT", "FLUSH"},
			{"EVALSHA", sha, "0"},
		},
		"script cache": {
			{"SCRIPT", "EXISTS", sha},
			{"SCRIPT", "LOAD", one},
			{"SCRIPT", "LOAD", one},
			{"SCRIPT", "EXISTS", sha, strings.ToUpper(sha), "nope", ""},
			{"SCRIPT", "LOAD", "return +"},
			{"SCRIPT", "LOAD", "#!lua flags=bad\nreturn 1"},
			{"SCRIPT", "LOAD", "#!lua flags=no-writes\nreturn 1"},
			{"EVALSHA", sha1hex([]byte("#!lua flags=no-writes\nreturn 1")), "0"},
			{"SCRIPT", "FLUSH", "ASYNC"},
			{"SCRIPT", "EXISTS", sha},
			{"SCRIPT", "LOAD", one},
			{"SCRIPT", "FLUSH", "sync"},
			{"SCRIPT", "EXISTS", sha},
			{"SCRIPT", "FLUSH", "bad"},
			{"SCRIPT", "FLUSH", "sync", "async"},
			{"SCRIPT", "EXISTS"},
			{"SCRIPT", "LOAD"},
			{"SCRIPT", "LOAD", "a", "b"},
			{"SCRIPT", "KILL"},
			{"SCRIPT", "KILL", "x"},
			{"SCRIPT", "HELP"},
			{"SCRIPT", "NOSUCH"},
			{"SCRIPT"},
		},
		"shebang": {
			{"EVAL", "#!lua\nreturn 1", "0"},
			{"EVAL", "#!lua\nreturn 1 +", "0"},
			{"EVAL", "#!lua\nreturn x", "0"},
			{"EVAL", "#!lua flags=no-writes\nreturn 1", "0"},
			{"EVAL", "#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1", "0"},
			{"EVAL", "#!lua flags=\nreturn 1", "0"},
			{"EVAL", "#!lua flags=no-writes,,allow-oom\nreturn 1", "0"},
			{"EVAL", "#!lua flags=NO-WRITES\nreturn 1", "0"},
			{"EVAL", "#!lua flags=bad\nreturn 1", "0"},
			{"EVAL", "#!lua name=foo\nreturn 1", "0"},
			{"EVAL", "#!lua flags=no-writes name=foo\nreturn 1", "0"},
			{"EVAL", "#!lu\nreturn 1", "0"},
			{"EVAL", "#!LUA\nreturn 1", "0"},
			{"EVAL", "#!lua", "0"},
			{"EVAL", "#!", "0"},
			{"EVAL", "#! lua\nreturn 1", "0"},
			{"EVAL", "#!\nreturn 1", "0"},
			{"EVAL", "#!lua \"flags=no-writes\"\nreturn 1", "0"},
			{"EVAL", "#!lua \"unbalanced\nreturn 1", "0"},
			{"EVAL", "#!lua  flags=no-writes \nreturn 1", "0"},
			{"EVAL", "#!lua flags=no-writes\r\nreturn 1", "0"},
			{"EVAL", "#!lua\n\n\nerror('line 4')", "0"},
			{"EVAL", "# not a shebang\nreturn 1", "0"},
			{"EVAL", "#!lua flags=no-writes\nreturn redis.call('set', 'k', 'v')", "0"},
			{"EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'k')", "0"},
			{"EVAL", "#!lua\nreturn redis.call('set', 'k', 'v')", "0"},
		},
		"read-only": {
			{"EVAL_RO", "return redis.call('set', 'k', 'v')", "0"},
			{"EVAL_RO", "return redis.pcall('set', 'k', 'v')", "0"},
			{"EVAL_RO", "return redis.call('get', 'k')", "0"},
			{"EVAL_RO", "#!lua\nreturn 1", "0"},
			{"EVAL_RO", "#!lua flags=no-writes\nreturn redis.call('get', 'k')", "0"},
			{"EVAL_RO", "#!lua flags=no-writes\nreturn redis.call('del', 'k')", "0"},
			{"EVAL_RO", "return redis.call('incr', 'n')", "0"},
			{"EVAL_RO", "return redis.call('publish', 'c', 'm')", "0"},
			{"EVAL_RO", "return redis.call('expire', 'k', 10)", "0"},
			{"?SCRIPT", "LOAD", "return redis.call('set', 'k', 'v')"},
			{"EVALSHA_RO", sha1hex([]byte("return redis.call('set', 'k', 'v')")), "0"},
			{"EVAL", "#!lua flags=no-writes\nreturn redis.pcall('set', 'k', 'v')", "0"},
			{"GET", "k"},
		},
		"busy-reply-threshold": {
			{"CONFIG", "GET", "busy-reply-threshold"},
			{"CONFIG", "GET", "lua-time-limit"},
			{"CONFIG", "SET", "lua-time-limit", "1234"},
			{"CONFIG", "GET", "busy-reply-threshold"},
			{"~CONFIG", "GET", "*-time-limit"},
			{"~CONFIG", "GET", "busy*"},
			{"CONFIG", "SET", "busy-reply-threshold", "-1"},
			{"CONFIG", "SET", "busy-reply-threshold", "x"},
			{"CONFIG", "SET", "busy-reply-threshold", "0"},
			{"~CONFIG", "GET", "lua-time-limit", "busy-reply-threshold"},
			{"CONFIG", "SET", "busy-reply-threshold", "5000"},
		},
		"commands in scripts": {
			{"EVAL", "redis.call('select', 1) return redis.call('set', 'k', 'db1')", "0"},
			{"GET", "k"},
			{"SELECT", "1"},
			{"GET", "k"},
			{"EVAL", "return redis.call('get', 'k')", "0"},
			{"SELECT", "0"},
			{"EVAL", "return redis.call('blpop', 'nolist', 0)", "0"},
			{"EVAL", "return redis.call('brpoplpush', 'nolist', 'dst', 0)", "0"},
			{"EVAL", "return redis.call('bzpopmin', 'nozset', 0)", "0"},
			{"EVAL", "return redis.call('xread', 'BLOCK', 0, 'STREAMS', 'nos', '$')", "0"},
			{"EVAL", "redis.call('rpush', 'l', 'a') return redis.call('blpop', 'l', 0)", "0"},
			{"EVAL", "return redis.call('wait', 0, 0)", "0"},
			{"EVAL", "return redis.call('randomkey')", "0"},
			{"EVAL", "return redis.call('publish', 'ch', 'msg')", "0"},
			{"EVAL", "return redis.call('dbsize')", "0"},
			{"EVAL", "return redis.call('exists', 'k')", "0"},
			{"EVAL", "return redis.call('type', 'l')", "0"},
			{"EVAL", "return redis.call('object', 'encoding', 'l')", "0"},
			{"EVAL", "return redis.call('spop', 'noset')", "0"},
			{"EVAL", "return redis.call('flushdb')", "0"},
			{"DBSIZE"},
		},
	})
}

func TestFunctionCommandsMatchRedis(t *testing.T) {
	runSequences(t, map[string][][]string{
		"load metadata": {
			{"FUNCTION", "LOAD", "no shebang"},
			{"FUNCTION", "LOAD", "#!lua"},
			{"FUNCTION", "LOAD", "#!lua name=x"},
			{"FUNCTION", "LOAD", "#!lua\nx"},
			{"FUNCTION", "LOAD", "#!lua name=a name=b\nx"},
			{"FUNCTION", "LOAD", "#!lua foo=bar\nx"},
			{"FUNCTION", "LOAD", "#!js name=x\nx"},
			{"FUNCTION", "LOAD", "#!lua name=bad-name\nx"},
			{"FUNCTION", "LOAD", "#!lua name=\nx"},
			{"FUNCTION", "LOAD", "#!lua name=\"quoted name\"\nx"},
			{"FUNCTION", "LOAD", "#!lua name=\"unbalanced\nx"},
			{"FUNCTION", "LOAD", "#!\nx"},
			{"FUNCTION", "LOAD", "#! lua name=x\nx"},
			{"FUNCTION", "LOAD", "#!lua name=x\n"},
			{"FUNCTION", "LOAD", "#!lua name=x\nreturn 1"},
			{"FUNCTION", "LOAD", "#!lua name=x\nreturn +"},
			{"FUNCTION", "LOAD", "#!LUA name=x2\nredis.register_function('f2', function() return 1 end)"},
			{"FUNCTION", "LOAD", "#!lua NAME=x3\nredis.register_function('f3', function() return 1 end)"},
			{"FUNCTION", "LOAD", "#!lua name=x6 \nredis.register_function('f6', function() return 1 end)"},
			{"FUNCTION", "LOAD", "#!lua  name=x7\nredis.register_function('f7', function() return 1 end)"},
			{"FUNCTION", "LOAD", "#!lua name=\"x8\"\nredis.register_function('f8', function() return 1 end)"},
			{"FCALL", "f2", "0"},
			{"FCALL", "F2", "0"},
			{"~FUNCTION", "LIST"},
		},
		"load and replace": {
			{"FUNCTION", "LOAD", lib("lib1", "f1", "g1")},
			{"FUNCTION", "LOAD", lib("lib1", "f1")},
			{"FUNCTION", "LOAD", "REPLACE", lib("lib1", "f1")},
			{"FCALL", "g1", "0"},
			{"FUNCTION", "LOAD", lib("lib2", "f1")},
			{"FUNCTION", "LOAD", lib("lib2", "F1")},
			{"FUNCTION", "LOAD", lib("lib2", "x", "x")},
			{"FUNCTION", "LOAD", lib("lib2", "x", "X")},
			{"FUNCTION", "LOAD", "REPLACE", lib("lib1", "f1", "g1")},
			{"FUNCTION", "LOAD", "replace", lib("lib1", "f1", "g1")},
			{"FUNCTION", "LOAD", "REPLACE", "REPLACE", lib("lib1", "f1")},
			{"FUNCTION", "LOAD", "BAD", lib("lib1", "f1")},
			{"FUNCTION", "LOAD", "REPLACE"},
			{"FUNCTION", "LOAD"},
			{"FUNCTION", "LOAD", "REPLACE", lib("lib1")},
			{"FCALL", "f1", "0"},
			{"FUNCTION", "LOAD", "REPLACE", "#!lua name=lib1\nerror('boom')"},
			{"FCALL", "f1", "0"},
			{"~FUNCTION", "LIST", "WITHCODE"},
		},
		"register_function": {
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function()"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('a', function() end, 3)"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('a')"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function(1, function() return 'one' end)"},
			{"FCALL", "1", "0"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({}, function() end)"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('a', 'b')"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('bad name', function() end)"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('', function() end)"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('x', function() end) redis.register_function('x', function() end)"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function(1.5, function() end)"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('a')"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function(function() end)"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({function_name='n'})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({callback=function() end})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({function_name={}, callback=function() end})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({function_name='n', callback='x'})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({function_name='n', callback=function() end, description={}})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({function_name='n', callback=function() end, flags='x'})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({function_name='n', callback=function() end, flags={'bad'}})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({function_name='n', callback=function() end, flags={1}})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({function_name='n', callback=function() end, other=1})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function({function_name='n', callback=function() end, [1]=2})"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function{function_name='n', callback=function() return 'named' end, description='a desc', flags={'no-writes', 'ALLOW-OOM'}}"},
			{"FCALL", "n", "0"},
			{"FUNCTION", "LOAD", "REPLACE", "#!lua name=l\nredis.register_function{FUNCTION_NAME='n', CallBack=function() return 'case' end, Flags={}}"},
			{"FCALL", "n", "0"},
			{"~FUNCTION", "LIST"},
			{"FUNCTION", "LOAD", "REPLACE", "#!lua name=l\nredis.register_function{function_name='n', callback=function() end, flags={'no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}}"},
			{"~FUNCTION", "LIST"},
			{"FUNCTION", "LOAD", "REPLACE", "#!lua name=l\nlocal rf = redis.register_function\nrf('a', function() return rf('b', function() end) end)"},
			{"FCALL", "a", "0"},
		},
		"load environment": {
			{"FUNCTION", "LOAD", "#!lua name=l\nlocal s = string.len('a') redis.register_function('f', function() return 1 end)"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.call('ping') redis.register_function('f', function() return 1 end)"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.log(redis.LOG_NOTICE, 'loading') redis.register_function('f', function() return redis.REDIS_VERSION end)"},
			{"FCALL", "f", "0"},
			{"FUNCTION", "LOAD", "#!lua name=l2\nx = 1"},
			{"FUNCTION", "LOAD", "#!lua name=l2\nredis.x = 1"},
			{"FUNCTION", "LOAD", "#!lua name=l2\nlocal t = KEYS"},
			{"FUNCTION", "LOAD", "#!lua name=l2\nreturn _G"},
			{"FUNCTION", "LOAD", "#!lua name=l3\nlocal function helper() return 'helped' end\nredis.register_function('h', function() return helper() end)"},
			{"FCALL", "h", "0"},
			{"FUNCTION", "LOAD", "#!lua name=l4\nlocal count = 0\nredis.register_function('counter', function() count = count + 1 return count end)"},
			{"FCALL", "counter", "0"},
			{"FCALL", "counter", "0"},
			{"FUNCTION", "LOAD", "#!lua name=l5\nredis.register_function('g', function() x = 1 end)"},
			{"FCALL", "g", "0"},
			{"FUNCTION", "LOAD", "#!lua name=l6\nredis.register_function('k', function(keys, args) return {keys, args} end)"},
			{"FCALL", "k", "2", "a", "b", "c"},
			{"FCALL_RO", "k", "0", "x"},
			{"FUNCTION", "LOAD", "#!lua name=l7\nredis.register_function('glob', function() return type(KEYS) end)"},
			{"FCALL", "glob", "0"},
			{"FUNCTION", "LOAD", "#!lua name=l8\nredis.register_function('eh', function() return __redis__err__handler end)"},
			{"FCALL", "eh", "0"},
		},
		"fcall": {
			{"FCALL", "f", "0"},
			{"FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('f', function(k, a) return redis.call('set', k[1], a[1]) end)\nredis.register_function{function_name='ro', callback=function(k) return redis.call('get', k[1]) end, flags={'no-writes'}}"},
			{"FCALL", "f", "1", "k", "v"},
			{"FCALL", "f", "x"},
			{"FCALL", "nosuch", "x"},
			{"FCALL", "f", "-1"},
			{"FCALL", "f", "3", "a"},
			{"FCALL_RO", "f", "1", "k", "v"},
			{"FCALL_RO", "ro", "1", "k"},
			{"FCALL", "ro", "1", "k"},
			{"FUNCTION", "LOAD", "REPLACE", "#!lua name=l\nredis.register_function{function_name='ro', callback=function(k) return redis.call('set', k[1], 'x') end, flags={'no-writes'}}"},
			{"FCALL", "ro", "1", "k"},
			{"FCALL", "RO", "1", "k"},
			{"FCALL", "f", "1", "k", "v"},
			{"FUNCTION", "LOAD", "#!lua name=e\nredis.register_function('e', function() error('in function') end)"},
			{"FCALL", "e", "0"},
			{"FUNCTION", "LOAD", "#!lua name=e2\nredis.register_function('e2', function() return redis.call('nosuch') end)"},
			{"FCALL", "e2", "0"},
			{"FUNCTION", "LOAD", "#!lua name=e3\nredis.register_function('e3', function() return redis.call('eval', 'return 1', 0) end)"},
			{"FCALL", "e3", "0"},
			{"FUNCTION", "LOAD", "#!lua name=e4\nredis.register_function('e4', function() return redis.call('fcall', 'e4', 0) end)"},
			{"FCALL", "e4", "0"},
		},
		"delete flush list": {
			{"FUNCTION", "DELETE", "nolib"},
			{"FUNCTION", "LOAD", lib("a", "fa1", "fa2")},
			{"FUNCTION", "LOAD", lib("b", "fb")},
			{"FUNCTION", "LOAD", lib("abc", "fabc")},
			{"~FUNCTION", "LIST"},
			{"~FUNCTION", "LIST", "LIBRARYNAME", "a*"},
			{"~FUNCTION", "LIST", "libraryname", "A*"},
			{"~FUNCTION", "LIST", "LIBRARYNAME", "b", "WITHCODE"},
			{"~FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "ab?"},
			{"FUNCTION", "LIST", "LIBRARYNAME"},
			{"FUNCTION", "LIST", "WITHCODE", "WITHCODE"},
			{"FUNCTION", "LIST", "LIBRARYNAME", "a", "LIBRARYNAME", "b"},
			{"FUNCTION", "LIST", "bad"},
			{"FUNCTION", "DELETE", "A"},
			{"FUNCTION", "DELETE", "a"},
			{"FCALL", "fa1", "0"},
			{"FUNCTION", "DELETE", "a"},
			{"~FUNCTION", "LIST"},
			{"FUNCTION", "STATS"},
			{"FUNCTION", "FLUSH", "bad"},
			{"FUNCTION", "FLUSH", "async", "sync"},
			{"FUNCTION", "FLUSH", "ASYNC"},
			{"FUNCTION", "LIST"},
			{"FUNCTION", "STATS"},
			{"FUNCTION", "LOAD", lib("c", "fc")},
			{"FUNCTION", "FLUSH", "sync"},
			{"FUNCTION", "FLUSH"},
			{"FUNCTION", "STATS"},
			{"FUNCTION", "STATS", "x"},
			{"FUNCTION", "KILL"},
			{"FUNCTION", "HELP"},
			{"FUNCTION", "NOSUCH"},
			{"FUNCTION"},
		},
		"dump and restore": {
			{"FUNCTION", "DUMP"},
			{"FUNCTION", "LOAD", lib("only", "f")},
			{"FUNCTION", "DUMP"},
			{"FUNCTION", "RESTORE", "bad"},
			{"FUNCTION", "RESTORE", "bad", "nopolicy"},
			{"FUNCTION", "RESTORE", "bad", "FLUSH", "extra"},
			{"FUNCTION", "RESTORE"},
		},
	})
}

// monitorLine masks what differs between the servers in MONITOR lines:
// the time and the client's address ("[0 127.0.0.1:1234]"), keeping the
// database and "lua" for commands run by scripts.
var monitorLine = regexp.MustCompile(`\+\d+\.\d+ \[(\d+) (?:\d+\.\d+\.\d+\.\d+:\d+)?`)

func TestMonitorShowsScriptCommands(t *testing.T) {
	p, e, _ := newPair(t)
	mon := p.Another(newConn(e))
	mon.Check("MONITOR")
	check := func(args ...string) {
		t.Helper()
		p.Check(args...)
	}
	next := func(label string) {
		t.Helper()
		mon.CheckReplyMasked(label, monitorLine, "+T [$1 ")
	}
	check("EVAL", "redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])", "1", "k", "v")
	next("EVAL")
	next("set from the script")
	next("get from the script")
	check("EVAL", "return 1", "x")
	next("EVAL with a bad numkeys")
	check("EVALSHA", "nosuch", "0")
	next("EVALSHA of a missing script")
	check("EVAL", "redis.call('select', 3) return redis.call('ping')", "0")
	next("EVAL selecting")
	next("select")
	next("ping in db 3")
	check("FUNCTION", "LOAD", "#!lua name=m\nredis.register_function('m', function(k) return redis.call('incr', k[1]) end)")
	next("FUNCTION LOAD")
	check("FCALL", "m", "1", "n")
	next("FCALL")
	next("incr from the function")
	check("FCALL_RO", "m", "1", "n")
	next("FCALL_RO")
	check("EVAL", "return redis.call('config', 'get', 'maxmemory')", "0")
	next("EVAL with an admin command")
	check("SCRIPT", "LOAD", "return 2")
	next("SCRIPT LOAD")
	check("PING")
	next("PING")
}

// functionPayload builds a FUNCTION DUMP payload from raw records.
func functionPayload(records ...[]byte) string {
	var b []byte
	for _, r := range records {
		b = append(b, r...)
	}
	return string(rdb.AppendDumpFooter(b))
}

// libraryRecord is one library as FUNCTION DUMP writes it.
func libraryRecord(code string) []byte {
	return rdb.AppendString([]byte{rdb.OpFunction2}, []byte(code), false)
}

func TestFunctionRestoreMatchesRedis(t *testing.T) {
	a, b := lib("liba", "fa"), lib("libb", "fb")
	clash := lib("libc", "fa")
	runSequences(t, map[string][][]string{
		"policies": {
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(a))},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(a))},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(a)), "APPEND"},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(a)), "REPLACE"},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(clash)), "REPLACE"},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(b), libraryRecord(clash))},
			{"FCALL", "fb", "0"},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(b), libraryRecord(a)), "replace"},
			{"~FUNCTION", "LIST"},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(clash)), "FLUSH"},
			{"~FUNCTION", "LIST"},
			{"FCALL", "fa", "0"},
			{"FUNCTION", "RESTORE", functionPayload(), "FLUSH"},
			{"FUNCTION", "LIST"},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(a), libraryRecord(a))},
			{"FUNCTION", "LIST"},
		},
		"bad payloads": {
			{"FUNCTION", "RESTORE", functionPayload([]byte{rdb.OpFunctionPreGA, 1, 'x'})},
			{"FUNCTION", "RESTORE", functionPayload([]byte{rdb.OpFunctionPreGA, 2, 'p', 'g', 3, 'L', 'U', 'A', 0},
				rdb.AppendString(nil, []byte("\nredis.register_function('pg', function() return 'pre-GA' end)"), false))},
			{"FCALL", "pg", "0"},
			{"FUNCTION", "RESTORE", functionPayload([]byte{rdb.OpFunctionPreGA, 3, 'p', 'g', '2', 3, 'L', 'U', 'A', 1, 1, 'd'},
				rdb.AppendString(nil, []byte("\nredis.register_function('pg2', function() return 'described' end)"), false))},
			{"FCALL", "pg2", "0"},
			{"FUNCTION", "RESTORE", functionPayload([]byte{rdb.OpFunctionPreGA, 1, 'a', 1, 'b'})},
			{"FUNCTION", "RESTORE", functionPayload([]byte{rdb.OpFunctionPreGA, 1, 'a', 1, 'b', 1})},
			{"FUNCTION", "RESTORE", functionPayload([]byte{rdb.OpFunctionPreGA, 1, 'a', 1, 'b', 0})},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord("#!lua name=z\nreturn 1"), []byte{rdb.OpFunction2, 40})},
			{"FUNCTION", "RESTORE", functionPayload([]byte{0, 1, 'x'})},
			{"FUNCTION", "RESTORE", functionPayload([]byte{rdb.OpFunction2})},
			{"FUNCTION", "RESTORE", functionPayload([]byte{rdb.OpFunction2, 40, 'x'})},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord("no shebang"))},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord("#!lua name=x\nerror('boom')"))},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(a), libraryRecord("#!lua name=y\n"))},
			{"~FUNCTION", "LIST"},
			{"FUNCTION", "RESTORE", functionPayload(libraryRecord(a))[:20]},
			{"FUNCTION", "RESTORE", ""},
		},
		"dump round trip": {
			{"FUNCTION", "LOAD", "#!lua name=long\n" + strings.Repeat("-- padding that compresses well\n", 20) +
				"redis.register_function('long', function() return 'long' end)"},
			{"FUNCTION", "DUMP"},
			{"?FUNCTION", "LOAD", a},
			{"?SET", "key", "value"},
			{"?DEBUG", "RELOAD"},
			{"~FUNCTION", "LIST", "WITHCODE"},
			{"FCALL", "long", "0"},
			{"GET", "key"},
			{"?CONFIG", "SET", "rdbcompression", "no"},
			{"?FUNCTION", "DELETE", "liba"},
			{"FUNCTION", "DUMP"},
			{"?CONFIG", "SET", "rdbcompression", "yes"},
		},
	})
}

// TestFunctionDumpInterchange restores Redis's FUNCTION DUMP into the
// engine and the engine's into Redis.
func TestFunctionDumpInterchange(t *testing.T) {
	p, e, _ := newPair(t)
	p.Check("FUNCTION", "LOAD", lib("one", "f1", "f2"))
	p.Check("FUNCTION", "LOAD", lib("two", "g1"))
	real, mine := p.Do("FUNCTION", "DUMP")
	dumpOf := func(raw []byte) string { return string(parsed(t, raw).Str) }
	p.Check("FUNCTION", "FLUSH")
	p.DoEach([]string{"FUNCTION", "RESTORE", dumpOf(mine)}, []string{"FUNCTION", "RESTORE", dumpOf(real)})
	p.CheckUnordered("FUNCTION", "LIST", "WITHCODE")
	p.Check("FCALL", "f2", "0")
	_ = e
}

// TestInfoScriptingMatchesRedis compares the scripting figures of INFO
// memory.
func TestInfoScriptingMatchesRedis(t *testing.T) {
	p, _, _ := newPair(t)
	fields := regexp.MustCompile(`(?m)^(number_of_cached_scripts|number_of_functions|number_of_libraries|used_memory_scripts_eval):.*\r\n`)
	check := func(label string) {
		t.Helper()
		real, mine := p.Do("INFO", "memory")
		r := strings.Join(fields.FindAllString(string(parsed(t, real).Str), -1), "")
		m := strings.Join(fields.FindAllString(string(parsed(t, mine).Str), -1), "")
		if r != m || !strings.Contains(r, "number_of_libraries") {
			t.Errorf("%s:\n  redis-server: %q\n  redwasm:      %q", label, r, m)
		}
	}
	check("empty")
	p.Check("SCRIPT", "LOAD", "return 1")
	p.Check("EVAL", "return 12345", "0")
	p.Check("SCRIPT", "LOAD", "return '"+strings.Repeat("x", 100)+"'")
	check("three scripts")
	p.Check("SCRIPT", "LOAD", "return 4")
	check("four scripts")
	p.Check("FUNCTION", "LOAD", lib("l1", "a", "b"))
	p.Check("FUNCTION", "LOAD", lib("l2", "c"))
	check("libraries")
	p.Check("SCRIPT", "FLUSH")
	p.Check("FUNCTION", "DELETE", "l1")
	check("flushed")
}
