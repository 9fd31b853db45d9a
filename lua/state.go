package lua

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	glua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// State is a Lua interpreter set up as Redis 7.0's EVAL environment: the
// base, table, string, math and coroutine libraries as Redis trims them,
// cjson, cmsgpack, bit and struct, Redis's deterministic math.random, and
// read-only globals and libraries. A State is not safe for concurrent use.
type State struct {
	// L is the underlying gopher-lua state.
	L *glua.LState

	ro         *readonly
	globals    *glua.LTable // the real globals table
	env        *glua.LTable // its read-only proxy: _G and every chunk's environment
	stringMeta *glua.LTable // the metatable of strings
	rand       *rand48
	gcPause    int // collectgarbage's setpause and setstepmul settings,
	gcStepMul  int // kept only to be reported back

	pairsNext  *glua.LFunction
	ipairsNext *glua.LFunction
	traversals map[*glua.LTable]*traversal // see next

	// keys and argv are the tables of the KEYS and ARGV globals (eval.go).
	keys, argv *glua.LTable

	// handler is Call's error handler, and callErr what it found.
	handler *glua.LFunction
	callErr *ScriptError

	// guard is the interpreter's context: it watches a running script's
	// time, kill requests and memory (scripting.go).
	guard guard

	// chunkSources maps the display name of chunks compiled from strings
	// back to their full source, which error reports name.
	chunkSources map[string]string
}

// Sizes of the interpreter. C Lua's call-info array doubles up to 16384
// entries before its LUAI_MAXCALLS check fails, so a fresh Redis allows
// 16384 nested calls counting the main chunk; gopher-lua's frames count
// the same way. The value stack starts small and grows in large steps up
// to a bound.
const (
	callStackSize    = 16384
	registrySize     = 2048
	registryGrowStep = 2048
	registryMax      = 1 << 20
)

// NewState creates a State with the EVAL environment and its globals
// locked. The host adds the redis table with SetGlobal and the script
// arguments with SetArgs.
func NewState() *State {
	L := glua.NewState(glua.Options{
		SkipOpenLibs:        true,
		CallStackSize:       callStackSize,
		MinimizeStackMemory: true,
		RegistrySize:        registrySize,
		RegistryGrowStep:    registryGrowStep,
		RegistryMaxSize:     registryMax,
	})
	s := &State{
		L:            L,
		ro:           newReadonly(L),
		globals:      L.CreateTable(0, 40),
		rand:         newRand48(),
		gcPause:      200,
		gcStepMul:    200,
		chunkSources: map[string]string{},
		traversals:   map[*glua.LTable]*traversal{},
	}
	s.pairsNext = L.NewFunction(s.baseNext)
	s.ipairsNext = L.NewFunction(s.ipairsAux)

	g := s.globals
	setFuncs(L, g, s.baseFuncs())
	g.RawSetString("_G", g)
	g.RawSetString("__redis__err__handler", L.NewFunction(s.redisErrorHandler))
	g.RawSetString("_VERSION", glua.LString("Lua 5.1"))
	g.RawSetString("table", newModule(L, s.tableFuncs()))
	strlib := newModule(L, stringFuncs())
	g.RawSetString("string", strlib)
	g.RawSetString("math", s.newMath(L))
	g.RawSetString("coroutine", coroutineModule(L))
	g.RawSetString("cjson", newCJSON(L, s.ro))
	g.RawSetString("cmsgpack", newCmsgpack(L, s.ro))
	g.RawSetString("bit", newModule(L, bitFuncs))
	g.RawSetString("struct", newModule(L, structFuncs))

	// Reading a missing global is an error, as Redis's metatable on the
	// globals makes it.
	meta := L.CreateTable(0, 1)
	meta.RawSetString("__index", L.NewFunction(missingGlobal))
	g.Metatable = meta

	s.stringMeta = L.CreateTable(0, 1)
	s.stringMeta.RawSetString("__index", strlib)
	L.SetMetatable(glua.LString(""), s.stringMeta)

	s.env = s.ro.protect(L, g)
	s.ro.protect(L, s.stringMeta)
	L.Env = s.env
	s.guard.L = L
	L.SetContext(&s.guard)
	return s
}

