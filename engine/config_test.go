package engine

import (
	"strings"
	"testing"
)

func TestMemtoull(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"0", 0, true}, {"", 0, true}, {"1024", 1024, true}, {"1b", 1, true}, {"1k", 1000, true},
		{"1kb", 1024, true}, {"1KB", 1024, true}, {"2m", 2000000, true}, {"2mb", 2 << 20, true},
		{"1g", 1e9, true}, {"1Gb", 1 << 30, true}, {"-1", 0, false}, {"1.5mb", 0, false}, {"x", 0, false},
		{"1 kb", 0, false}, {"1kbb", 0, false}, {"kb", 0, true},
		{"99999999999999999999", 1<<64 - 1, true},             // strtoull saturates
		{"18446744073709551615k", 18446744073709550616, true}, // and the unit wraps
		{strings.Repeat("1", 128), 0, false},
	} {
		got, ok := memtoull(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("memtoull(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPercentiles(t *testing.T) {
	for _, tc := range []struct{ in, out, err string }{
		{"50 99 99.9", "50 99 99.9", ""},
		{"", "", ""},
		{"0 100", "0 100", ""},
		{"1.25 33.333333 1e1", "1.25 33.333333 10", ""},
		{"50  99", "", "Invalid latency-tracking-info-percentiles parameters"},
		{" 50", "", "Invalid latency-tracking-info-percentiles parameters"},
		{"50 x", "", "Invalid latency-tracking-info-percentiles parameters"},
		{"101", "", "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"},
		{"-1", "", "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"},
	} {
		p, err := parsePercentiles(tc.in)
		switch {
		case tc.err != "" && (err == nil || err.Error() != tc.err):
			t.Errorf("parsePercentiles(%q): error %v, want %q", tc.in, err, tc.err)
		case tc.err == "" && (err != nil || formatPercentiles(p) != tc.out):
			t.Errorf("parsePercentiles(%q) = %q, %v; want %q", tc.in, formatPercentiles(p), err, tc.out)
		}
	}
}

func TestConfigAtStart(t *testing.T) {
	e, err := New(Options{Config: map[string]string{"databases": "4", "hz": "1000", "maxmemory-policy": "ALLKEYS-LFU"}})
	if err != nil {
		t.Fatal(err)
	}
	c := e.NewClient(ClientOptions{})
	for _, tc := range [][2]string{{"databases", "4"}, {"hz", "500"}, {"maxmemory-policy", "allkeys-lfu"}} {
		v := c.Do("CONFIG", "GET", tc[0])
		if len(v.Elems) != 2 || string(v.Elems[1].Str) != tc[1] {
			t.Errorf("CONFIG GET %s = %v, want %s", tc[0], v, tc[1])
		}
	}
	if got := do(c, "SELECT", "4"); got != "ERR DB index is out of range" {
		t.Errorf("SELECT 4 with 4 databases: %s", got)
	}
	// The host's address is fixed once it listens.
	if got := do(c, "CONFIG", "SET", "port", "6380"); got != "ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config" {
		t.Errorf("CONFIG SET port: %s", got)
	}
	for _, bad := range []map[string]string{{"nosuch": "1"}, {"hz": "x"}, {"databases": "0"}, {"enable-debug-command": "maybe"}, {"port": "70000"}} {
		if _, err := New(Options{Config: bad}); err == nil {
			t.Errorf("New with %v: no error", bad)
		}
	}
}

// TestConfigSetAtomic checks that a failing CONFIG SET leaves every
// parameter as it was, including those set before the failure.
func TestConfigSetAtomic(t *testing.T) {
	e := newTestEngine(t)
	c := e.NewClient(ClientOptions{})
	got := do(c, "CONFIG", "SET", "hz", "20", "lfu-log-factor", "3", "maxmemory-policy", "nope")
	if !strings.HasPrefix(got, "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy')") {
		t.Fatalf("CONFIG SET: %s", got)
	}
	if e.cfg.hz != 10 || e.cfg.lfuLogFactor != 10 || e.cfg.maxmemoryPolicy != policyNoEviction {
		t.Errorf("a failed CONFIG SET changed values: hz %d, lfu-log-factor %d", e.cfg.hz, e.cfg.lfuLogFactor)
	}
	if got := do(c, "CONFIG", "SET", "hz", "20", "lfu-log-factor", "3", "timeout", "7"); got != "OK" {
		t.Fatalf("CONFIG SET: %s", got)
	}
	if e.cfg.hz != 20 || e.cfg.lfuLogFactor != 3 || e.cfg.timeout != 7 {
		t.Errorf("CONFIG SET did not set all: hz %d, lfu-log-factor %d, timeout %d", e.cfg.hz, e.cfg.lfuLogFactor, e.cfg.timeout)
	}
}

// TestConfigParamsWellFormed checks every declared parameter: a name in
// lower case, and a value that reads back and sets again unchanged.
func TestConfigParamsWellFormed(t *testing.T) {
	e := newTestEngine(t)
	eachConfigParam(func(p *configParam) {
		if p.name != strings.ToLower(p.name) {
			t.Errorf("parameter %q is not lower case", p.name)
		}
		v := p.get(e.cfg)
		if p.immutable {
			return
		}
		if err := p.set(e, v); err != nil {
			t.Errorf("%s: setting its own value %q: %v", p.name, v, err)
		}
		if again := p.get(e.cfg); again != v {
			t.Errorf("%s: %q read back as %q", p.name, v, again)
		}
	})
}
