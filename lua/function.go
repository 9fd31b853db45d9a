package lua

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"time"

	glua "github.com/yuin/gopher-lua"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/rdb"
	"github.com/redwasm/redwasm/engine/resp"
)

// FUNCTION libraries: Redis 7.0's functions.c and function_lua.c. A
// library is Lua code starting with "#!lua name=<library>" that registers
// functions with redis.register_function while FUNCTION LOAD runs it;
// FCALL calls them. Every library shares one interpreter, apart from the
// EVAL one, whose globals library code reaches through an empty table:
// while a library loads, that table shows only a reduced redis table
// (register_function, log, the levels and the version), and afterwards
// the full globals.

func init() {
	engine.Implement("fcall", func(c *engine.Client, args [][]byte) { fcallCommand(c, args, false) })
	engine.Implement("fcall_ro", func(c *engine.Client, args [][]byte) { fcallCommand(c, args, true) })
	engine.Implement("function|load", functionLoadCommand)
	engine.Implement("function|delete", functionDeleteCommand)
	engine.Implement("function|flush", functionFlushCommand)
	engine.Implement("function|list", functionListCommand)
	engine.Implement("function|dump", functionDumpCommand)
	engine.Implement("function|restore", functionRestoreCommand)
	engine.Implement("function|stats", functionStatsCommand)
	engine.Implement("function|kill", func(c *engine.Client, args [][]byte) {
		if s := scriptingOf(c); s != nil {
			s.kill(c, false)
		}
	})
	engine.Implement("function|help", func(c *engine.Client, args [][]byte) { c.Help("FUNCTION", functionHelp) })
}

var functionHelp = []string{
	"LOAD [REPLACE] <FUNCTION CODE>",
	"    Create a new library with the given library name and code.",
	"DELETE <LIBRARY NAME>",
	"    Delete the given library.",
	"LIST [LIBRARYNAME PATTERN] [WITHCODE]",
	"    Return general information on all the libraries:",
	"    * Library name",
	"    * The engine used to run the Library",
	"    * Library description",
	"    * Functions list",
	"    * Library code (if WITHCODE is given)",
	"    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
	"STATS",
	"    Return information about the current function running:",
	"    * Function name",
	"    * Command used to run the function",
	"    * Duration in MS that the function is running",
	"    If no function is running, return nil",
	"    In addition, returns a list of available engines.",
	"KILL",
	"    Kill the current running function.",
	"FLUSH [ASYNC|SYNC]",
	"    Delete all the libraries.",
	"    When called without the optional mode argument, the behavior is determined by the",
	"    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
	"    * ASYNC: Asynchronously flush the libraries.",
	"    * SYNC: Synchronously flush the libraries.",
	"DUMP",
	"    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
	"RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
	"    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
	"    control how to handle existing libraries (default APPEND):",
	"    * FLUSH: delete all existing libraries.",
	"    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
	"    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
	"      libraries with the new libraries (notice that even on this option there is a chance of failure",
	"      in case of functions name collision with another library).",
}

// Errors of FUNCTION and FCALL.
const (
	errFunctionNotFound   = "ERR Function not found"
	errBadNumKeys         = "ERR Bad number of keys provided"
	errLibraryNotFound    = "ERR Library not found"
	errFunctionFlushMode  = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option"
	errRestorePolicy      = "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE."
	errDumpPayload        = "ERR DUMP payload version or checksum are wrong"
	errLibraryNameMissing = "ERR library name argument was not given"
	errBadName            = "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long"
)

// The engine name of Lua libraries, as FUNCTION LIST and STATS show it.
const luaEngineName = "LUA"

// functionLibs is the FUNCTION side of scripting: the libraries'
// interpreter and the libraries with their functions.
type functionLibs struct {
	s      *Scripting
	st     *State
	client *engine.Client
	// env is the globals table of library code, empty: its metatable's
	// __index is loadEnv while a library loads, the real globals after.
	env, envMeta, loadEnv *glua.LTable
	registerFn            *glua.LFunction

	libs
	// loading is the library FUNCTION LOAD is running the code of, which
	// redis.register_function adds to.
	loading *library
}

// libs is a set of libraries and their functions, Redis's
// functionsLibCtx: the live one, or one being restored.
type libs struct {
	libraries map[string]*library  // by name, case-sensitive
	functions map[string]*function // by lower-case name: FCALL ignores case
}

// library is one loaded library.
type library struct {
	name, code string
	functions  []*function // in registration order
}