// Close releases the interpreter.
func (s *State) Close() { s.L.Close() }

func newModule(L *glua.LState, funcs map[string]glua.LGFunction) *glua.LTable {
	mod := L.CreateTable(0, len(funcs)+4)
	setFuncs(L, mod, funcs)
	return mod
}

// setFuncs stores functions in t in name order, so that iterating the
// table gives the same order on every run.
func setFuncs(L *glua.LState, t *glua.LTable, funcs map[string]glua.LGFunction) {
	for _, name := range slices.Sorted(maps.Keys(funcs)) {
		t.RawSetString(name, L.NewFunction(funcs[name]))
	}
}

// gopherModule copies a gopher-lua library's functions into a fresh table,
// in name order.
func gopherModule(L *glua.LState, open glua.LGFunction) *glua.LTable {
	open(L)
	src := L.Get(-1).(*glua.LTable)
	L.Pop(1)
	var names []string
	for k, _ := src.Next(glua.LNil); k != glua.LNil; k, _ = src.Next(k) {
		names = append(names, string(k.(glua.LString)))
	}
	slices.Sort(names) // gopher-lua registers them in map order
	mod := L.CreateTable(0, len(names))
	for _, name := range names {
		mod.RawSetString(name, src.RawGetString(name))
	}
	return mod
}

func (s *State) newMath(L *glua.LState) *glua.LTable {
	mod := newModule(L, s.mathFuncs())
	mod.RawSetString("pi", glua.LNumber(3.141592653589793))
	mod.RawSetString("huge", glua.LNumber(math.Inf(1)))
	return mod
}

// missingGlobal is the __index of the globals' metatable.
func missingGlobal(L *glua.LState) int {
	if L.GetTop() != 2 {
		raise(L, "Wrong number of arguments to luaProtectedTableError")
	}
	name, ok := toLString(L.Get(2))
	if !ok {
		raise(L, "Second argument to luaProtectedTableError must be a string or number")
	}
	raise(L, "Script attempted to access nonexistent global variable '%s'", name)
	return 0
}

// SetGlobal defines a global for scripts, such as the redis table. A table
// value becomes read-only, with everything reachable from it.
func (s *State) SetGlobal(name string, v glua.LValue) {
	if t, ok := v.(*glua.LTable); ok {
		v = s.ro.protect(s.L, t)
	}
	s.globals.RawSetString(name, v)
}

// SetArgs sets the KEYS and ARGV globals, plain tables that scripts may
// modify, as EVAL does before each run.
func (s *State) SetArgs(keys, argv []string) {
	s.globals.RawSetString("KEYS", stringArray(s.L, keys))
	s.globals.RawSetString("ARGV", stringArray(s.L, argv))
}

func stringArray(L *glua.LState, items []string) *glua.LTable {
	t := L.CreateTable(len(items), 0)
	for i, item := range items {
		t.RawSetInt(i+1, glua.LString(item))
	}
	return t
}

// Compile compiles a chunk with the given chunk name ("@user_script" for
// EVAL bodies) into a function running in the read-only globals. A syntax
// error is returned as an error whose text is the Lua message.
func (s *State) Compile(code, chunkName string) (*glua.LFunction, error) {
	return s.compile(code, chunkName)
}

func (s *State) compile(code, chunkName string) (*glua.LFunction, error) {
	display := chunkID(chunkName)
	if display != chunkName {
		if len(s.chunkSources) > 256 {
			clear(s.chunkSources) // only error reports use it; keep it small
		}
		s.chunkSources[display] = chunkName
	}
	if i := strings.IndexByte(code, 0); i >= 0 && !strings.HasPrefix(code, "\x1bLua") {
		code = code[:i] // the C lexer stops at the NUL
	}
	fn, err := s.L.Load(strings.NewReader(code), display)
	if err != nil {
		return nil, errors.New(syntaxMessage(err, code))
	}
	fn.Env = s.env
	// A main chunk is a vararg function, for which gopher-lua's Lua 5.0
	// compatibility builds an "arg" table at every call; C Lua does not
	// for main chunks, and nothing can read it.
	fn.Proto.IsVarArg &^= glua.VarArgNeedsArg
	return fn, nil
}

