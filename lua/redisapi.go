package lua

import (
	"math"
	"strings"
	"unsafe"

	glua "github.com/yuin/gopher-lua"

	"github.com/redwasm/redwasm/engine"
)

// The redis table scripts see, Redis 7.0's script_lua.c API: call and
// pcall, the reply helpers, log, setresp, set_repl, sha1hex,
// acl_check_cmd and the constants; EVAL scripts also get the debugger's
// breakpoint and debug (no-ops outside a debugging session) and the
// deprecated replicate_commands.

// Propagation flags of redis.set_repl, Redis's PROPAGATE_AOF and
// PROPAGATE_REPL.
const (
	replAOF     = 1
	replReplica = 2
)

// redisTable builds the redis table of a state. The fields are set in
// the order Redis sets them, so that pairs(redis) walks them in C Lua's
// order.
func (s *Scripting) redisTable(L *glua.LState, eval bool) *glua.LTable {
	t := L.CreateTable(0, 0)
	fn := func(name string, f glua.LGFunction) { t.RawSetString(name, L.NewFunction(f)) }
	num := func(name string, n float64) { t.RawSetString(name, glua.LNumber(n)) }
	fn("call", func(L *glua.LState) int { return s.redisCall(L, true) })
	fn("pcall", func(L *glua.LState) int { return s.redisCall(L, false) })
	setLogFunctions(L, t, s)
	setVersion(t)
	fn("setresp", s.redisSetResp)
	fn("sha1hex", redisSha1hex)
	fn("error_reply", redisErrorReply)
	fn("status_reply", redisStatusReply)
	fn("set_repl", s.redisSetRepl)
	num("REPL_NONE", 0)
	num("REPL_AOF", replAOF)
	num("REPL_SLAVE", replReplica)
	num("REPL_REPLICA", replReplica)
	num("REPL_ALL", replAOF|replReplica)
	fn("acl_check_cmd", s.redisACLCheckCmd)
	if eval {
		fn("breakpoint", func(L *glua.LState) int { L.Push(glua.LFalse); return 1 })
		fn("debug", func(L *glua.LState) int { return 0 })
		fn("replicate_commands", func(L *glua.LState) int { L.Push(glua.LTrue); return 1 })
	}
	return t
}

// setLogFunctions sets redis.log and the LOG_ levels, which libraries
// also get while they load.
func setLogFunctions(L *glua.LState, t *glua.LTable, s *Scripting) {
	t.RawSetString("log", L.NewFunction(s.redisLog))
	t.RawSetString("LOG_DEBUG", glua.LNumber(LogDebug))
	t.RawSetString("LOG_VERBOSE", glua.LNumber(LogVerbose))
	t.RawSetString("LOG_NOTICE", glua.LNumber(LogNotice))
	t.RawSetString("LOG_WARNING", glua.LNumber(LogWarning))
}

func setVersion(t *glua.LTable) {
	t.RawSetString("REDIS_VERSION_NUM", glua.LNumber(engine.RedisVersionNum))
	t.RawSetString("REDIS_VERSION", glua.LString(engine.RedisVersion))
}

// Errors of the redis API, Redis's texts.
const (
	errNoArguments    = "Please specify at least one argument for this redis lib call"
	errArgumentType   = "Lua redis lib command arguments must be strings or integers"
	errCallOutside    = "redis.call/pcall can only be called inside a script invocation"
	errWrongArgs      = "wrong number or type of arguments"
	errSha1hexArgs    = "wrong number of arguments"
	errLogArgs        = "redis.log() requires two arguments or more."
	errLogLevelType   = "First argument must be a number (log level)."
	errLogLevel       = "Invalid debug level."
	errSetRespOutside = "redis.setresp can only be called inside a script invocation"
	errSetRespArgs    = "redis.setresp() requires one argument."
	errSetRespValue   = "RESP version must be 2 or 3."
	errSetReplOutside = "redis.set_repl can only be called inside a script invocation"
	errSetReplArgs    = "redis.set_repl() requires two arguments."
	errSetReplFlags   = "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE."
	errACLOutside     = "redis.acl_check_cmd can only be called inside a script invocation"
	errACLCommand     = "Invalid command passed to redis.acl_check_cmd()"
)

// raiseTable raises Redis's error table for msg (luaPushError, then
// luaError).
func raiseTable(L *glua.LState, msg string) {
	L.Error(errorTable(L, msg), 0)
}

// redisCall is redis.call (raise) and redis.pcall: Redis's
// luaRedisGenericCommand. The command runs through the engine's checks
// for scripts; its reply comes back as a Lua value, and an error reply is
// raised by redis.call, returned as a table by redis.pcall.
func (s *Scripting) redisCall(L *glua.LState, raise bool) int {
	run := s.run
	if run == nil {
		raiseTable(L, errCallOutside)
	}
	args, bad := s.commandArgs(L)
	if bad != "" {
		t := errorTable(L, bad)
		if raise {
			L.Error(t, 0)
		}
		L.Push(t)
		return 1
	}
	s.reply.reset(L, run.Proto())
	refused := run.Call(args, &s.reply)
	clear(args) // the strings are Lua's: do not keep them alive
	if refused != "" {
		t := errorTable(L, "-"+refused)
		t.RawSetString("ignore_error_stats_update", glua.LTrue)
		if raise {
			L.Error(t, 0)
		}
		L.Push(t)
		return 1
	}
	result := s.reply.result
	s.reply.result = glua.LNil
	if raise && s.reply.isError {
		L.Error(result, 0)
	}
	L.Push(result)
	return 1
}