// function is a registered function.
type function struct {
	name  string
	lib   *library
	fn    *glua.LFunction
	desc  *string
	flags engine.ScriptFlags
}

func newLibs() libs {
	return libs{libraries: map[string]*library{}, functions: map[string]*function{}}
}

func (fl *functionLibs) init(s *Scripting, client *engine.Client) {
	fl.s, fl.client = s, client
	fl.reset()
}

// reset drops every library and starts a new interpreter, as FUNCTION
// FLUSH does.
func (fl *functionLibs) reset() {
	if fl.st != nil {
		fl.st.Close()
	}
	st := fl.s.newState(false)
	L := st.L
	fl.st = st
	fl.libs = newLibs()

	// While loading, library code sees only this: a redis table with
	// register_function, log and the version, and errors for anything
	// else, read-only.
	api := L.CreateTable(0, 0)
	fl.registerFn = L.NewFunction(fl.registerFunction)
	api.RawSetString("register_function", fl.registerFn)
	setLogFunctions(L, api, fl.s)
	setVersion(api)
	api.Metatable = missingGlobalMeta(L)
	loadEnv := L.CreateTable(0, 1)
	loadEnv.RawSetString("redis", api)
	loadEnv.Metatable = missingGlobalMeta(L)
	fl.loadEnv = st.ro.protect(L, loadEnv)

	// The globals of library code: an empty read-only table reading
	// through to loadEnv or to the real globals.
	fl.envMeta = L.CreateTable(0, 2)
	fl.envMeta.RawSetString("__index", st.globals)
	fl.envMeta.RawSetString("__newindex", st.ro.newIndex)
	fl.env = L.CreateTable(0, 0)
	fl.env.Metatable = fl.envMeta
	hidden := L.CreateTable(0, 0)
	st.ro.realOf[fl.env] = hidden
	st.ro.proxyOf[hidden] = fl.env
}

// missingGlobalMeta is the metatable Redis gives the globals: reading a
// missing name is an error.
func missingGlobalMeta(L *glua.LState) *glua.LTable {
	meta := L.CreateTable(0, 1)
	meta.RawSetString("__index", L.NewFunction(missingGlobal))
	return meta
}

// libraryMeta is the "#!<engine> name=<library>" line of library code.
type libraryMeta struct {
	engine, name string
	code         string // the code after the line, from its line break
}

// parseLibraryMeta reads the first line of library code, Redis's
// functionExtractLibMetaData.
func parseLibraryMeta(code string) (libraryMeta, string) {
	if !strings.HasPrefix(code, "#!") {
		return libraryMeta{}, "Missing library metadata"
	}
	end := strings.IndexByte(code, '\n')
	if end < 0 {
		return libraryMeta{}, "Invalid library metadata"
	}
	parts, ok := resp.SplitArgs([]byte(code[:end]))
	if !ok || len(parts) == 0 {
		return libraryMeta{}, "Invalid library metadata"
	}
	md := libraryMeta{engine: cString(string(parts[0][2:])), code: code[end:]}
	named := false
	for _, part := range parts[1:] {
		p := cString(string(part))
		if len(p) >= 5 && strings.EqualFold(p[:5], "name=") {
			if named {
				return libraryMeta{}, "Invalid metadata value, name argument was given multiple times"
			}
			md.name, named = p[5:], true
			continue
		}
		return libraryMeta{}, "Invalid metadata value given: " + p
	}
	if !named {
		return libraryMeta{}, "Library name was not given"
	}
	return md, ""
}

// validName reports whether a library or function name is made of
// letters, digits and underscores, at least one.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		ch := name[i]
		if !('a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9' || ch == '_') {
			return false
		}
	}
	return true
}

