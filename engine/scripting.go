package engine

import (
	"strings"
	"time"
)

// Scripting support. The lua package implements EVAL, FCALL, SCRIPT and
// FUNCTION outside the engine; these are the seams it runs through, so
// that a script's commands go through the one command table with Redis's
// checks for scripts (script.c), and the engine knows nothing of Lua:
//
//   - SetScripting attaches the scripting layer: the engine asks it for a
//     script's declared flags (ScriptFlags) and persists its FUNCTION
//     libraries (FunctionLibraries).
//   - NewScriptClient makes the client a script's commands run as: it
//     never blocks, shows as "lua" to MONITOR and is not listed.
//   - StartScript, ScriptRun.Call and ScriptRun.Finish are Redis's
//     scriptPrepareForRun, scriptCall and scriptResetRun.
//   - ScriptRun.EnterBusy and ScriptRun.Yield let a script that runs past
//     busy-reply-threshold give other clients their BUSY replies and let
//     SCRIPT KILL in.

func init() {
	registerConfig(aliasParam(
		intParam("busy-reply-threshold", 0, 1<<63-1, func(c *config) *int { return &c.busyReplyThreshold }),
		"lua-time-limit"))
}

// ScriptFlags are the flags a script declares: in the shebang of an EVAL
// script ("#!lua flags=no-writes,allow-oom") or when a FUNCTION library
// registers a function.
type ScriptFlags uint16

// The script flags, in Redis's order (FUNCTION LIST shows them so).
const (
	ScriptNoWrites ScriptFlags = 1 << iota
	ScriptAllowOOM
	ScriptAllowStale
	ScriptNoCluster
	ScriptAllowCrossSlotKeys
	// ScriptEvalCompat marks an EVAL script without a shebang: it runs
	// under Redis 6's rules, where only its commands are checked.
	ScriptEvalCompat
)

// ScriptFlagNames are the flags' names, indexed by bit, as scripts write
// them.
var ScriptFlagNames = []string{"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"}

// Scripting is the scripting layer as the engine sees it.
type Scripting interface {
	FunctionLibraries
	// ScriptFlags returns the flags of the script a script command (EVAL,
	// EVALSHA, FCALL and their _RO forms) would run, and false when it
	// cannot tell (an unknown script, a bad shebang): the command's own
	// flags apply then.
	ScriptFlags(cmd *Command, args [][]byte) (ScriptFlags, bool)
	// Info returns what INFO shows of scripting.
	Info() ScriptingInfo
}

// ScriptingInfo is what INFO memory shows of scripting.
type ScriptingInfo struct {
	CachedScripts int // EVAL scripts in the cache
	Functions     int
	Libraries     int
	// ScriptBodies lists the lengths of the cached EVAL scripts' bodies,
	// from which used_memory_scripts_eval is Redis's count.
	ScriptBodies []int
}

// scriptingInfo returns the attached scripting's INFO figures.
func (e *Engine) scriptingInfo() ScriptingInfo {
	if e.scripting == nil {
		return ScriptingInfo{}
	}
	return e.scripting.Info()
}

// evalScriptsMemory is Redis's evalScriptsMemory: each cached script's
// SHA1 and body as allocated, and the dictionary holding them.
func (si ScriptingInfo) evalScriptsMemory() int64 {
	const dictEntrySize, luaScriptSize, bucketSize = 24, 16, 8
	var n int64
	for _, body := range si.ScriptBodies {
		n += sdsAllocSize(40, true)
		if body <= 44 { // an embedded string object
			n += mallocSize(robjSize+3+body+1) - robjSize
		} else {
			n += sdsAllocSize(body, true)
		}
	}
	if count := len(si.ScriptBodies); count > 0 {
		slots := 4
		for slots < count {
			slots *= 2
		}
		n += int64(count)*(dictEntrySize+luaScriptSize) + int64(slots)*bucketSize
	}
	return n
}

// SetScripting attaches the scripting layer. Its libraries are then
// persisted as SetFunctionLibraries would.
func (e *Engine) SetScripting(s Scripting) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.scripting = s
	e.persist.funcs = s
}