// commandArgs converts the arguments of a redis.call to a command, as
// Redis's luaArgsToRedisArgv: strings as they are, numbers as %.17g. It
// returns Redis's error message for bad arguments. The strings alias
// Lua's, which is safe because commands never modify their arguments
// and copy what they keep.
func (s *Scripting) commandArgs(L *glua.LState) ([][]byte, string) {
	argc := L.GetTop()
	if argc == 0 {
		return nil, errNoArguments
	}
	args := s.args[:0]
	var nums []byte
	for i := 1; i <= argc; i++ {
		switch v := L.Get(i).(type) {
		case glua.LString:
			args = append(args, bytesOf(string(v)))
		case glua.LNumber:
			start := len(nums)
			nums = appendNumberArg(nums, float64(v))
			args = append(args, nums[start:len(nums):len(nums)])
		default:
			clear(args)
			return nil, errArgumentType
		}
	}
	s.args = args[:0]
	return args, ""
}

// bytesOf returns the bytes of a string without copying them.
func bytesOf(s string) []byte {
	if s == "" {
		return []byte{}
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// appendNumberArg formats a number argument as Redis does, with
// printf("%.17g"), exactly, and quickly for integers.
func appendNumberArg(dst []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1e17 && !(f == 0 && math.Signbit(f)) {
		return appendInt64(dst, int64(f))
	}
	return appendG(dst, f, 17)
}

func appendInt64(dst []byte, n int64) []byte {
	if n < 0 {
		dst = append(dst, '-')
		return appendUint64(dst, uint64(-n))
	}
	return appendUint64(dst, uint64(n))
}

func appendUint64(dst []byte, n uint64) []byte {
	var buf [20]byte
	i := len(buf)
	for n >= 10 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	buf[i] = byte('0' + n)
	return append(dst, buf[i:]...)
}

// redisSha1hex is redis.sha1hex(string).
func redisSha1hex(L *glua.LState) int {
	if L.GetTop() != 1 {
		raiseTable(L, errSha1hexArgs)
	}
	str, _ := toLString(L.Get(1))
	L.Push(glua.LString(sha1hex(bytesOf(str))))
	return 1
}

// redisErrorReply is redis.error_reply(msg): the table {err = msg},
// with the code ERR added to a message that has none.
func redisErrorReply(L *glua.LState) int {
	msg, ok := L.Get(-1).(glua.LString)
	if L.GetTop() != 1 || !ok {
		L.Push(errorTable(L, errWrongArgs))
		return 1
	}
	text := cString(string(msg))
	if !strings.HasPrefix(text, "-") {
		text = "-" + text
	}
	L.Push(errorTable(L, text))
	return 1
}

// redisStatusReply is redis.status_reply(msg): the table {ok = msg}.
func redisStatusReply(L *glua.LState) int {
	if _, ok := L.Get(-1).(glua.LString); L.GetTop() != 1 || !ok {
		L.Push(errorTable(L, errWrongArgs))
		return 1
	}
	t := L.CreateTable(0, 1)
	t.RawSetString("ok", L.Get(-1))
	L.Push(t)
	return 1
}

// redisLog is redis.log(level, message...): the arguments that convert
// to strings, joined by spaces, at a Redis log level.
func (s *Scripting) redisLog(L *glua.LState) int {
	argc := L.GetTop()
	if argc < 2 {
		raiseTable(L, errLogArgs)
	}
	level, ok := toNumber(L.Get(1))
	if !ok {
		raiseTable(L, errLogLevelType)
	}
	n := int(int32(toInteger(level)))
	if n < LogDebug || n > LogWarning {
		raiseTable(L, errLogLevel)
	}
	var b strings.Builder
	first := true
	for i := 2; i <= argc; i++ {
		str, ok := toLString(L.Get(i))
		if !ok {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(str)
	}
	s.log(n, b.String())
	return 0
}

// redisSetResp is redis.setresp(2|3): the protocol of the replies the
// script's commands give it.
func (s *Scripting) redisSetResp(L *glua.LState) int {
	if s.run == nil {
		raiseTable(L, errSetRespOutside)
	}
	if L.GetTop() != 1 {
		raiseTable(L, errSetRespArgs)
	}
	n, _ := toNumber(L.Get(-1))
	proto := int(int32(toInteger(n)))
	if proto != 2 && proto != 3 {
		raiseTable(L, errSetRespValue)
	}
	s.run.SetProto(proto)
	return 0
}

// redisSetRepl is redis.set_repl(flags): whether the script's writes are
// propagated from now on.
func (s *Scripting) redisSetRepl(L *glua.LState) int {
	if s.run == nil {
		raiseTable(L, errSetReplOutside)
	}
	if L.GetTop() != 1 {
		raiseTable(L, errSetReplArgs)
	}
	n, _ := toNumber(L.Get(-1))
	flags := int(int32(toInteger(n)))
	if flags&^(replAOF|replReplica) != 0 {
		raiseTable(L, errSetReplFlags)
	}
	s.run.SetPropagate(flags&replAOF != 0)
	return 0
}

// redisACLCheckCmd is redis.acl_check_cmd(command, args...): whether the
// user running the script may run the command. The engine has no ACL
// users beyond the default one, which may run everything.
func (s *Scripting) redisACLCheckCmd(L *glua.LState) int {
	if s.run == nil {
		raiseTable(L, errACLOutside)
	}
	args, bad := s.commandArgs(L)
	if bad != "" {
		raiseTable(L, bad)
	}
	cmd := engine.LookupCommand(string(args[0]))
	if cmd != nil && cmd.Subcommands != nil && len(args) > 1 {
		cmd = cmd.Subcommands[strings.ToLower(string(args[1]))]
	}
	clear(args)
	if cmd == nil || !cmd.Implemented() {
		raiseTable(L, errACLCommand)
	}
	L.Push(glua.LTrue)
	return 1
}