// create loads library code into set, Redis's
// functionsCreateWithLibraryCtx: it parses the metadata, runs the code so
// that it registers its functions, and links the library, replacing one
// of the same name if replace. It returns the library's name, or Redis's
// error message (without the ERR code).
func (fl *functionLibs) create(set *libs, code string, replace bool, timeout time.Duration) (string, string) {
	md, errText := parseLibraryMeta(code)
	if errText != "" {
		return "", errText
	}
	if !validName(md.name) {
		return "", errBadName
	}
	if !strings.EqualFold(md.engine, luaEngineName) {
		return "", "Engine '" + md.engine + "' not found"
	}
	old := set.libraries[md.name]
	if old != nil && !replace {
		return "", "Library '" + md.name + "' already exists"
	}
	if old != nil {
		set.unlink(old)
	}
	lib := &library{name: md.name, code: code}
	if errText := fl.run(lib, md.code, timeout); errText != "" {
		if old != nil {
			set.link(old)
		}
		return "", errText
	}
	if len(lib.functions) == 0 {
		if old != nil {
			set.link(old)
		}
		return "", "No functions registered"
	}
	for _, f := range lib.functions {
		if set.functions[strings.ToLower(f.name)] != nil {
			if old != nil {
				set.link(old)
			}
			return "", "Function " + f.name + " already exists"
		}
	}
	set.link(lib)
	return lib.name, ""
}

// run compiles a library's code and runs it with the loading globals, so
// that it registers its functions into lib; Redis's luaEngineCreate. A
// timeout of 0 lets it run as long as it takes (loading a file).
func (fl *functionLibs) run(lib *library, code string, timeout time.Duration) string {
	st := fl.st
	fn, err := st.Compile(code, "@user_function")
	if err != nil {
		return "Error compiling function: " + lineBreaks.Replace(strings.TrimRight(err.Error(), "\n"))
	}
	fn.Env = fl.env
	fl.envMeta.RawSetString("__index", fl.loadEnv)
	fl.loading = lib
	start := time.Now()
	st.guard.arm(func() error {
		if timeout > 0 && time.Since(start) > timeout {
			return errLoadTime
		}
		return nil
	})
	serr := st.run(fn)
	st.guard.disarm()
	fl.loading = nil
	fl.envMeta.RawSetString("__index", fl.st.globals)
	if serr == nil {
		return ""
	}
	return "Error registering functions: " + serr.Message
}

// lookup finds a function by name, ignoring case as FCALL does.
func (set *libs) lookup(name []byte) *function {
	var buf [64]byte
	if len(name) > len(buf) {
		return set.functions[strings.ToLower(string(name))]
	}
	for i, ch := range name {
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf[i] = ch
	}
	return set.functions[string(buf[:len(name)])]
}

func (set *libs) link(lib *library) {
	set.libraries[lib.name] = lib
	for _, f := range lib.functions {
		set.functions[strings.ToLower(f.name)] = f
	}
}

func (set *libs) unlink(lib *library) {
	delete(set.libraries, lib.name)
	for _, f := range lib.functions {
		delete(set.functions, strings.ToLower(f.name))
	}
}

// Errors of redis.register_function, Redis's texts.
const (
	errRegisterOutside   = "redis.register_function can only be called on FUNCTION LOAD command"
	errRegisterArgs      = "wrong number of arguments to redis.register_function"
	errRegisterTable     = "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments)."
	errRegisterKey       = "named argument key given to redis.register_function is not a string"
	errRegisterName      = "function_name argument given to redis.register_function must be a string"
	errRegisterDesc      = "description argument given to redis.register_function must be a string"
	errRegisterCallback  = "callback argument given to redis.register_function must be a function"
	errRegisterFlags     = "flags argument to redis.register_function must be a table representing function flags"
	errRegisterFlag      = "unknown flag given"
	errRegisterUnknown   = "unknown argument given to redis.register_function"
	errRegisterNoName    = "redis.register_function must get a function name argument"
	errRegisterNoFunc    = "redis.register_function must get a callback argument"
	errRegisterFirstArg  = "first argument to redis.register_function must be a string"
	errRegisterSecondArg = "second argument to redis.register_function must be a function"
	errFunctionExists    = "Function already exists in the library"
)

// registerFunction is redis.register_function(name, callback) or
// redis.register_function{function_name=..., callback=...,
// description=..., flags={...}}, only while a library loads.
func (fl *functionLibs) registerFunction(L *glua.LState) int {
	lib := fl.loading
	if lib == nil {
		raiseTable(L, errRegisterOutside)
	}
	f := &function{lib: lib}
	switch L.GetTop() {
	case 1:
		fl.namedArgs(L, f)
	case 2:
		name, ok := toLString(L.Get(1))
		if !ok {
			raiseTable(L, errRegisterFirstArg)
		}
		fn, ok := L.Get(2).(*glua.LFunction)
		if !ok {
			raiseTable(L, errRegisterSecondArg)
		}
		f.name, f.fn = name, fn
	default:
		raiseTable(L, errRegisterArgs)
	}
	if !validName(f.name) {
		raiseTable(L, errBadName)
	}
	for _, other := range lib.functions {
		if other.name == f.name {
			raiseTable(L, errFunctionExists)
		}
	}
	lib.functions = append(lib.functions, f)
	return 0
}