// Scripting returns the attached scripting layer, or nil.
func (e *Engine) Scripting() Scripting { return e.scripting }

// commandFlags returns the flags cmd runs with here: its own, except for
// the script commands, whose script's declared flags replace write,
// denyoom, stale and may-replicate, as Redis's scriptFlagsToCmdFlags does.
// A script declaring no-writes thus runs as a read-only command (under
// CLIENT PAUSE WRITE, in MISCONF, out of memory).
func (c *Client) commandFlags(cmd *Command, args [][]byte) CommandFlags {
	s := c.e.scripting
	if s == nil || cmd.ACL&ACLScripting == 0 || cmd.Parent != nil || len(args) < 2 {
		return cmd.Flags
	}
	sf, ok := s.ScriptFlags(cmd, args)
	if !ok || sf&ScriptEvalCompat != 0 {
		return cmd.Flags
	}
	flags := cmd.Flags &^ (FlagStale | FlagDenyOOM | FlagWrite | FlagMayReplicate)
	if sf&(ScriptAllowOOM|ScriptNoWrites) == 0 {
		flags |= FlagDenyOOM
	}
	if sf&ScriptNoWrites == 0 {
		flags |= FlagWrite
	}
	if sf&ScriptAllowStale != 0 {
		flags |= FlagStale
	}
	return flags
}

// NewScriptClient returns a client for scripts to run their commands as,
// Redis's Lua client: authenticated, never blocking (blocking commands
// answer at once), shown as "lua" by MONITOR, absent from CLIENT LIST.
// One serves every script of an engine: scripts do not nest.
func (e *Engine) NewScriptClient() *Client {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := &Client{e: e, id: -1, db: e.dbs[0], proto: 2, created: e.clock.Now(), authenticated: true, noBlock: true}
	c.reply = respWriter{out: &c.out, proto: &c.proto}
	return c
}

// ScriptRun is one script running, Redis's scriptRunCtx: the client that
// called it, the client its commands run as, and what the script may do.
type ScriptRun struct {
	caller, client *Client
	eval           bool // EVAL (as opposed to FCALL): picks BUSY's wording
	readOnly       bool // EVAL_RO, FCALL_RO, or a no-writes script
	allowOOM       bool
	wrote          bool // a write command ran: SCRIPT KILL refuses
	propagate      bool // redis.set_repl: effects are recorded
	busy           bool

	start   time.Time // by the engine's clock
	now     int64     // the caller's e.now, restored after each Yield
	nowTime time.Time
}

// Script errors of scriptPrepareForRun and scriptCall. Their texts are
// Redis's.
const (
	errScriptNoOOM = "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'"
	errScriptRO    = "ERR Can not execute a script with write flag using *_ro command."
	errScriptRDB   = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts."
	errScriptAOF   = "MISCONF Redis is configured to persist data to AOF, but it's currently unable to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts. AOF error: "

	errScriptUnknown   = "ERR Unknown Redis command called from script"
	errScriptArity     = "ERR Wrong number of args calling Redis command from script"
	errScriptNoScript  = "ERR This Redis command is not allowed from script"
	errScriptReadOnly  = "ERR Write commands are not allowed from read-only scripts."
	diskErrorAOFPrefix = "MISCONF Errors writing to the AOF file: "
)

// The BUSY errors of a script running past busy-reply-threshold, for
// other clients and for SCRIPT KILL and FUNCTION KILL aimed at the wrong
// kind of script.
const (
	ErrBusyEval     = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
	ErrBusyFunction = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."
)