// syntaxMessage is the message of a gopher-lua compile error, put in C
// Lua's form "<chunk>:<line>: <message> near '<token>'". gopher-lua's
// parser only knows "syntax error", which becomes C Lua's most common
// wording, "unexpected symbol"; C Lua's more specific messages ("'end'
// expected", "'=' expected") cannot be reproduced.
func syntaxMessage(err error, code string) string {
	aerr, ok := err.(*glua.ApiError)
	if !ok {
		return err.Error()
	}
	perr, ok := aerr.Cause.(*parse.Error)
	if !ok {
		if msg, ok := aerr.Object.(glua.LString); ok {
			return string(msg)
		}
		return err.Error()
	}
	line, token := perr.Pos.Line, perr.Token
	if line == parse.EOF {
		line, token = 1+strings.Count(code, "\n"), "<eof>"
	}
	msg := perr.Message
	switch msg {
	case "syntax error":
		msg = "unexpected symbol"
	case "unterminated string":
		msg = "unfinished string"
	case "unterminated multiline string":
		msg = "unfinished long string"
	case "invalid multiline comment":
		msg = "unfinished long comment"
	case "illegal hexadecimal number":
		msg = "malformed number"
	}
	return fmt.Sprintf("%s:%d: %s near '%s'", perr.Pos.Source, line, msg, token)
}

// chunkID is luaO_chunkid: how Lua names a chunk in messages. "=name" is
// shown as name, "@file" as file (keeping its end if long), and source
// text as [string "first line..."].
func chunkID(source string) string {
	const idSize = 60 // LUA_IDSIZE
	if i := strings.IndexByte(source, 0); i >= 0 {
		source = source[:i]
	}
	switch {
	case strings.HasPrefix(source, "="):
		s := source[1:]
		if len(s) > idSize-1 {
			s = s[:idSize-1]
		}
		return s
	case strings.HasPrefix(source, "@"):
		s := source[1:]
		max := idSize - len(" '...' ") - 1
		if len(s) > max {
			return "..." + s[len(s)-max:]
		}
		return s
	}
	max := idSize - len(` [string "..."] `) - 1
	line := source
	if i := strings.IndexAny(line, "\n\r"); i >= 0 {
		line = line[:i]
	}
	truncated := len(line) < len(source)
	if len(line) > max {
		line, truncated = line[:max], true
	}
	if truncated {
		return `[string "` + line + `..."]`
	}
	return `[string "` + line + `"]`
}

// ScriptError is a failed script run, in the form Redis's error handler
// gives it: the message (for errors raised as strings, "ERR " and the Lua
// message), and the source and line of the innermost Lua function
// running when the error was raised.
type ScriptError struct {
	Message string
	Source  string // e.g. "@user_script"; empty when unknown
	Line    int    // -1 for a Go function
	// Value is the raised Lua value when it was a table (such as one
	// built by redis.error_reply); the Message is then its err field.
	Value glua.LValue
}

func (e *ScriptError) Error() string { return e.Message }

// Reply is the text of Redis's error reply for the error, without the
// leading '-': "<message> script: <sha>, on <source>:<line>." when the
// position is known.
func (e *ScriptError) Reply(sha string) string {
	if e.Source == "" {
		return e.Message
	}
	return e.Message + " script: " + sha + ", on " + e.Source + ":" + strconv.Itoa(e.Line) + "."
}

