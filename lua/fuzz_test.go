package lua

import (
	"context"
	"runtime"
	"testing"
	"time"

	glua "github.com/yuin/gopher-lua"
)

// Fuzz targets for every decoder a script can feed untrusted bytes to.
// Each must fail only with a Lua error (never a Go panic) and allocate in
// proportion to its input. Seeds live in testdata/fuzz/<target>.

// libCaller calls library functions of one State from Go.
type libCaller struct {
	t testing.TB
	s *State
}

func newLibCaller(t testing.TB) *libCaller {
	s := NewState()
	t.Cleanup(s.Close)
	return &libCaller{t: t, s: s}
}

// call runs lib.fn(args...) and returns its results, or ok=false when it
// raised a Lua error. A Go panic inside the call fails the test.
func (c *libCaller) call(lib, fn string, args ...glua.LValue) ([]glua.LValue, bool) {
	L := c.s.L
	mod := c.s.ro.target(c.s.globals.RawGetString(lib).(*glua.LTable))
	top := L.GetTop()
	defer L.SetTop(top)
	L.Push(mod.RawGetString(fn))
	for _, a := range args {
		L.Push(a)
	}
	if err := L.PCall(len(args), glua.MultRet, nil); err != nil {
		if aerr, ok := err.(*glua.ApiError); ok && aerr.Type == glua.ApiErrorPanic {
			c.t.Fatalf("%s.%s panicked: %v", lib, fn, err)
		}
		return nil, false
	}
	var out []glua.LValue
	for i := top + 1; i <= L.GetTop(); i++ {
		out = append(out, L.Get(i))
	}
	return out, true
}

// checkAlloc fails when fn allocates more than a fixed allowance plus
// perByte bytes for each input byte.
func checkAlloc(t *testing.T, inputLen int, perByte uint64, fn func()) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	limit := uint64(64<<20) + perByte*uint64(inputLen)
	if used := after.TotalAlloc - before.TotalAlloc; used > limit {
		t.Fatalf("allocated %d bytes for %d input bytes", used, inputLen)
	}
}

// sameValue compares decoded Lua values structurally: tables by their
// entries whatever their order (C Lua's order depends on insertion order,
// so encoding is not stable across a round trip in Redis either), NaN
// equal to NaN. Table keys are matched by value when scalar, and only
// counted otherwise.
func sameValue(a, b glua.LValue) bool {
	switch a := a.(type) {
	case glua.LNumber:
		bn, ok := b.(glua.LNumber)
		return ok && (a == bn || (a != a && bn != bn))
	case *glua.LTable:
		bt, ok := b.(*glua.LTable)
		if !ok {
			return false
		}
		count := func(t *glua.LTable) (n int) {
			for k, _ := t.Next(glua.LNil); k != glua.LNil; k, _ = t.Next(k) {
				n++
			}
			return n
		}
		if count(a) != count(bt) {
			return false
		}
		for k, v := a.Next(glua.LNil); k != glua.LNil; k, v = a.Next(k) {
			if _, isTable := k.(*glua.LTable); isTable {
				continue
			}
			if !sameValue(v, bt.RawGet(k)) {
				return false
			}
		}
		return true
	}
	return a == b
}

func FuzzCJSONDecode(f *testing.F) {
	f.Add(`{"a":[1,2.5,"x\u00e9\ud83d\ude00",true,false,null,{}]}`)
	f.Fuzz(func(t *testing.T, text string) {
		c := newLibCaller(t)
		checkAlloc(t, len(text), 1024, func() {
			out, ok := c.call("cjson", "decode", glua.LString(text))
			if !ok {
				return
			}
			// Whatever decodes and encodes again (numbers rounded to 14
			// digits) must then survive further round trips.
			enc, ok := c.call("cjson", "encode", out[0])
			if !ok {
				return
			}
			first, ok := c.call("cjson", "decode", enc[0])
			if !ok {
				t.Fatalf("cannot decode own output %q", enc[0])
			}
			enc2, ok := c.call("cjson", "encode", first[0])
			if !ok {
				t.Fatalf("cannot encode %q again", enc[0])
			}
			second, ok := c.call("cjson", "decode", enc2[0])
			if !ok || !sameValue(first[0], second[0]) {
				t.Fatalf("round trip changed %q into %q", enc[0], enc2[0])
			}
		})
	})
}

func FuzzCmsgpackUnpack(f *testing.F) {
	f.Add([]byte("\x93\x01\xa3abc\x81\xa1k\xcb\x3f\xb9\x99\x99\x99\x99\x99\x9a"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := newLibCaller(t)
		checkAlloc(t, len(data), 1024, func() {
			out, ok := c.call("cmsgpack", "unpack", glua.LString(data))
			if !ok || len(out) == 0 {
				return
			}
			// Packing cuts tables nested too deep; after one round trip
			// the values must survive further ones.
			packed, ok := c.call("cmsgpack", "pack", out...)
			if !ok {
				t.Fatalf("cannot pack unpacked values of %q", data)
			}
			first, ok := c.call("cmsgpack", "unpack", packed[0])
			if !ok {
				t.Fatalf("cannot unpack own output %q", packed[0])
			}
			packed2, ok := c.call("cmsgpack", "pack", first...)
			if !ok {
				t.Fatalf("cannot pack %q again", packed[0])
			}
			second, ok := c.call("cmsgpack", "unpack", packed2[0])
			if !ok || len(second) != len(first) {
				t.Fatalf("round trip changed %q into %q", packed[0], packed2[0])
			}
			for i := range first {
				if !sameValue(first[i], second[i]) {
					t.Fatalf("round trip changed %q into %q", packed[0], packed2[0])
				}
			}
			c.call("cmsgpack", "unpack_one", glua.LString(data), glua.LNumber(len(data)/2))
			c.call("cmsgpack", "unpack_limit", glua.LString(data), glua.LNumber(2), glua.LNumber(1))
		})
	})
}

func FuzzStructUnpack(f *testing.F) {
	f.Add("<!4bhi3c0sdfxT", []byte("\x01\x00\x02\x00\x03\x00\x00\x00\x02abhello\x00"), int64(1))
	f.Fuzz(func(t *testing.T, format string, data []byte, init int64) {
		c := newLibCaller(t)
		checkAlloc(t, len(format)+len(data), 1024, func() {
			c.call("struct", "size", glua.LString(format))
			out, ok := c.call("struct", "unpack", glua.LString(format), glua.LString(data), glua.LNumber(init))
			if !ok || init != 1 {
				return
			}
			// Pack what was unpacked (without the next position).
			args := append([]glua.LValue{glua.LString(format)}, out[:len(out)-1]...)
			c.call("struct", "pack", args...)
		})
	})
}

func FuzzPattern(f *testing.F) {
	f.Add("hello world (x) 123", "(%w+)%s*%b()%f[%d](%d-)$")
	f.Fuzz(func(t *testing.T, s, pattern string) {
		c := newLibCaller(t)
		// Backtracking can take exponential time: the deadline stops it
		// through the matcher's cancellation check.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		c.s.L.SetContext(ctx)
		c.call("string", "find", glua.LString(s), glua.LString(pattern))
		c.call("string", "match", glua.LString(s), glua.LString(pattern))
		c.call("string", "gsub", glua.LString(s), glua.LString(pattern), glua.LString("<%0>"))
	})
}