// namedArgs reads register_function's table form, in the table's order
// (the first bad entry gives the error, as in Redis).
func (fl *functionLibs) namedArgs(L *glua.LState, f *function) {
	t, ok := L.Get(1).(*glua.LTable)
	if !ok {
		raiseTable(L, errRegisterTable)
	}
	t = fl.st.ro.target(t)
	named := false
	forEachInCOrder(t, func(k, v glua.LValue) {
		key, ok := toLString(k)
		if !ok {
			raiseTable(L, errRegisterKey)
		}
		switch strings.ToLower(key) {
		case "function_name":
			name, ok := toLString(v)
			if !ok {
				raiseTable(L, errRegisterName)
			}
			f.name, named = name, true
		case "description":
			desc, ok := toLString(v)
			if !ok {
				raiseTable(L, errRegisterDesc)
			}
			f.desc = &desc
		case "callback":
			fn, ok := v.(*glua.LFunction)
			if !ok {
				raiseTable(L, errRegisterCallback)
			}
			f.fn = fn
		case "flags":
			list, ok := v.(*glua.LTable)
			if !ok {
				raiseTable(L, errRegisterFlags)
			}
			list = fl.st.ro.target(list)
			for i := 1; ; i++ {
				item := list.RawGetInt(i)
				if item == glua.LNil {
					break
				}
				name, ok := toLString(item)
				if !ok {
					raiseTable(L, errRegisterFlag)
				}
				flag, ok := scriptFlag(name, true)
				if !ok {
					raiseTable(L, errRegisterFlag)
				}
				f.flags |= flag
			}
		default:
			raiseTable(L, errRegisterUnknown)
		}
	})
	if !named {
		raiseTable(L, errRegisterNoName)
	}
	if f.fn == nil {
		raiseTable(L, errRegisterNoFunc)
	}
}

// run calls a chunk without the EVAL error handler, as Redis runs library
// code: a failure is the error value, "ERR "-prefixed when a string.
func (s *State) run(fn *glua.LFunction) *ScriptError {
	L := s.L
	top := L.GetTop()
	L.Push(fn)
	err := L.PCall(0, 0, nil)
	L.SetTop(top)
	if err == nil {
		return nil
	}
	v := errorValue(err)
	if t, ok := v.(*glua.LTable); ok {
		msg, _ := toLString(t.RawGetString("err"))
		return &ScriptError{Message: msg, Value: t}
	}
	return &ScriptError{Message: "ERR " + tostring(v)}
}

// FUNCTION LOAD [REPLACE] function-code
func functionLoadCommand(c *engine.Client, args [][]byte) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	replace := false
	for _, opt := range args[2 : len(args)-1] {
		if !strings.EqualFold(string(opt), "replace") {
			c.Error("ERR Unknown option given: " + cString(string(opt)))
			return
		}
		replace = true
	}
	timeout := loadTimeout
	if c.ID() < 0 { // replaying a file: Redis's mustObeyClient
		timeout = 0
	}
	fl := &s.funcs
	name, errText := fl.create(&fl.libs, string(args[len(args)-1]), replace, timeout)
	if errText != "" {
		c.Error("ERR " + errText)
		return
	}
	c.AddDirty(1)
	c.BulkString(name)
}

// FCALL function numkeys [key ...] [arg ...], FCALL_RO
func fcallCommand(c *engine.Client, args [][]byte, ro bool) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	c.FeedMonitors(args)
	fl := &s.funcs
	f := fl.lookup(args[1])
	if f == nil {
		c.Error(errFunctionNotFound)
		return
	}
	numKeys, ok := parseNumKeys(c, args, errBadNumKeys)
	if !ok {
		return
	}
	s.execute(c, fl.st, fl.client, f.fn, false, f.name, f.flags, ro, args, args[3:3+numKeys], args[3+numKeys:])
}

// FUNCTION DELETE library-name
func functionDeleteCommand(c *engine.Client, args [][]byte) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	lib := s.funcs.libraries[string(args[2])]
	if lib == nil {
		c.Error(errLibraryNotFound)
		return
	}
	s.funcs.unlink(lib)
	c.AddDirty(1)
	c.OK()
}