// StartScript prepares run for a script that c calls, Redis's
// scriptPrepareForRun: sc (from NewScriptClient) is selected into c's
// database and reset to RESP2, and the script's flags are checked. eval
// tells EVAL from FCALL; ro is for EVAL_RO, EVALSHA_RO and FCALL_RO. When
// the script may not run, StartScript replies the error to c and returns
// false; otherwise the caller must call run.Finish when the script ends.
func (c *Client) StartScript(run *ScriptRun, sc *Client, flags ScriptFlags, eval, ro bool) bool {
	e := c.e
	if flags&ScriptEvalCompat == 0 {
		// no-writes implies allow-oom.
		if flags&(ScriptAllowOOM|ScriptNoWrites) == 0 && e.scriptOOM() {
			c.Error(errScriptNoOOM)
			return false
		}
		if flags&ScriptNoWrites == 0 {
			if msg, denied := e.diskError(); denied {
				if strings.HasPrefix(msg, diskErrorAOFPrefix) {
					c.Error(errScriptAOF + strings.TrimPrefix(msg, diskErrorAOFPrefix))
				} else {
					c.Error(errScriptRDB)
				}
				return false
			}
			if ro {
				c.Error(errScriptRO)
				return false
			}
		}
	}
	*run = ScriptRun{
		caller: c, client: sc, eval: eval,
		readOnly:  ro || flags&(ScriptEvalCompat|ScriptNoWrites) == ScriptNoWrites,
		allowOOM:  flags&(ScriptEvalCompat|ScriptAllowOOM) == ScriptAllowOOM,
		propagate: true,
		start:     e.srv.nowTime, // when EVAL started, for a top-level call
		now:       e.now, nowTime: e.srv.nowTime,
	}
	if e.srv.callDepth > 1 { // in EXEC: the script starts now
		run.start = e.clock.Now()
	}
	sc.db = c.db
	sc.proto = 2
	sc.scriptCaller = c
	return true
}

// scriptOOM reports whether memory was full, with nothing left to evict,
// when the command running the script started: Redis's server.script_oom
// (evict.go). A script is then refused its first denyoom write.
func (e *Engine) scriptOOM() bool { return e.cfg.maxmemory != 0 && e.evict.oomAtCommandStart }

// Call runs a command for the script, Redis's scriptCall: the checks
// Redis makes for commands called from scripts, in its order, then the
// command, its reply going to w. It returns "" when the command ran
// (successfully or not: an error reply went to w), or the error that
// refused it, as "CODE message".
func (r *ScriptRun) Call(args [][]byte, w Writer) string {
	sc, e := r.client, r.client.e
	cmd := lookup(args)
	if cmd == nil || !cmd.Implemented() {
		return r.refuse(nil, errScriptUnknown)
	}
	if (cmd.Arity > 0 && len(args) != cmd.Arity) || len(args) < -cmd.Arity {
		return r.refuse(cmd, errScriptArity)
	}
	if cmd.Is(FlagNoScript) {
		return r.refuse(cmd, errScriptNoScript)
	}
	// A read-only script may not run may-replicate commands either, so
	// that it can run under CLIENT PAUSE WRITE.
	if r.readOnly && cmd.Flags&(FlagWrite|FlagMayReplicate) != 0 {
		return r.refuse(cmd, errScriptReadOnly)
	}
	if cmd.Is(FlagWrite) {
		if msg, denied := e.diskError(); denied {
			return r.refuse(cmd, msg)
		}
	}
	if !r.allowOOM && !r.wrote && cmd.Is(FlagDenyOOM) && e.scriptOOM() {
		return r.refuse(cmd, errOOM)
	}
	if cmd.Is(FlagWrite) {
		r.wrote = true
	}
	saved := sc.reply
	sc.reply = w
	mark := len(e.effects)
	sc.call(cmd, args)
	if !r.propagate {
		e.effects = e.effects[:mark]
	}
	sc.reply = saved
	return ""
}

// refuse counts a command refused by the script checks as Redis does: an
// error reply, and a rejected call of the command.
func (r *ScriptRun) refuse(cmd *Command, msg string) string {
	r.client.e.countError(msg)
	r.client.e.recordRejected(cmd)
	return msg
}

// SetProto switches the protocol the script's commands reply in, for
// redis.setresp.
func (r *ScriptRun) SetProto(proto int) { r.client.proto = proto }

// Proto is the protocol the script's commands reply in.
func (r *ScriptRun) Proto() int { return r.client.proto }

// SetPropagate turns the recording of the script's effects on or off, for
// redis.set_repl (the engine's effects are what the AOF stores).
func (r *ScriptRun) SetPropagate(on bool) { r.propagate = on }

