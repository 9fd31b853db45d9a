package lua

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strconv"
	"time"

	glua "github.com/yuin/gopher-lua"

	"github.com/redwasm/redwasm/engine"
)

// Redis's log levels, for redis.log and Options.Log.
const (
	LogDebug   = 0
	LogVerbose = 1
	LogNotice  = 2
	LogWarning = 3
)

// DefaultMemoryLimit is how much the Go heap may grow while one script
// runs, when Options.MemoryLimit is 0.
const DefaultMemoryLimit = 1 << 30

// Options configure the scripting of one engine.
type Options struct {
	// Log receives redis.log messages and the notices Redis logs about
	// scripts (slow, killed), with Redis's level (LogDebug to
	// LogWarning). The host filters them by its log level. Nil discards
	// them: the engine keeps no log of its own.
	Log func(level int, msg string)
	// Yield runs while a script that passed busy-reply-threshold has let
	// go of the engine, so that other clients get their BUSY replies and
	// SCRIPT KILL can get in. The default suits the platform: natively
	// runtime.Gosched; under wasm, where the JS event loop only runs when
	// Go sleeps, a 1 ms sleep.
	Yield func()
	// YieldEvery spaces the yields of a busy script; 0 yields at every
	// check of the clock (about every 1024 Lua instructions). The default
	// is 0 natively, 20 ms under wasm.
	YieldEvery time.Duration
	// MemoryLimit bounds how much the Go heap may grow while one script
	// runs; past it the script fails with "not enough memory" rather than
	// exhausting the process (or the browser tab). 0 is
	// DefaultMemoryLimit.
	MemoryLimit int64
}

// Scripting is the scripting of one engine: the EVAL script cache, the
// FUNCTION libraries, and the script running now. Attach creates it; the
// engine's command handlers reach it through engine.Engine.Scripting.
// Like the engine's data, it is only used with the engine locked.
type Scripting struct {
	e    *engine.Engine
	opts Options
	// rand is Redis's one redisLrand48, shared by EVAL scripts and
	// functions and never reseeded by Redis between scripts.
	rand *rand48

	eval  evalCache
	funcs functionLibs

	run   *scriptRun   // the script running now, or nil
	poll  func() error // pollRun, made once
	slot  scriptRun    // where run points: one script runs at a time
	reply luaReply
	args  [][]byte // argument buffer of redis.call
}

// Attach gives e scripting: EVAL, EVALSHA, SCRIPT, FUNCTION and FCALL
// work for its clients from then on, and its FUNCTION libraries are
// saved and loaded with its RDB and AOF files. Call it once, before
// clients run commands (it takes the engine's lock).
func Attach(e *engine.Engine, opts Options) *Scripting {
	if opts.Yield == nil {
		opts.Yield, opts.YieldEvery = defaultYield, defaultYieldEvery
	}
	if opts.MemoryLimit <= 0 {
		opts.MemoryLimit = DefaultMemoryLimit
	}
	s := &Scripting{e: e, opts: opts, rand: newRand48()}
	s.poll = s.pollRun
	s.eval.init(s, e.NewScriptClient())
	s.funcs.init(s, e.NewScriptClient())
	e.SetScripting(s)
	return s
}

// scriptingOf returns the scripting attached to c's engine, or replies an
// error and returns nil.
func scriptingOf(c *engine.Client) *Scripting {
	if s, ok := c.Engine().Scripting().(*Scripting); ok {
		return s
	}
	c.Error("ERR scripting is not attached to this engine")
	return nil
}

// ScriptFlags implements engine.Scripting: the declared flags of the
// script an EVAL, EVALSHA or FCALL command would run, Redis's
// evalGetCommandFlags and fcallGetCommandFlags.
func (s *Scripting) ScriptFlags(cmd *engine.Command, args [][]byte) (engine.ScriptFlags, bool) {
	switch cmd.FullName {
	case "eval", "eval_ro":
		return s.eval.flagsOfBody(args[1])
	case "evalsha", "evalsha_ro":
		if sc := s.eval.lookup(args[1]); sc != nil {
			return sc.flags, true
		}
	case "fcall", "fcall_ro":
		if f := s.funcs.lookup(args[1]); f != nil {
			return f.flags, true
		}
	}
	return 0, false
}

// log sends a message to the host's log.
func (s *Scripting) log(level int, msg string) {
	if s.opts.Log != nil {
		s.opts.Log(level, msg)
	}
}

