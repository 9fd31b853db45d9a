//go:build js && wasm

// Command browser is redwasm's engine for the browser, built with
// GOOS=js GOARCH=wasm and run in a dedicated Web Worker by
// static/lib/worker.js.
//
// The hot path crosses the boundary through exported functions, about 10ns
// a call: the worker writes a turn's frames (package wasm/host) into Go's
// memory and calls redwasm_process, which runs them and leaves the frames
// to send back in memory. Everything else (opening, committing, export,
// import, hints) goes through a small object of JavaScript functions
// handed to the worker at start, slower (js.FuncOf) but rare.
//
// The worker defines globalThis.redwasmBoot before running the program:
// ready(api) receives that object; committed(position, error) reports
// commits; progress(phase, done, total) reports a restore; fatal(message)
// reports a crash of the engine.
package main

import (
	"fmt"
	"syscall/js"
	"unsafe"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/wasm/host"
)

var (
	boot  js.Value   // the worker's redwasmBoot object
	h     *host.Host // nil until a database is open
	input []byte     // frames the worker writes
	out   []byte     // frames for the worker, from the last call
	dead  string     // set when the engine panicked: it serves no more
)

func main() {
	boot = js.Global().Get("redwasmBoot")
	boot.Call("ready", js.ValueOf(api()))
	select {}
}

// api returns the functions the worker calls into Go.
func api() map[string]any {
	return map[string]any{
		"open":        js.FuncOf(openDatabase),
		"commit":      js.FuncOf(requestCommit),
		"export":      js.FuncOf(exportRDB),
		"import":      js.FuncOf(importRDB),
		"hint":        js.FuncOf(hint),
		"completions": js.FuncOf(completions),
		"status":      js.FuncOf(status),
		"kick":        js.FuncOf(kick),
	}
}

// redwasm_input returns the address of a buffer of at least n bytes for
// the worker to write frames into.
//
//go:wasmexport redwasm_input
func inputBuffer(n uint32) uint32 {
	if uint32(cap(input)) < n {
		input = make([]byte, max(n, 64<<10))
	}
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(input))))
}

// redwasm_process runs n bytes of frames from the input buffer and
// returns the length of the frames to send back (redwasm_output).
//
//go:wasmexport redwasm_process
func process(n uint32) uint32 {
	return guarded(func() {
		if err := h.Process(input[:n]); err != nil {
			panic(fmt.Sprintf("the worker sent malformed frames: %v", err))
		}
	})
}

// redwasm_cron runs the engine's periodic work (expiry, blocking
// timeouts) and returns the length of the frames it produced.
//
//go:wasmexport redwasm_cron
func cron() uint32 {
	return guarded(h.Cron)
}

// redwasm_output returns the address of the frames of the last call.
//
//go:wasmexport redwasm_output
func output() uint32 {
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(out))))
}

// redwasm_written returns the position of what the engine wrote to its
// log so far: replies to writes are released once a commit reaches it.
// 0 without persistence.
//
//go:wasmexport redwasm_written
func written() float64 {
	if store == nil {
		return 0
	}
	appended, _ := store.Positions()
	return float64(appended)
}

// guarded runs fn, hands the effects of its commands to the log (the
// engine's FlushAOF, which the host calls before sending replies) and
// takes the host's output. When the engine panics it reports the crash:
// the state may be half changed, so nothing more runs and the page
// reloads from what is stored.
func guarded(fn func()) (n uint32) {
	if dead != "" || h == nil {
		return 0
	}
	inExport = true
	defer func() { inExport = false }()
	defer func() {
		if r := recover(); r != nil {
			dead = fmt.Sprint(r)
			out = nil
			n = 0
			boot.Call("fatal", "the engine crashed: "+dead)
		}
	}()
	fn()
	h.Engine().FlushAOF() // a failure shows in the commit, which the page waits for
	out = h.TakeOutput()
	return uint32(len(out))
}

// newEngine makes the engine every database runs on.
func newEngine(config map[string]string) (*engine.Engine, error) {
	return engine.New(engine.Options{Clock: pageClock{}, Config: config})
}

// kick() lets the engine's goroutines (a rewrite writing its snapshot, a
// commit) run: after a call into an exported function they wait for
// JavaScript's next call through a js.Func.
func kick(this js.Value, args []js.Value) any { return nil }

func hint(this js.Value, args []js.Value) any { return host.Hint(args[0].String()) }

func completions(this js.Value, args []js.Value) any {
	list := host.Completions(args[0].String())
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}
