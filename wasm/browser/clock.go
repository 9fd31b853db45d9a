//go:build js && wasm

package main

import "time"

// now reads the page's clock in one call into JavaScript (milliseconds
// since the epoch, with a fraction). time.Now under GOOS=js makes two
// slower calls, and the engine reads the clock several times per command.
//
//go:wasmimport redwasm now
func now() float64

// pageClock is the engine's clock in the browser.
type pageClock struct{}

// frozen, when set, is the time the clock reads: a restore replays the
// log at one instant, as Redis loads an AOF, and saves the calls.
var frozen time.Time

func (pageClock) Now() time.Time {
	if !frozen.IsZero() {
		return frozen
	}
	return time.UnixMicro(int64(now() * 1000))
}
