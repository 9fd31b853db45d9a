package lua

import (
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/rdb"
)

// Fuzz targets for the scripting commands' parsers: EVAL shebangs,
// library metadata, FUNCTION RESTORE payloads, and the conversion of
// script results. Seeds live in testdata/fuzz/<target>.

// FuzzShebang checks that any EVAL body either runs or fails with an
// error reply, and that its declared flags are the same whether read
// before the script is cached (for the dispatcher) or after.
func FuzzShebang(f *testing.F) {
	for _, seed := range []string{"#!lua\nreturn 1", "#!lua flags=no-writes,allow-oom\nreturn 1",
		"#!lua flags=\nreturn 2", "#!lu\n", "#!", "#!lua \"x\nreturn 1", "return 1", "#!lua name=x\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		flags, _, errText := parseShebang([]byte(body))
		e, s := newEngine(t, Options{})
		c := e.NewClient(engineClientOptions())
		reply := c.Do("SCRIPT", "LOAD", body)
		if errText != "" {
			if !strings.HasPrefix(reply.String(), "-ERR "+errText) {
				t.Fatalf("%q: %s, want the shebang error %q", body, reply, errText)
			}
			return
		}
		if reply.String()[0] == '-' {
			return // does not compile
		}
		cached, ok := s.eval.flagsOfBody([]byte(body))
		if !ok || cached != flags {
			t.Fatalf("%q: flags %v then %v", body, flags, cached)
		}
	})
}

// FuzzLibraryMetadata checks that FUNCTION LOAD of any code either loads
// a library named as its metadata says or fails without one.
func FuzzLibraryMetadata(f *testing.F) {
	for _, seed := range []string{"#!lua name=x\nredis.register_function('f', function() return 1 end)",
		"#!lua name=a name=b\n", "#!js name=x\n", "#!lua name=\"q q\"\n", "#!\n", "no shebang",
		"#!lua name=x\nredis.register_function{function_name='g', callback=function() end, flags={'no-writes'}}"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code string) {
		e, s := newEngine(t, Options{})
		c := e.NewClient(engineClientOptions())
		md, errText := parseLibraryMeta(code)
		reply := c.Do("FUNCTION", "LOAD", code)
		if errText != "" && reply.String() != "-ERR "+errText {
			t.Fatalf("%q: %s, want %q", code, reply, errText)
		}
		if reply.String()[0] != '-' && (errText != "" || s.funcs.libraries[md.name] == nil || string(reply.Str) != md.name) {
			t.Fatalf("%q: loaded %s, metadata %q %q", code, reply, md.name, errText)
		}
		if reply.String()[0] == '-' && len(s.funcs.libraries) != 0 {
			t.Fatalf("%q: failed but left libraries", code)
		}
	})
}

// FuzzFunctionRestore feeds FUNCTION RESTORE arbitrary records behind a
// valid footer: it must answer OK or an error, and on error leave the
// libraries as they were.
func FuzzFunctionRestore(f *testing.F) {
	f.Add(libraryRecord(lib("a", "fa")), "APPEND")
	f.Add(append(libraryRecord(lib("b", "fb")), libraryRecord(lib("c", "fa"))...), "REPLACE")
	f.Add([]byte{rdb.OpFunctionPreGA, 1, 'x', 3, 'L', 'U', 'A', 0, 1, '\n'}, "FLUSH")
	f.Add([]byte{rdb.OpFunction2, 0xc3, 1, 2, 3}, "APPEND")
	f.Fuzz(func(t *testing.T, records []byte, policy string) {
		e, s := newEngine(t, Options{})
		c := e.NewClient(engineClientOptions())
		if v := c.Do("FUNCTION", "LOAD", lib("a", "fa")); v.String()[0] == '-' {
			t.Fatal(v)
		}
		before := strings.Join(s.Sources(), "|")
		reply := c.Do("FUNCTION", "RESTORE", functionPayload(records), policy)
		if reply.String()[0] == '-' && strings.Join(s.Sources(), "|") != before {
			t.Fatalf("failed restore %s changed the libraries", reply)
		}
		for name, lib := range s.funcs.libraries {
			if lib.name != name {
				t.Fatalf("library %q under %q", lib.name, name)
			}
			for _, fn := range lib.functions {
				if s.funcs.functions[strings.ToLower(fn.name)] != fn {
					t.Fatalf("function %q of %q not linked", fn.name, name)
				}
			}
		}
	})
}

// FuzzResultConversion runs random Lua code and converts whatever it
// returns: the reply must parse, whatever the value (deep nesting,
// cycles, odd tables). Code that could loop or allocate without end is
// skipped: scripts are not stopped by a deadline, only by SCRIPT KILL.
func FuzzResultConversion(f *testing.F) {
	for _, seed := range []string{"return {1, {2, {3}}}", "local t = {} t[1] = t return t",
		"return {map = {a = {set = {x = true}}}}", "return {double = 0/0}", "return {err = ''}",
		"return {verbatim_string = {format = 'x', string = 'y'}}", "redis.setresp(3) return {true, false}"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code string) {
		if len(code) > 256 || strings.ContainsAny(code, "[%") {
			return
		}
		for _, word := range []string{"while", "repeat", "for", "function", "rep", "goto", "load", "gsub", "pcall", "coroutine"} {
			if strings.Contains(code, word) {
				return
			}
		}
		e, _ := newEngine(t, Options{})
		c := e.NewClient(engine.ClientOptions{})
		for _, proto := range []string{"2", "3"} {
			c.Do("HELLO", proto)
			c.Do("EVAL", code, "0") // Do fails the parse as an "ERR no reply" error
			if v := c.Do("PING"); v.String() != "+PONG" && v.String() != `"PONG"` {
				t.Fatalf("after %q: %s", code, v)
			}
		}
	})
}