// Wrote reports whether the script ran a write command; SCRIPT KILL
// cannot stop it then.
func (r *ScriptRun) Wrote() bool { return r.wrote }

// Elapsed is how long the script has been running.
func (r *ScriptRun) Elapsed() time.Duration { return r.client.e.clock.Now().Sub(r.start) }

// Caller is the client whose script this is.
func (r *ScriptRun) Caller() *Client { return r.caller }

// BusyThreshold is busy-reply-threshold: past it, a running script makes
// other clients wait with BUSY; 0 never.
func (e *Engine) BusyThreshold() time.Duration {
	return time.Duration(e.cfg.busyReplyThreshold) * time.Millisecond
}

// EnterBusy marks the script as running past busy-reply-threshold: until
// it ends, other clients' commands are refused with BUSY, except those
// flagged allow-busy (SCRIPT KILL, FUNCTION KILL, SHUTDOWN NOSAVE...), and
// the periodic work (active expiry, timeouts) waits.
func (r *ScriptRun) EnterBusy() {
	if r.busy {
		return
	}
	r.busy = true
	if r.eval {
		r.client.e.busy = busyText(ErrBusyEval)
	} else {
		r.client.e.busy = busyText(ErrBusyFunction)
	}
}

// Busy reports whether EnterBusy was called.
func (r *ScriptRun) Busy() bool { return r.busy }

// Yield lets other clients in while a busy script runs: it releases the
// engine's lock, calls wait (which lets other goroutines, or under wasm
// the JS event loop, run), and takes the lock back, restoring the
// script's frozen clock. It must be called from the script, which holds
// the lock, and only after EnterBusy, so that the clients let in get BUSY.
func (r *ScriptRun) Yield(wait func()) {
	e := r.client.e
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		e.now, e.srv.nowTime = r.now, r.nowTime
	}()
	wait()
}

// Finish ends the script, Redis's scriptResetRun: the BUSY state ends,
// and the command that ran the script is not itself recorded as an
// effect: the effects of its commands are.
func (r *ScriptRun) Finish() {
	e := r.client.e
	if r.busy {
		e.busy = nil
		r.busy = false
	}
	r.client.scriptCaller = nil
	r.caller.preventPropagation()
}

// busyText is the BUSY error of a running script.
type busyText string

func (b busyText) errorText() string { return string(b) }

// FeedMonitors shows the command c runs to MONITOR clients now. EVAL and
// FCALL are flagged skip_monitor and call it themselves, so that they
// show before the commands their script runs, as in Redis.
func (c *Client) FeedMonitors(args [][]byte) { c.e.feedMonitorLine(c, args) }

// ErrorUncounted replies with an error that INFO errorstats does not
// count: a script's error that relays the error of a command the script
// called, which was counted when that command failed.
func (c *Client) ErrorUncounted(msg string) { c.reply.Error(msg) }

// Helpers for command handlers written outside the engine.

// Help replies with a HELP text in Redis's format: a header naming the
// command, the lines, and the closing HELP entry.
func (c *Client) Help(command string, lines []string) { c.help(command, lines) }

// SubcommandSyntaxError replies Redis's error for a subcommand given
// arguments its handler cannot take.
func (c *Client) SubcommandSyntaxError(args [][]byte) { c.subcommandSyntaxError(args) }

// AddDirty counts changes to the dataset, as Redis's server.dirty (saves
// and persistence react to it; the command is recorded as an effect).
func (c *Client) AddDirty(n int64) { c.e.dirty += n }

// RDBCompression is the rdbcompression parameter: whether RDB payloads,
// FUNCTION DUMP's included, LZF-compress long strings.
func (e *Engine) RDBCompression() bool { return e.cfg.persist.rdbCompression }

// GlobMatch matches str against a glob-style pattern as Redis's
// stringmatchlen does (KEYS, SCAN MATCH, FUNCTION LIST LIBRARYNAME).
func GlobMatch(pattern, str []byte, nocase bool) bool { return globMatch(pattern, str, nocase) }
