// Package lua runs Redis scripts: a gopher-lua interpreter (Lua 5.1) set
// up as Redis 7.0's scripting environment, with the libraries Redis
// bundles written in Go to behave as Redis 7.0.15's C versions do, and
// the commands that run scripts: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO,
// SCRIPT, FUNCTION, FCALL and FCALL_RO.
//
// # Scripting an engine
//
// Attach gives an engine scripting; the commands are then answered for
// its clients, and its FUNCTION libraries are saved and loaded with its
// RDB and AOF files (engine.FunctionLibraries):
//
//	e, _ := engine.New(engine.Options{})
//	lua.Attach(e, lua.Options{Log: func(level int, msg string) { log.Print(msg) }})
//
// A script's commands run through the engine's command table as the
// engine's script client (engine/scripting.go), with Redis's checks for
// scripts in Redis's order (scriptCall: unknown command, arity, noscript,
// writes from read-only scripts, MISCONF, OOM). Their replies come back
// as Lua values built by an engine.Writer (reply.go) exactly as Redis
// converts the RESP2 or RESP3 bytes its script client receives, and a
// script's result goes to its caller as Redis's luaReplyToRedisReply
// writes it, down to the nesting depth where Redis's Lua stack runs out.
// The writes of a script are recorded as their effects (wrapped in
// MULTI/EXEC when there are several); EVAL itself never is.
//
// EVAL scripts compile once into one interpreter and are cached by the
// SHA1 of their body; SCRIPT FLUSH replaces the interpreter. Functions
// share a second interpreter, whose library code sees a reduced redis
// table while it loads. Globals are read-only in both, so nothing leaks
// from one script to the next; math.random is Redis's one generator,
// shared by both and never reseeded. The shebang "#!lua flags=..." and
// the flags functions register change how EVAL and FCALL run, as Redis's
// command flags (no-writes runs under CLIENT PAUSE WRITE and out of
// memory; allow-oom writes out of memory).
//
// # Runaway scripts
//
// Every interpreter runs with a context (guard, in scripting.go) that
// gopher-lua polls before each instruction; every 1024 instructions it
// reads the clock and looks for a kill request. There is no preemption
// under wasm, so this polling is what stops a tight loop. Past
// busy-reply-threshold the script lets go of the engine's lock at these
// polls (engine.ScriptRun.Yield, Options.Yield): other clients get BUSY,
// SCRIPT KILL and FUNCTION KILL get in, and the engine's periodic work
// waits. A killed script raises Redis's error again at each new line, so
// pcall cannot keep it going. FUNCTION LOAD stops a library's code after
// 500 ms. The Go heap a script may grow is bounded (Options.MemoryLimit);
// past it the script fails with "not enough memory" rather than the
// process, or the browser tab.
//
// # The environment
//
// NewState builds what EVAL scripts see. The base library keeps what Redis
// keeps (no print, dofile, loadfile, getfenv, setfenv, newproxy, module,
// require; Redis's own pcall), and table, string, math and coroutine follow
// C Lua 5.1's behaviour and messages rather than gopher-lua's. math.random
// and math.randomseed are Redis's: the POSIX lrand48 generator, never
// reseeded between scripts. cjson (Lua CJSON 2.1.0), cmsgpack (lua-cmsgpack
// 0.4.0), bit (LuaBitOp 1.0) and struct (struct 0.2) are globals, with
// Redis's patches (stack checks, bounds checks) and their exact encodings
// and error texts. There is no os library, as in Redis 7.0.
//
// The globals, the libraries and the string metatable are read-only, as in
// Redis 7: reading an undefined global raises "Script attempted to access
// nonexistent global variable 'x'", and any write, raw or not, raises
// "Attempt to modify a readonly table". gopher-lua has no read-only flag,
// so each protected table is published as an empty proxy whose metatable
// reads through to the real table and refuses writes; the functions that
// bypass metamethods (rawget, rawset, next, pairs, getmetatable,
// setmetatable, table.*, unpack, the encoders) see through proxies and
// never hand a real table to a script. SetGlobal adds host tables (the
// redis API) under the same protection; SetArgs sets KEYS and ARGV.
//
// # Running scripts
//
// Compile a body with the chunk name "@user_script" and run it with Call.
// A failure comes back as a ScriptError in the form Redis's error handler
// gives it: the message ("ERR " and the Lua message for errors raised as
// strings, the err field for error tables), and the source and line of the
// innermost Lua function. ScriptError.Reply renders Redis's error reply,
// "<message> script: <sha>, on <source>:<line>.".
//
// Raw Lua messages carry the chunk position as C Lua writes it:
// "user_script:1: Script attempted to access nonexistent global variable
// 'x'", "user_script:1: Attempt to modify a readonly table" for a write in
// Lua code, and "Attempt to modify a readonly table" without a position
// for a write through rawset, setmetatable or table.insert, as C Lua
// raises it inside C functions.
//
// # Tests
//
// testdata/scripts holds scripts that run on a real redis-server and on
// an engine, each in RESP2 and RESP3, and each both as an EVAL script and
// as the body of a function called with FCALL; the replies must be
// byte-identical. Go tests add the commands themselves (numkeys, the
// script cache, shebangs, FUNCTION's subcommands and library metadata,
// DUMP and RESTORE payloads), script flags against maxmemory and CLIENT
// PAUSE WRITE, MONITOR, INFO, busy scripts with two clients, and the
// effects of scripts against what Redis writes to its AOF.
//
// testdata/eval holds over 1600 snippets that a differential test runs
// through a real redis-server (EVAL <snippet> 0) and through a State,
// comparing the replies byte for byte, and generated_diff_test.go adds
// thousands built from pseudo-random JSON, msgpack, struct data, doubles,
// printf conversions, patterns and tables; these tests are skipped
// without redis-server, except when CI=true. testdata/printf holds glibc's outputs
// for printf and strtod, which the number conversions must reproduce.
// Fuzz targets cover cjson.decode, cmsgpack.unpack, struct.unpack and the
// pattern matcher, with seeds in testdata/fuzz.
//
// # Known differences from Redis
//
// They come from gopher-lua's virtual machine, which this package uses as
// it is:
//
//   - gopher-lua iterates tables in insertion order, C Lua in the order of
//     its hash layout, which scripts see through pairs and next and clients
//     in the key order of cjson objects and cmsgpack maps. next, pairs,
//     table.foreach and the encoders therefore replay the table's keys
//     through a model of C Lua's table (order.go), which gives C Lua's
//     order for tables built one key at a time (decoded objects, field
//     assignments). It can still differ for tables built by constructors
//     with several fields (C Lua presizes them), tables whose keys were
//     deleted (C Lua keeps their nodes), tables mixing integer and other
//     keys in an unusual order, keys that are tables or functions (hashed
//     by address), and the library tables and globals, which Redis builds
//     presized in its own sequence (they iterate here in name order).
//   - The length operator # counts integer keys held in gopher-lua's dense
//     array part, so for tables with holes it can differ from C Lua's
//     border (#{1, nil, 3} and tables grown past holes).
//   - Runtime errors raised by the VM itself are worded by gopher-lua
//     ("attempt to index a non-table object(nil) with key 'x'" for C Lua's
//     "attempt to index local 't' (a nil value)", and likewise for
//     arithmetic, calls, comparisons and concatenation), and syntax errors
//     are gopher-lua's parser messages.
//   - Numbers converted to strings by the VM (concatenation with ..,
//     automatic coercion) use Go's shortest formatting instead of %.14g,
//     visible for non-integers with more than 14 significant digits,
//     integers of 1e15 and beyond, and -0. tostring, string.format,
//     table.concat and the libraries use %.14g as C Lua does.
//   - C Lua numbers arguments of method calls (s:rep()) without the self
//     argument. gopher-lua hides the calling instruction, so a method call
//     is recognised from the calls on the current line; a line calling the
//     same function both ways is taken as plain calls.
//   - string.dump cannot produce C Lua bytecode and always fails.
//   - gopher-lua's parser knows one syntax error; it is reported in C
//     Lua's form as "unexpected symbol near '...'", C Lua's most common
//     message, where C Lua may say "'end' expected" or "'=' expected".
//   - A call stack overflow loses the position of the overflowing call,
//     and a load reader that fails returns a string message where Redis's
//     error handler would make it a table.
//   - collectgarbage reports Go's heap and only pretends to tune.
//   - SCRIPT DEBUG (the Lua debugger) is not implemented; redis.breakpoint
//     and redis.debug do nothing, as outside a debugging session.
//   - Redis lists FUNCTION libraries in its hash table's order, which
//     changes from run to run; they are listed here in name order.
//   - Error tables without an err field (error({})) crash Redis 7.0.15;
//     here they reply an empty error.
//
// Deliberate limits protect the host where C Lua would try to allocate:
// string.rep, string.format and string.gsub stop at 512 MB with "not
// enough memory", and cmsgpack.unpack refuses maps whose integer keys
// would make gopher-lua allocate a dense array far beyond the input's
// size (C Lua stores such keys in its hash part). Pattern matching polls
// the state's context, so a deadline or a kill can stop runaway
// backtracking.
package lua
