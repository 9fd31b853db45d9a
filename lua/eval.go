package lua

import (
	"strings"

	glua "github.com/yuin/gopher-lua"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/rdb"
	"github.com/redwasm/redwasm/engine/resp"
)

// EVAL scripts: Redis 7.0's eval.c. Scripts compile once into the EVAL
// interpreter and are cached by the SHA1 of their body until SCRIPT
// FLUSH, which also replaces the interpreter.

func init() {
	engine.Implement("eval", func(c *engine.Client, args [][]byte) { evalCommand(c, args, false, false) })
	engine.Implement("eval_ro", func(c *engine.Client, args [][]byte) { evalCommand(c, args, false, true) })
	engine.Implement("evalsha", func(c *engine.Client, args [][]byte) { evalCommand(c, args, true, false) })
	engine.Implement("evalsha_ro", func(c *engine.Client, args [][]byte) { evalCommand(c, args, true, true) })
	engine.Implement("script|load", scriptLoadCommand)
	engine.Implement("script|exists", scriptExistsCommand)
	engine.Implement("script|flush", scriptFlushCommand)
	engine.Implement("script|kill", func(c *engine.Client, args [][]byte) {
		if s := scriptingOf(c); s != nil {
			s.kill(c, true)
		}
	})
	engine.Implement("script|help", func(c *engine.Client, args [][]byte) { c.Help("SCRIPT", scriptHelp) })
}

var scriptHelp = []string{
	"DEBUG (YES|SYNC|NO)",
	"    Set the debug mode for subsequent scripts executed.",
	"EXISTS <sha1> [<sha1> ...]",
	"    Return information about the existence of the scripts in the script cache.",
	"FLUSH [ASYNC|SYNC]",
	"    Flush the Lua scripts cache. Very dangerous on replicas.",
	"    When called without the optional mode argument, the behavior is determined by the",
	"    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
	"    * ASYNC: Asynchronously flush the scripts cache.",
	"    * SYNC: Synchronously flush the scripts cache.",
	"KILL",
	"    Kill the currently executing Lua script.",
	"LOAD <script>",
	"    Load a script into the scripts cache without executing it.",
}

// Errors of EVAL and SCRIPT.
const (
	errNoScript        = "NOSCRIPT No matching script. Please use EVAL."
	errNotInteger      = "ERR value is not an integer or out of range"
	errTooManyKeys     = "ERR Number of keys can't be greater than number of args"
	errNegativeKeys    = "ERR Number of keys can't be negative"
	errScriptFlushMode = "ERR SCRIPT FLUSH only support SYNC|ASYNC option"
	errCompile         = "ERR Error compiling script (new function): "
)

// evalCache is the EVAL side of scripting: its interpreter, the client
// its scripts' commands run as, and the compiled scripts by SHA1.
type evalCache struct {
	s       *Scripting
	st      *State
	client  *engine.Client
	scripts map[string]*evalScript

	lastBody, lastSHA string // see shaOf
}

// evalScript is a cached script.
type evalScript struct {
	sha   string
	body  string
	fn    *glua.LFunction
	flags engine.ScriptFlags
}

func (ec *evalCache) init(s *Scripting, client *engine.Client) {
	ec.s, ec.client = s, client
	ec.reset()
}

// reset drops every script and starts a new interpreter, as Redis's
// scriptingReset.
func (ec *evalCache) reset() {
	if ec.st != nil {
		ec.st.Close()
	}
	ec.st = ec.s.newState(true)
	ec.scripts = map[string]*evalScript{}
}

// newState creates an interpreter for EVAL scripts or for functions,
// with the redis table and the shared random generator.
func (s *Scripting) newState(eval bool) *State {
	st := NewState()
	st.rand = s.rand
	if !eval {
		// Redis creates this global for EVAL's error handler only.
		st.globals.RawSetString("__redis__err__handler", glua.LNil)
	}
	st.SetGlobal("redis", s.redisTable(st.L, eval))
	return st
}

// lookup finds a cached script by SHA1, case-insensitively.
func (ec *evalCache) lookup(sha []byte) *evalScript {
	if len(sha) != 40 {
		return nil
	}
	var buf [40]byte
	for i, ch := range sha {
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf[i] = ch
	}
	return ec.scripts[string(buf[:])]
}

