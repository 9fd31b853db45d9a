//go:build !js

package lua

import (
	"runtime"
	"time"
)

// Natively other clients' goroutines wait on the engine's lock: letting
// the scheduler run them is enough, at every check.
const defaultYieldEvery time.Duration = 0

func defaultYield() { runtime.Gosched() }