// scriptRun is the script running now.
type scriptRun struct {
	engine.ScriptRun
	eval   bool     // EVAL rather than FCALL
	name   string   // the SHA1 of an EVAL script, the name of a function
	caller [][]byte // the command that runs it, for FUNCTION STATS
	killed bool     // SCRIPT KILL or FUNCTION KILL asked it to stop

	polls     int
	lastYield time.Time
	heapBase  uint64
}

// Why a running script stops before its end.
var (
	errKilled      = errors.New("ERR Script killed by user with SCRIPT KILL...")
	errLoadTime    = errors.New("ERR FUNCTION LOAD timeout")
	errOutOfMemory = errors.New("not enough memory")
)

// loadTimeout bounds the run of a library's code by FUNCTION LOAD, as
// Redis's LOAD_TIMEOUT_MS.
const loadTimeout = 500 * time.Millisecond

// execute runs a compiled script or function for c: the checks of
// StartScript, the call under the guard that watches its time, kill
// requests and memory, then the reply. An EVAL script gets keys and argv
// as the KEYS and ARGV globals, a function as its two arguments.
func (s *Scripting) execute(c *engine.Client, st *State, sc *engine.Client, fn *glua.LFunction, eval bool,
	name string, flags engine.ScriptFlags, ro bool, caller, keys, argv [][]byte) {
	run := &s.slot
	if !c.StartScript(&run.ScriptRun, sc, flags, eval, ro) {
		return
	}
	run.eval, run.name, run.caller, run.killed = eval, name, caller, false
	run.polls, run.lastYield, run.heapBase = 0, time.Time{}, 0
	s.run = run
	defer func() {
		run.Finish()
		s.run = nil
		run.caller = nil
	}()

	st.guard.arm(s.poll)
	var v glua.LValue
	var serr *ScriptError
	if eval {
		st.setArgs(keys, argv)
		v, serr = st.Call(fn)
	} else {
		v, serr = st.Call(fn, bytesArray(st.L, keys), bytesArray(st.L, argv))
	}
	stopped := st.guard.disarm()
	if serr != nil {
		s.replyError(c, serr, name, stopped)
		return
	}
	st.writeResult(c, v, run.Proto(), resultStackBase)
}

// replyError replies a script's failure: Redis's "<message> script:
// <name>, on <source>:<line>.", a kill, or a failed allocation, which C
// Lua reports without calling the error handler.
func (s *Scripting) replyError(c *engine.Client, serr *ScriptError, name string, stopped error) {
	if stopped == errOutOfMemory || serr.Message == "ERR not enough memory" {
		c.Error("ERR Error running script " + name + ", not enough memory")
		return
	}
	text := lineBreaks.Replace(serr.Reply(name))
	if t, ok := serr.Value.(*glua.LTable); ok {
		if ignore, ok := t.RawGetString("ignore_error_stats_update").(glua.LBool); ok && bool(ignore) {
			c.ErrorUncounted(text)
			return
		}
	}
	c.Error(text)
}

// pollRun is the guard's check while a script runs, every 1024 Lua
// instructions: a kill request, busy-reply-threshold (past it other
// clients are let in to get BUSY), and the memory limit.
func (s *Scripting) pollRun() error {
	run := s.run
	if run == nil {
		return nil
	}
	if run.killed {
		return s.killed()
	}
	if limit := s.e.BusyThreshold(); limit > 0 {
		if elapsed := run.Elapsed(); elapsed >= limit {
			if !run.Busy() {
				command := "FUNCTION KILL"
				if run.eval {
					command = "SCRIPT KILL"
				}
				s.log(LogWarning, fmt.Sprintf("Slow script detected: still in execution after %d milliseconds. "+
					"You can try killing the script using the %s command.", elapsed.Milliseconds(), command))
				run.EnterBusy()
			}
			if now := time.Now(); now.Sub(run.lastYield) >= s.opts.YieldEvery {
				run.lastYield = now
				run.Yield(s.opts.Yield)
				if run.killed {
					return s.killed()
				}
			}
		}
	}
	if run.polls++; run.polls%64 == 0 {
		return s.checkMemory(run)
	}
	return nil
}

func (s *Scripting) killed() error {
	s.log(LogWarning, "Lua script killed by user with SCRIPT KILL.")
	return errKilled
}

// heapSample reads the bytes held by heap objects, live or not yet
// collected, without stopping the world.
var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

func heapObjects() uint64 {
	metrics.Read(heapSample)
	if heapSample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return heapSample[0].Value.Uint64()
}