// flagsOfBody returns the flags of an EVAL body: the cached script's, or
// those its shebang declares.
func (ec *evalCache) flagsOfBody(body []byte) (engine.ScriptFlags, bool) {
	if sc := ec.scripts[ec.shaOf(body)]; sc != nil {
		return sc.flags, true
	}
	flags, _, err := parseShebang(body)
	return flags, err == ""
}

// shaOf returns the SHA1 of an EVAL body. The dispatcher asks for the
// body's flags just before EVAL runs it, so the last body's SHA1 is kept.
func (ec *evalCache) shaOf(body []byte) string {
	if string(body) != ec.lastBody {
		ec.lastBody, ec.lastSHA = string(body), sha1hex(body)
	}
	return ec.lastSHA
}

// create compiles and caches a script, Redis's luaCreateFunction. On
// failure it replies the error to c (if any) and returns nil.
func (ec *evalCache) create(c *engine.Client, body []byte) *evalScript {
	sha := ec.shaOf(body)
	if sc := ec.scripts[sha]; sc != nil {
		return sc
	}
	flags, shebangLen, errText := parseShebang(body)
	if errText != "" {
		if c != nil {
			c.Error("ERR " + errText)
		}
		return nil
	}
	// The shebang line is cut but its line break kept, so that line
	// numbers count from the top of the body.
	fn, err := ec.st.Compile(string(body[shebangLen:]), "@user_script")
	if err != nil {
		if c != nil {
			c.Error(errCompile + lineBreaks.Replace(strings.TrimRight(err.Error(), "\n")))
		}
		return nil
	}
	sc := &evalScript{sha: sha, body: string(body), fn: fn, flags: flags}
	ec.scripts[sha] = sc
	return sc
}

// parseShebang reads the "#!lua flags=..." line of an EVAL body, Redis's
// evalExtractShebangFlags: the declared flags (ScriptEvalCompat without
// a shebang), the shebang's length, or Redis's error.
func parseShebang(body []byte) (engine.ScriptFlags, int, string) {
	if len(body) < 2 || body[0] != '#' || body[1] != '!' {
		return engine.ScriptEvalCompat, 0, ""
	}
	end := indexByte(body, '\n')
	if end < 0 {
		return 0, 0, "Invalid script shebang"
	}
	parts, ok := resp.SplitArgs(body[:end])
	if !ok || len(parts) == 0 {
		return 0, 0, "Invalid engine in script shebang"
	}
	if string(parts[0]) != "#!lua" {
		return 0, 0, "Unexpected engine in script shebang: " + cString(string(parts[0]))
	}
	var flags engine.ScriptFlags
	for _, part := range parts[1:] {
		opt := cString(string(part))
		list, isFlags := strings.CutPrefix(opt, "flags=")
		if !isFlags {
			return 0, 0, "Unknown lua shebang option: " + opt
		}
		if list == "" {
			continue
		}
		for _, name := range strings.Split(list, ",") {
			f, ok := scriptFlag(name, false)
			if !ok {
				return 0, 0, "Unexpected flag in script shebang: " + name
			}
			flags |= f
		}
	}
	return flags, end, ""
}