// Call runs fn with the given arguments under Redis's error handler and
// returns its first result.
func (s *State) Call(fn *glua.LFunction, args ...glua.LValue) (glua.LValue, *ScriptError) {
	L := s.L
	if len(s.traversals) > 0 {
		clear(s.traversals)
	}
	if s.handler == nil {
		s.handler = L.NewFunction(func(L *glua.LState) int {
			s.callErr = s.describeError(L, L.Get(1))
			L.Push(L.Get(1))
			return 1
		})
	}
	s.callErr = nil
	top := L.GetTop()
	L.Push(fn)
	for _, a := range args {
		L.Push(a)
	}
	err := L.PCall(len(args), 1, s.handler)
	defer L.SetTop(top)
	if err != nil {
		scriptErr := s.callErr
		s.callErr = nil
		if scriptErr == nil {
			// The handler could not run: the call stack was full.
			scriptErr = &ScriptError{Message: "ERR " + tostring(errorValue(err))}
		}
		return nil, scriptErr
	}
	return L.Get(-1), nil
}

// callStackOverflow is gopher-lua's panic when the call stack is full,
// which C Lua reports as "stack overflow".
const callStackOverflow = "lua callstack overflow"

// errorValue is the Lua value of an error returned by PCall, with
// gopher-lua's call stack overflow turned into C Lua's error text.
func errorValue(err error) glua.LValue {
	aerr, ok := err.(*glua.ApiError)
	if !ok {
		return glua.LString(err.Error())
	}
	if aerr.Type == glua.ApiErrorPanic {
		if msg, ok := aerr.Object.(glua.LString); ok && strings.HasPrefix(string(msg), callStackOverflow) {
			return glua.LString("stack overflow")
		}
	}
	return aerr.Object
}

// describeError does what Redis's __redis__err__handler does, for an
// error caught by Call's handler.
func (s *State) describeError(L *glua.LState, v glua.LValue) *ScriptError {
	e := &ScriptError{}
	if t, ok := v.(*glua.LTable); ok {
		e.Value = t
		e.Message, _ = toLString(t.RawGetString("err"))
	} else {
		e.Message = "ERR " + tostring(v)
	}
	e.Source, e.Line, _ = s.errorPosition(L, 1)
	return e
}

// errorPosition finds the function Redis's error handler names: the one
// at the given stack level, or its caller when it is a Go (C) function,
// which C Lua reports as source "=[C]", line -1.
func (s *State) errorPosition(L *glua.LState, level int) (source string, line int, ok bool) {
	for i := 0; i < 2; i++ {
		dbg, found := L.GetStack(level + i)
		if !found {
			return "", 0, false
		}
		if _, err := L.GetInfo("Sl", dbg, glua.LNil); err != nil {
			return "", 0, false
		}
		if dbg.What == "G" {
			if i == 0 {
				continue
			}
			return "=[C]", -1, true
		}
		return s.sourceOf(dbg.Source), dbg.CurrentLine, true
	}
	return "", 0, false
}

// redisErrorHandler is the __redis__err__handler global scripts can see
// (Redis installs its EVAL error handler as a global): it turns an error
// into a table {err = "ERR <message>", source = ..., line = ...}.
func (s *State) redisErrorHandler(L *glua.LState) int {
	v := L.Get(1)
	t, ok := v.(*glua.LTable)
	if !ok {
		L.Push(s.globals.RawGetString("tostring"))
		L.Push(v)
		L.Call(1, 1)
		msg := L.Get(-1)
		L.Pop(1)
		t = L.CreateTable(0, 3)
		L.SetField(t, "err", glua.LString("ERR ")+glua.LString(tostring(msg)))
	}
	if source, line, ok := s.errorPosition(L, 1); ok {
		L.SetField(t, "source", glua.LString(source))
		L.SetField(t, "line", glua.LNumber(line))
	}
	L.Push(t)
	return 1
}

// sourceOf maps a chunk's display name back to its chunk name.
func (s *State) sourceOf(display string) string {
	if src, ok := s.chunkSources[display]; ok {
		return src
	}
	return display
}
