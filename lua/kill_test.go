package lua

import (
	"strings"
	"testing"
	"time"
)

// TestKillInProcess kills a runaway script from another client of the
// same engine, without a network: under wasm this only works because the
// busy script sleeps now and then (Options.Yield), letting the goroutine
// that sends SCRIPT KILL run.
func TestKillInProcess(t *testing.T) {
	var logged []string
	e, _ := newEngine(t, Options{Log: func(level int, msg string) { logged = append(logged, msg) }})
	runner, other := e.NewClient(engineClientOptions()), e.NewClient(engineClientOptions())
	other.Do("CONFIG", "SET", "busy-reply-threshold", "50")
	done := make(chan string)
	go func() { done <- runner.Do("EVAL", "local n = 0 while true do n = n + 1 end", "0").String() }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		time.Sleep(20 * time.Millisecond)
		reply := other.Do("SCRIPT", "KILL").String()
		if reply == `"OK"` {
			break
		}
		if !strings.HasPrefix(reply, "-NOTBUSY") || time.Now().After(deadline) {
			t.Fatalf("SCRIPT KILL: %s", reply)
		}
	}
	got := <-done
	if !strings.HasPrefix(got, "-ERR Script killed by user with SCRIPT KILL...") {
		t.Fatalf("killed script replied %s", got)
	}
	if v := other.Do("PING").String(); v != `"PONG"` {
		t.Fatalf("after the kill: %s", v)
	}
	want := []string{"Slow script detected", "Lua script killed by user with SCRIPT KILL."}
	if len(logged) != 2 || !strings.HasPrefix(logged[0], want[0]) || logged[1] != want[1] {
		t.Errorf("log: %q", logged)
	}
}

// TestLogHook checks redis.log's messages and levels reach the host.
func TestLogHook(t *testing.T) {
	type entry struct {
		level int
		msg   string
	}
	var logged []entry
	e, _ := newEngine(t, Options{Log: func(level int, msg string) { logged = append(logged, entry{level, msg}) }})
	c := e.NewClient(engineClientOptions())
	c.Do("EVAL", "redis.log(redis.LOG_WARNING, 'a', 1, 2.5, {}, true, 'b') redis.log(redis.LOG_DEBUG, 'dbg')", "0")
	c.Do("FUNCTION", "LOAD", "#!lua name=l\nredis.log(redis.LOG_NOTICE, 'loading') redis.register_function('f', function() redis.log(1, 'called') end)")
	c.Do("FCALL", "f", "0")
	want := []entry{{LogWarning, "a 1 2.5 b"}, {LogDebug, "dbg"}, {LogNotice, "loading"}, {LogVerbose, "called"}}
	if len(logged) != len(want) {
		t.Fatalf("log: %v", logged)
	}
	for i := range want {
		if logged[i] != want[i] {
			t.Errorf("entry %d: %v, want %v", i, logged[i], want[i])
		}
	}
}