// scriptFlag looks a flag up by name, ignoring case for functions'
// flags as Redis does.
func scriptFlag(name string, ignoreCase bool) (engine.ScriptFlags, bool) {
	for i, known := range engine.ScriptFlagNames {
		if name == known || ignoreCase && strings.EqualFold(name, known) {
			return 1 << i, true
		}
	}
	return 0, false
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// parseNumKeys reads the numkeys argument of EVAL and FCALL and checks it
// against the arguments that follow, replying Redis's errors. badNumber
// is the error for a numkeys that is not an integer.
func parseNumKeys(c *engine.Client, args [][]byte, badNumber string) (int, bool) {
	n, ok := rdb.ParseInt64(args[2])
	switch {
	case !ok:
		c.Error(badNumber)
	case n > int64(len(args)-3):
		c.Error(errTooManyKeys)
	case n < 0:
		c.Error(errNegativeKeys)
	default:
		return int(n), true
	}
	return 0, false
}

// EVAL script numkeys [key ...] [arg ...], EVAL_RO, and with sha:
// EVALSHA sha1 numkeys [key ...] [arg ...], EVALSHA_RO.
func evalCommand(c *engine.Client, args [][]byte, bySHA, ro bool) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	// EVAL is flagged skip_monitor: it shows itself before its commands.
	c.FeedMonitors(args)
	if bySHA && len(args[1]) != 40 {
		c.Error(errNoScript)
		return
	}
	numKeys, ok := parseNumKeys(c, args, errNotInteger)
	if !ok {
		return
	}
	ec := &s.eval
	var sc *evalScript
	if bySHA {
		if sc = ec.lookup(args[1]); sc == nil {
			c.Error(errNoScript)
			return
		}
	} else if sc = ec.create(c, args[1]); sc == nil {
		return
	}
	s.execute(c, ec.st, ec.client, sc.fn, true, sc.sha, sc.flags, ro, args, args[3:3+numKeys], args[3+numKeys:])
}

// setArgs sets the KEYS and ARGV globals of an EVAL script. The tables
// are reused from run to run when the last script left them as plain
// arrays: EVAL scripts keep nothing between runs (the globals are
// read-only), so nobody else can hold them.
func (s *State) setArgs(keys, argv [][]byte) {
	s.keys = s.argTable("KEYS", s.keys, keys)
	s.argv = s.argTable("ARGV", s.argv, argv)
}

func (s *State) argTable(name string, t *glua.LTable, items [][]byte) *glua.LTable {
	if t == nil || t.Metatable != glua.LNil || s.ro.isProxy(t) || hasHashPart(t) {
		t = bytesArray(s.L, items)
		s.globals.RawSetString(name, t)
		return t
	}
	n := t.Len()
	for i, item := range items {
		t.RawSetInt(i+1, glua.LString(item))
	}
	for i := len(items) + 1; i <= n; i++ {
		t.RawSetInt(i, glua.LNil)
	}
	return t
}

// hasHashPart reports whether t holds anything but its array part.
func hasHashPart(t *glua.LTable) bool {
	n := t.Len()
	if n == 0 {
		k, _ := t.Next(glua.LNil)
		return k != glua.LNil
	}
	k, _ := t.Next(glua.LNumber(n))
	return k != glua.LNil
}

func bytesArray(L *glua.LState, items [][]byte) *glua.LTable {
	t := L.CreateTable(len(items), 0)
	for i, item := range items {
		t.RawSetInt(i+1, glua.LString(item))
	}
	return t
}

// SCRIPT LOAD script
func scriptLoadCommand(c *engine.Client, args [][]byte) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	if sc := s.eval.create(c, args[2]); sc != nil {
		c.BulkString(sc.sha)
	}
}

// SCRIPT EXISTS sha1 [sha1 ...]
func scriptExistsCommand(c *engine.Client, args [][]byte) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	c.Array(len(args) - 2)
	for _, sha := range args[2:] {
		if s.eval.lookup(sha) != nil {
			c.Int(1)
		} else {
			c.Int(0)
		}
	}
}

// SCRIPT FLUSH [ASYNC|SYNC]
func scriptFlushCommand(c *engine.Client, args [][]byte) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	if len(args) > 3 || len(args) == 3 && !strings.EqualFold(string(args[2]), "sync") && !strings.EqualFold(string(args[2]), "async") {
		c.Error(errScriptFlushMode)
		return
	}
	s.eval.reset()
	c.OK()
}

// kill stops the running script if it has not written, Redis's
// scriptKill: SCRIPT KILL (eval) or FUNCTION KILL.
func (s *Scripting) kill(c *engine.Client, eval bool) {
	run := s.run
	switch {
	case run == nil:
		c.Error("NOTBUSY No scripts in execution right now.")
	case run.Wrote():
		c.Error("UNKILLABLE Sorry the script already executed write commands against the dataset. " +
			"You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.")
	case eval && !run.eval:
		c.Error(engine.ErrBusyFunction)
	case !eval && run.eval:
		c.Error(engine.ErrBusyEval)
	default:
		run.killed = true
		c.OK()
	}
}
