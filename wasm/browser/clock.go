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

func (pageClock) Now() time.Time { return time.UnixMicro(int64(now() * 1000)) }
