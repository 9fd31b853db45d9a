package lua

import (
	"testing"

	glua "github.com/yuin/gopher-lua"

	"github.com/redwasm/redwasm/engine/resp"
)

// benchDocument builds, in the State, a table like a typical script's
// JSON payload: 100 records of mixed fields.
func benchDocument(b *testing.B, c *libCaller) glua.LValue {
	b.Helper()
	fn, err := c.s.Compile(`
		local items = {}
		for i = 1, 100 do
			items[i] = {id = i, name = "user:" .. i, score = i * 1.5,
				active = i % 2 == 0, tags = {"a", "b", "c"}}
		end
		return {items = items, total = 100, next = cjson.null}`, "@bench")
	if err != nil {
		b.Fatal(err)
	}
	v, serr := c.s.Call(fn)
	if serr != nil {
		b.Fatal(serr)
	}
	return v
}

func benchCall(b *testing.B, c *libCaller, lib, fn string, args ...glua.LValue) glua.LValue {
	out, ok := c.call(lib, fn, args...)
	if !ok {
		b.Fatalf("%s.%s failed", lib, fn)
	}
	return out[0]
}

func BenchmarkCJSONEncode(b *testing.B) {
	c := newLibCaller(b)
	doc := benchDocument(b, c)
	b.SetBytes(int64(len(benchCall(b, c, "cjson", "encode", doc).(glua.LString))))
	b.ReportAllocs()
	for b.Loop() {
		benchCall(b, c, "cjson", "encode", doc)
	}
}

func BenchmarkCJSONDecode(b *testing.B) {
	c := newLibCaller(b)
	text := benchCall(b, c, "cjson", "encode", benchDocument(b, c))
	b.SetBytes(int64(len(text.(glua.LString))))
	b.ReportAllocs()
	for b.Loop() {
		benchCall(b, c, "cjson", "decode", text)
	}
}

func BenchmarkCmsgpackPack(b *testing.B) {
	c := newLibCaller(b)
	doc := benchDocument(b, c)
	b.SetBytes(int64(len(benchCall(b, c, "cmsgpack", "pack", doc).(glua.LString))))
	b.ReportAllocs()
	for b.Loop() {
		benchCall(b, c, "cmsgpack", "pack", doc)
	}
}

func BenchmarkCmsgpackUnpack(b *testing.B) {
	c := newLibCaller(b)
	data := benchCall(b, c, "cmsgpack", "pack", benchDocument(b, c))
	b.SetBytes(int64(len(data.(glua.LString))))
	b.ReportAllocs()
	for b.Loop() {
		benchCall(b, c, "cmsgpack", "unpack", data)
	}
}

func BenchmarkStructPack(b *testing.B) {
	c := newLibCaller(b)
	args := []glua.LValue{glua.LString(">!4bhiLdfs"), glua.LNumber(1), glua.LNumber(2),
		glua.LNumber(3), glua.LNumber(4), glua.LNumber(5.5), glua.LNumber(6.25), glua.LString("hello")}
	b.ReportAllocs()
	for b.Loop() {
		benchCall(b, c, "struct", "pack", args...)
	}
}

func BenchmarkStructUnpack(b *testing.B) {
	c := newLibCaller(b)
	data := benchCall(b, c, "struct", "pack", glua.LString(">!4bhiLdfs"), glua.LNumber(1), glua.LNumber(2),
		glua.LNumber(3), glua.LNumber(4), glua.LNumber(5.5), glua.LNumber(6.25), glua.LString("hello"))
	b.ReportAllocs()
	for b.Loop() {
		benchCall(b, c, "struct", "unpack", glua.LString(">!4bhiLdfs"), data)
	}
}

// BenchmarkGlobalAccess measures reads through the read-only globals,
// which go through the proxy's metatable.
func BenchmarkGlobalAccess(b *testing.B) {
	s := NewState()
	defer s.Close()
	fn, err := s.Compile(`local n = 0 for i = 1, 1000 do n = n + string.len("x") end return n`, "@bench")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, serr := s.Call(fn); serr != nil {
			b.Fatal(serr)
		}
	}
}

func BenchmarkNewState(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewState().Close()
	}
}

// BenchmarkEvalsha measures one EVALSHA of the benchmark script through
// a client's Exchange, as the server runs it.
func BenchmarkEvalsha(b *testing.B) {
	e, _ := newEngine(b, Options{})
	c := e.NewClient(engineClientOptions())
	script := "return redis.call('INCR', KEYS[1])"
	c.Do("SCRIPT", "LOAD", script)
	req := resp.AppendCommand(nil, []byte("EVALSHA"), []byte(sha1hex([]byte(script))), []byte("1"), []byte("counter"))
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		_, out, _ = c.Exchange(req, out[:0])
	}
}

// BenchmarkIncr is the same command without a script, for comparison.
func BenchmarkIncr(b *testing.B) {
	e, _ := newEngine(b, Options{})
	c := e.NewClient(engineClientOptions())
	req := resp.AppendCommand(nil, []byte("INCR"), []byte("counter"))
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		_, out, _ = c.Exchange(req, out[:0])
	}
}