// checkMemory fails the script when the heap grew past the memory limit
// since it started, counting only what a collection cannot reclaim.
func (s *Scripting) checkMemory(run *scriptRun) error {
	now := heapObjects()
	if run.heapBase == 0 {
		run.heapBase = now
		return nil
	}
	if now < run.heapBase || int64(now-run.heapBase) <= s.opts.MemoryLimit {
		return nil
	}
	runtime.GC()
	if now = heapObjects(); now > run.heapBase && int64(now-run.heapBase) > s.opts.MemoryLimit {
		return errOutOfMemory
	}
	return nil
}

// guard is the context of a State's interpreter: gopher-lua asks it
// whether to stop before every instruction, so it counts them and runs a
// check every 1024 (the clock, kill requests, memory). Under wasm there
// is no preemption: this polling is what lets a deadline or SCRIPT KILL
// stop a tight loop.
//
// Once a check fails the error is raised again and again, as Redis's line
// hook does after SCRIPT KILL, so that pcall cannot keep a stopped script
// going: on every new line, and on a line that keeps running (a loop,
// which C Lua's hook catches by its backward jump). Code finishing the
// line where the error was caught runs on, as in Redis.
type guard struct {
	L       *glua.LState
	count   uint32
	check   func() error
	stopped error

	raisedAt   string // the position of the last raise
	sinceRaise int    // instructions since then
}

// sameLineBudget is how many instructions a stopped script may run on the
// line where it caught the stop error before it is raised again.
const sameLineBudget = 256

var closedChannel = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// arm starts checking with check; disarm stops and returns why the run
// was stopped, or nil.
func (g *guard) arm(check func() error) {
	g.check, g.stopped, g.count, g.raisedAt, g.sinceRaise = check, nil, 0, "", 0
}

func (g *guard) disarm() error {
	err := g.stopped
	g.check, g.stopped = nil, nil
	return err
}

func (g *guard) Done() <-chan struct{} {
	if g.stopped != nil {
		g.raiseAgain()
		return nil
	}
	if g.count++; g.count&1023 == 0 && g.check != nil {
		if err := g.check(); err != nil {
			g.stopped = err
			g.raisedAt, g.sinceRaise = g.position(), 0
			g.raise()
		}
	}
	return nil
}

// raiseAgain raises the stop error again if the script moved on to
// another line, or stayed on its line too long.
func (g *guard) raiseAgain() {
	pos := g.position()
	if g.sinceRaise++; pos != g.raisedAt || g.sinceRaise > sameLineBudget {
		g.raisedAt, g.sinceRaise = pos, 0
		g.raise()
	}
}

// raise raises the stop error as Redis's hook does, the table
// {err = "ERR ..."}: redis.pcall and pcall unwrap it to its message. It
// panics as gopher-lua raises errors, so the innermost protected call
// (pcall, a coroutine, the script's run) catches it, in whichever
// coroutine runs now.
func (g *guard) raise() {
	t := g.L.CreateTable(0, 1)
	t.RawSetString("err", glua.LString(g.stopped.Error()))
	panic(&glua.ApiError{Type: glua.ApiErrorRun, Object: t})
}

// position is the source and line of the running Lua function.
func (g *guard) position() string {
	if g.L == nil {
		return ""
	}
	dbg, ok := g.L.GetStack(0)
	if !ok {
		return ""
	}
	if _, err := g.L.GetInfo("Sl", dbg, glua.LNil); err != nil {
		return ""
	}
	return dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine)
}

// Err is also polled by long-running library functions (pattern
// matching), which run no instructions: it raises the stop error itself.
func (g *guard) Err() error {
	if g.stopped == nil && g.check != nil {
		if g.stopped = g.check(); g.stopped != nil {
			g.raisedAt, g.sinceRaise = g.position(), 0
			g.raise()
		}
	}
	return g.stopped
}

func (g *guard) Deadline() (time.Time, bool) { return time.Time{}, false }
func (g *guard) Value(any) any               { return nil }

// sha1hex is Redis's sha1hex: the lower-case hex SHA1 of s.
func sha1hex(s []byte) string {
	sum := sha1.Sum(s)
	return hex.EncodeToString(sum[:])
}

// Info implements engine.Scripting: the figures INFO shows.
func (s *Scripting) Info() engine.ScriptingInfo {
	info := engine.ScriptingInfo{
		CachedScripts: len(s.eval.scripts),
		Functions:     len(s.funcs.functions),
		Libraries:     len(s.funcs.libraries),
	}
	for _, sc := range s.eval.scripts {
		info.ScriptBodies = append(info.ScriptBodies, len(sc.body))
	}
	return info
}
