package lua

import (
	"strings"
	"testing"
	"time"
)

func TestFunctionLoadTimeoutMatchesRedis(t *testing.T) {
	p, _, _ := newPair(t)
	start := time.Now()
	p.Check("FUNCTION", "LOAD", "#!lua name=t\nwhile true do end")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("FUNCTION LOAD took %v", d)
	}
	p.Check("FUNCTION", "LOAD", "#!lua name=t\nlocal ok = pcall(function() while true do end end) redis.register_function('f', function() return 1 end)")
	p.Check("FUNCTION", "LIST")
}

// TestMemoryLimit checks that a script allocating without bound fails
// with "not enough memory" instead of exhausting the process.
func TestMemoryLimit(t *testing.T) {
	e, _ := newEngine(t, Options{MemoryLimit: 64 << 20})
	c := e.NewClient(engineClientOptions())
	for _, script := range []string{
		"local t = {} for i = 1, 1e9 do t[i] = i end return #t",
		"local t = {} for i = 1, 1e9 do t[i] = {i} end return #t",
		"local t = {} for i = 1, 1e9 do t[#t + 1] = tostring(i) .. 'padding padding padding' end return #t",
	} {
		v := c.Do("EVAL", script, "0")
		if got := v.String(); !strings.HasPrefix(got, "-ERR Error running script ") || !strings.HasSuffix(got, ", not enough memory") {
			t.Errorf("%s: %s", script, got)
		}
	}
	if v := c.Do("EVAL", "return 1", "0"); v.String() != ":1" {
		t.Errorf("after the limit: %s", v)
	}
}