// FUNCTION FLUSH [ASYNC|SYNC]
func functionFlushCommand(c *engine.Client, args [][]byte) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	if len(args) > 3 {
		c.SubcommandSyntaxError(args)
		return
	}
	if len(args) == 3 && !strings.EqualFold(string(args[2]), "sync") && !strings.EqualFold(string(args[2]), "async") {
		c.Error(errFunctionFlushMode)
		return
	}
	s.funcs.reset()
	c.AddDirty(1)
	c.OK()
}

// FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
func functionListCommand(c *engine.Client, args [][]byte) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	withCode := false
	var pattern []byte
	hasPattern := false
	for i := 2; i < len(args); i++ {
		arg := string(args[i])
		if !withCode && strings.EqualFold(arg, "withcode") {
			withCode = true
			continue
		}
		if !hasPattern && strings.EqualFold(arg, "libraryname") {
			if i >= len(args)-1 {
				c.Error(errLibraryNameMissing)
				return
			}
			i++
			pattern, hasPattern = args[i], true
			continue
		}
		c.Error("ERR Unknown argument " + cString(arg))
		return
	}
	var list []*library
	for _, lib := range s.funcs.sorted() {
		if !hasPattern || engine.GlobMatch(pattern, []byte(lib.name), true) {
			list = append(list, lib)
		}
	}
	c.Array(len(list))
	for _, lib := range list {
		if withCode {
			c.Map(4)
		} else {
			c.Map(3)
		}
		c.BulkString("library_name")
		c.BulkString(lib.name)
		c.BulkString("engine")
		c.BulkString(luaEngineName)
		c.BulkString("functions")
		c.Array(len(lib.functions))
		for _, f := range lib.functions {
			c.Map(3)
			c.BulkString("name")
			c.BulkString(f.name)
			c.BulkString("description")
			if f.desc != nil {
				c.BulkString(*f.desc)
			} else {
				c.NullBulk()
			}
			c.BulkString("flags")
			n := 0
			for i := range engine.ScriptFlagNames {
				if f.flags&(1<<i) != 0 {
					n++
				}
			}
			c.Set(n)
			for i, name := range engine.ScriptFlagNames {
				if f.flags&(1<<i) != 0 {
					c.Simple(name)
				}
			}
		}
		if withCode {
			c.BulkString("library_code")
			c.BulkString(lib.code)
		}
	}
}

// FUNCTION DUMP
func functionDumpCommand(c *engine.Client, args [][]byte) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	var payload []byte
	compress := c.Engine().RDBCompression()
	for _, code := range s.Sources() {
		payload = append(payload, rdb.OpFunction2)
		payload = rdb.AppendString(payload, []byte(code), compress)
	}
	c.Bulk(rdb.AppendDumpFooter(payload))
}

// FUNCTION RESTORE serialized-value [FLUSH|APPEND|REPLACE]
func functionRestoreCommand(c *engine.Client, args [][]byte) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	if len(args) > 4 {
		c.SubcommandSyntaxError(args)
		return
	}
	policy := "append"
	if len(args) == 4 {
		policy = strings.ToLower(string(args[3]))
		if policy != "append" && policy != "replace" && policy != "flush" {
			c.Error(errRestorePolicy)
			return
		}
	}
	payload := args[2]
	if _, err := rdb.VerifyDump(payload); err != nil {
		c.Error(errDumpPayload)
		return
	}
	fl := &s.funcs
	restored := newLibs()
	errText := readFunctionPayload(payload, func(code string) string {
		_, errText := fl.create(&restored, code, false, 0)
		return errText
	})
	if errText == "" {
		if policy == "flush" {
			fl.libs = restored
		} else {
			errText = fl.join(&restored, policy == "replace")
		}
	}
	if errText != "" {
		c.Error("ERR " + errText)
		return
	}
	c.AddDirty(1)
	c.OK()
}

// readFunctionPayload reads the library codes of a FUNCTION DUMP payload
// whose footer was verified and hands each to load as it comes, as Redis
// does; the first error stops it.
func readFunctionPayload(payload []byte, load func(code string) string) string {
	body := payload[:len(payload)-10]
	r := rdb.NewReader(bytes.NewReader(payload))
	for r.Offset() < int64(len(body)) {
		t, err := r.ReadByte()
		if err != nil {
			return "can not read data type"
		}
		var code []byte
		switch t {
		case rdb.OpFunction2:
			if code, err = r.ReadString(); err != nil {
				return "Failed loading library payload"
			}
		case rdb.OpFunctionPreGA:
			var errText string
			if code, errText = readPreGALibrary(r); errText != "" {
				return errText
			}
		default:
			return "given type is not a function"
		}
		if errText := load(string(code)); errText != "" {
			return errText
		}
	}
	return ""
}

