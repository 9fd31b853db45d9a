//go:build js

package lua

import "time"

// Under js/wasm the JS event loop runs only while Go sleeps, so a busy
// script must sleep for a SCRIPT KILL (or any other client's command) to
// arrive; it does so every few milliseconds.
const (
	defaultYieldEvery = 20 * time.Millisecond
)

func defaultYield() { time.Sleep(time.Millisecond) }
