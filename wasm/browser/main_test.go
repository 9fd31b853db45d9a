//go:build js && wasm

package main

import (
	"encoding/binary"
	"fmt"
	"syscall/js"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
	"github.com/redwasm/redwasm/wasm/host"
)

// events records what the Go side tells the worker.
type events struct {
	committed chan string
	fatal     chan string
}

// fakeWorker installs a redwasmBoot object that records calls, as
// worker.js's does.
func fakeWorker(t *testing.T) *events {
	ev := &events{committed: make(chan string, 100), fatal: make(chan string, 10)}
	obj := map[string]any{
		"ready": js.FuncOf(func(js.Value, []js.Value) any { return nil }),
		"committed": js.FuncOf(func(_ js.Value, a []js.Value) any {
			ev.committed <- fmt.Sprintf("%v %v", a[0].Float(), a[1])
			return nil
		}),
		"progress": js.FuncOf(func(js.Value, []js.Value) any { return nil }),
		"fatal": js.FuncOf(func(_ js.Value, a []js.Value) any {
			ev.fatal <- a[0].String()
			return nil
		}),
	}
	boot = js.ValueOf(obj)
	h, store, commitRequests, dead = nil, nil, nil, ""
	return ev
}

// openWith runs the worker's open call and waits for its callback.
func openWith(t *testing.T, options map[string]any) js.Value {
	t.Helper()
	done := make(chan [2]js.Value, 1)
	cb := js.FuncOf(func(_ js.Value, a []js.Value) any { done <- [2]js.Value{a[0], a[1]}; return nil })
	defer cb.Release()
	openDatabase(js.Undefined(), []js.Value{js.ValueOf(options), cb.Value})
	r := <-done
	if !r[0].IsNull() {
		t.Fatalf("open: %s", r[0].Get("message").String())
	}
	return r[1]
}

// exchange runs frames through the exported hot path, as the worker does.
func exchange(t *testing.T, frames []byte) []byte {
	t.Helper()
	// The worker writes at the address inputBuffer returns and reads at
	// output's: the slices behind them.
	inputBuffer(uint32(len(frames)))
	copy(input, frames)
	n := process(uint32(len(frames)))
	return append([]byte(nil), out[:n]...)
}

func request(conn uint32, args ...string) []byte {
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	return host.AppendFrame(nil, conn, host.InRequests, resp.AppendCommand(nil, argv...))
}

func replies(t *testing.T, out []byte) string {
	t.Helper()
	var s string
	for len(out) > 0 {
		f, rest, err := host.NextFrame(out)
		if err != nil {
			t.Fatal(err)
		}
		s += fmt.Sprintf("%d:%q ", f.Conn, f.Payload)
		out = rest
	}
	return s
}

func TestMemoryDatabase(t *testing.T) {
	fakeWorker(t)
	info := openWith(t, map[string]any{"memory": true})
	if !info.Get("memory").Bool() {
		t.Fatal("not a memory database")
	}
	frames := append(host.AppendFrame(nil, 1, host.InConnect, []byte{2}), request(1, "SET", "k", "v")...)
	frames = append(frames, request(1, "GET", "k")...)
	if got := replies(t, exchange(t, frames)); got != `1:"+OK\r\n" 1:"$1\r\nv\r\n" ` {
		t.Fatalf("replies %s", got)
	}
	if written() != 0 {
		t.Fatal("a memory database journals")
	}
	if got := hint(js.Undefined(), []js.Value{js.ValueOf("GET ")}); got != "key" {
		t.Fatalf("hint %q", got)
	}
}

func TestPersistentDatabase(t *testing.T) {
	ev := fakeWorker(t)
	openWith(t, map[string]any{"name": "browser-test"})
	exchange(t, host.AppendFrame(nil, 1, host.InConnect, []byte{2}))
	exchange(t, request(1, "SET", "k", "stored"))
	pos := written()
	if pos == 0 {
		t.Fatal("nothing journaled")
	}
	requestCommit(js.Undefined(), nil)
	for {
		got := <-ev.committed // the engine's own once-a-second sync may have come first
		if got == fmt.Sprintf("%v <null>", pos) {
			break
		}
	}
	store.Close()

	// A new engine restores it.
	fakeWorker(t)
	info := openWith(t, map[string]any{"name": "browser-test"})
	if info.Get("source").String() != "aof" || info.Get("commands").Int() == 0 {
		t.Fatalf("restored %s, %d commands", info.Get("source").String(), info.Get("commands").Int())
	}
	exchange(t, host.AppendFrame(nil, 1, host.InConnect, []byte{2}))
	if got := replies(t, exchange(t, request(1, "GET", "k"))); got != `1:"$6\r\nstored\r\n" ` {
		t.Fatalf("after restore %s", got)
	}
	store.Close()
}

func TestMalformedFramesStopTheEngine(t *testing.T) {
	ev := fakeWorker(t)
	openWith(t, map[string]any{"memory": true})
	bad := binary.LittleEndian.AppendUint32(nil, 1)
	bad = append(bad, host.InRequests, 0xff, 0xff, 0xff, 0x7f)
	if n := len(exchange(t, bad)); n != 0 {
		t.Fatalf("%d bytes out", n)
	}
	if msg := <-ev.fatal; msg == "" || dead == "" {
		t.Fatal("no crash reported")
	}
	if n := len(exchange(t, request(1, "PING"))); n != 0 {
		t.Fatal("a crashed engine answered")
	}
}