// readPreGALibrary reads a library as Redis 7.0's release candidates
// wrote it (name, engine, an optional description, code) and returns it
// in today's form, the code under its "#!<engine> name=<name>" line.
func readPreGALibrary(r *rdb.Reader) ([]byte, string) {
	name, err := r.ReadString()
	if err != nil {
		return nil, "Failed loading library name"
	}
	engineName, err := r.ReadString()
	if err != nil {
		return nil, "Failed loading engine name"
	}
	hasDesc, err := r.ReadLength()
	if err != nil {
		return nil, "Failed loading library description indicator"
	}
	if hasDesc != 0 {
		if _, err := r.ReadString(); err != nil {
			return nil, "Failed loading library description"
		}
	}
	code, err := r.ReadString()
	if err != nil {
		return nil, "Failed loading library blob"
	}
	out := append([]byte("#!"), engineName...)
	out = append(append(append(out, " name="...), name...), '\n')
	return append(out, code...), ""
}

// join adds restored libraries to the live ones, Redis's libraryJoin: a
// library of the same name is an error, or replaced if replace; a
// function name taken by another library is an error. On error nothing
// changes.
func (fl *functionLibs) join(restored *libs, replace bool) string {
	var replaced []*library
	undo := func() {
		for _, old := range replaced {
			fl.link(old)
		}
	}
	for name := range restored.libraries {
		old := fl.libraries[name]
		if old == nil {
			continue
		}
		if !replace {
			undo()
			return "Library " + name + " already exists"
		}
		fl.unlink(old)
		replaced = append(replaced, old)
	}
	for key, f := range restored.functions {
		if fl.functions[key] != nil {
			undo()
			return "Function " + f.name + " already exists"
		}
	}
	for _, lib := range restored.libraries {
		fl.link(lib)
	}
	return ""
}

// FUNCTION STATS
func functionStatsCommand(c *engine.Client, args [][]byte) {
	s := scriptingOf(c)
	if s == nil {
		return
	}
	run := s.run
	if run != nil && run.eval {
		c.Error(engine.ErrBusyEval)
		return
	}
	c.Map(2)
	c.BulkString("running_script")
	if run == nil {
		c.NullBulk()
	} else {
		c.Map(3)
		c.BulkString("name")
		c.BulkString(run.name)
		c.BulkString("command")
		c.Array(len(run.caller))
		for _, a := range run.caller {
			c.Bulk(a)
		}
		c.BulkString("duration_ms")
		c.Int(run.Elapsed().Milliseconds())
	}
	c.BulkString("engines")
	c.Map(1)
	c.BulkString(luaEngineName)
	c.Map(2)
	c.BulkString("libraries_count")
	c.Int(int64(len(s.funcs.libraries)))
	c.BulkString("functions_count")
	c.Int(int64(len(s.funcs.functions)))
}

// Sources implements engine.FunctionLibraries: the code of every
// library, for RDB files and AOF rewrites.
func (s *Scripting) Sources() []string {
	codes := make([]string, 0, len(s.funcs.libraries))
	for _, lib := range s.funcs.sorted() {
		codes = append(codes, lib.code)
	}
	return codes
}

// sorted returns the libraries in name order. Redis lists them in its
// hash table's order, which changes from process to process; a fixed
// order keeps FUNCTION LIST, FUNCTION DUMP and saved files reproducible.
func (set *libs) sorted() []*library {
	list := make([]*library, 0, len(set.libraries))
	for _, lib := range set.libraries {
		list = append(list, lib)
	}
	slices.SortFunc(list, func(a, b *library) int { return strings.Compare(a.name, b.name) })
	return list
}

// Load implements engine.FunctionLibraries: it creates a library from a
// file being loaded, as FUNCTION LOAD without REPLACE, without a time
// limit.
func (s *Scripting) Load(code string) error {
	fl := &s.funcs
	if _, errText := fl.create(&fl.libs, code, false, 0); errText != "" {
		return errors.New(errText)
	}
	return nil
}

// Flush implements engine.FunctionLibraries: it deletes every library.
func (s *Scripting) Flush() { s.funcs.reset() }
