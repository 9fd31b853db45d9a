package engine

import (
	"regexp"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// infoLines parses INFO text into its sections: the headers and the
// "field:value" lines, in order.
type infoLine struct{ section, field, value string }

func parseInfo(text string) []infoLine {
	var out []infoLine
	section := ""
	for _, line := range strings.Split(text, "\r\n") {
		switch {
		case strings.HasPrefix(line, "# "):
			section = line[2:]
			out = append(out, infoLine{section: section})
		case line != "":
			f, v, _ := strings.Cut(line, ":")
			out = append(out, infoLine{section, f, v})
		}
	}
	return out
}

// INFO fields whose values must be equal on both sides (given the same
// commands and keys); the others must have the same form.
var infoExactFields = map[string]bool{
	"redis_version": true, "redis_git_sha1": true, "redis_git_dirty": true, "redis_mode": true,
	"arch_bits": true, "monotonic_clock": true, "multiplexing_api": true, "atomicvar_api": true,
	"process_supervised": true, "hz": true, "configured_hz": true, "config_file": true,
	"io_threads_active": true, "cluster_connections": true, "maxclients": true,
	"blocked_clients": true, "tracking_clients": true,
	"clients_in_timeout_table": true, "maxmemory": true, "maxmemory_human": true, "maxmemory_policy": true,
	"number_of_cached_scripts": true, "number_of_functions": true, "number_of_libraries": true,
	"used_memory_scripts_eval": true, "mem_not_counted_for_evict": true, "mem_replication_backlog": true,
	"mem_total_replication_buffers": true, "mem_clients_slaves": true, "mem_cluster_links": true,
	"mem_aof_buffer": true, "active_defrag_running": true,
	"loading": true, "async_loading": true, "rdb_bgsave_in_progress": true,
	"rdb_last_bgsave_status": true, "rdb_last_bgsave_time_sec": true, "rdb_current_bgsave_time_sec": true,
	"rdb_saves": true, "aof_enabled": true, "aof_rewrite_in_progress": true, "aof_rewrite_scheduled": true,
	"aof_last_rewrite_time_sec": true, "aof_current_rewrite_time_sec": true, "aof_last_bgrewrite_status": true,
	"aof_rewrites": true, "aof_last_write_status": true, "module_fork_in_progress": true,
	"rejected_connections": true, "sync_full": true, "sync_partial_ok": true, "sync_partial_err": true,
	"evicted_keys": true, "evicted_clients": true, "pubsub_channels": true, "pubsub_patterns": true,
	"pubsubshard_channels": true, "total_forks": true, "tracking_total_keys": true,
	"unexpected_error_replies": true, "role": true, "connected_slaves": true, "master_failover_state": true,
	"master_replid2": true, "master_repl_offset": true, "second_repl_offset": true,
	"repl_backlog_active": true, "repl_backlog_size": true, "repl_backlog_first_byte_offset": true,
	"repl_backlog_histlen": true, "used_cpu_sys_children": true, "used_cpu_user_children": true,
	"cluster_enabled": true,
}

var infoForms = []struct {
	name string
	re   *regexp.Regexp
}{
	{"integer", regexp.MustCompile(`^-?[0-9]+$`)},
	{"2 decimals", regexp.MustCompile(`^-?[0-9]+\.[0-9]{2}$`)},
	{"6 decimals", regexp.MustCompile(`^[0-9]+\.[0-9]{6}$`)},
	{"percent", regexp.MustCompile(`^[0-9]+\.[0-9]{2}%$`)},
	{"human size", regexp.MustCompile(`^([0-9]+B|[0-9]+\.[0-9]{2}[KMGTP])$`)},
	{"version", regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)},
	{"hex", regexp.MustCompile(`^[0-9a-f]+$`)},
	{"keyspace", regexp.MustCompile(`^keys=[0-9]+,expires=[0-9]+,avg_ttl=[0-9]+$`)},
	{"commandstat", regexp.MustCompile(`^calls=[0-9]+,usec=[0-9]+,usec_per_call=[0-9]+\.[0-9]{2},rejected_calls=[0-9]+,failed_calls=[0-9]+$`)},
	{"errorstat", regexp.MustCompile(`^count=[0-9]+$`)},
	{"latency", regexp.MustCompile(`^p50=[0-9]+\.[0-9]{3},p99=[0-9]+\.[0-9]{3},p99\.9=[0-9]+\.[0-9]{3}$`)},
}

func infoForm(v string) string {
	for _, f := range infoForms {
		if f.re.MatchString(v) {
			return f.name
		}
	}
	return "text"
}

// Sections whose lines depend on the server's history (which commands
// ran, which errors happened): compared by form only.
var infoHistorySections = map[string]bool{"Commandstats": true, "Errorstats": true, "Latencystats": true}

// sameInfo compares INFO replies: the same sections, fields and order,
// values equal where they must be and of the same form elsewhere.
func sameInfo(t *testing.T) func(real, mine resp.Value) bool {
	return func(real, mine resp.Value) bool {
		t.Helper()
		if real.Type != mine.Type || real.Format != mine.Format {
			return false
		}
		r, m := parseInfo(string(real.Str)), parseInfo(string(mine.Str))
		keep := func(lines []infoLine) []infoLine {
			var out []infoLine
			for _, l := range lines {
				if l.field == "" || !infoHistorySections[l.section] {
					out = append(out, l)
				} else if infoForm(l.value) == "text" {
					out = append(out, l) // a malformed history line
				}
			}
			return out
		}
		r, m = keep(r), keep(m)
		if len(r) != len(m) {
			t.Logf("INFO has %d lines on redis-server, %d here", len(r), len(m))
		}
		for i := 0; i < len(r) && i < len(m); i++ {
			a, b := r[i], m[i]
			if a.section != b.section || a.field != b.field {
				t.Logf("INFO line %d: redis-server %s/%s, redwasm %s/%s", i, a.section, a.field, b.section, b.field)
				return false
			}
			if infoExactFields[a.field] && a.value != b.value || infoForm(a.value) != infoForm(b.value) {
				t.Logf("INFO %s: redis-server %q, redwasm %q", a.field, a.value, b.value)
				return false
			}
		}
		return len(r) == len(m)
	}
}

func TestInfoFidelity(t *testing.T) {
	p, e := newPair(t)
	seed(t, p, e, 0, "a", "1", "b", "2")
	seed(t, p, e, 3, "c", "1")
	p.Check("EXPIRE", "a", "1000")
	p.Check("NOSUCHCOMMAND") // an error for errorstats
	bothProtos(p, func() {
		for _, args := range [][]string{
			{"INFO"}, {"INFO", "default"}, {"INFO", "all"}, {"INFO", "everything"}, {"INFO", "server"},
			{"INFO", "SERVER"}, {"INFO", "clients", "memory"}, {"INFO", "keyspace", "server"}, {"INFO", "persistence"},
			{"INFO", "stats"}, {"INFO", "replication"}, {"INFO", "cpu"}, {"INFO", "modules"}, {"INFO", "module_list"},
			{"INFO", "commandstats"}, {"INFO", "errorstats"}, {"INFO", "latencystats"}, {"INFO", "cluster"},
			{"INFO", "keyspace"}, {"INFO", "nosuchsection"}, {"INFO", "all", "default"}, {"INFO", "default", "commandstats"},
			{"INFO", "everything", "keyspace"}, {"INFO", "keyspace", "keyspace"},
		} {
			p.CheckWith(sameInfo(t), args...)
		}
		p.Check("INFO", "nosuchsection")
		p.Check("INFO", "")
	})
}

// infoField returns one field of an INFO reply.
func infoField(raw []byte, field string) string {
	v, _, _ := resp.ParseReply(raw)
	for _, l := range parseInfo(string(v.Str)) {
		if l.field == field {
			return l.value
		}
	}
	return "(missing)"
}

// TestInfoStatsFidelity resets the statistics on both sides, runs the
// same commands and compares the counters they move.
func TestInfoStatsFidelity(t *testing.T) {
	p, e := newPair(t)
	seed(t, p, e, 0, "a", "1", "b", "2")
	p.Check("CONFIG", "RESETSTAT")
	for _, args := range [][]string{
		{"EXISTS", "a", "nokey"}, {"TYPE", "b"}, {"TTL", "nokey"}, {"TOUCH", "a"}, {"GET", "a"}, {"GET", "zzz"},
		{"OBJECT", "ENCODING", "a"}, {"COPY", "a", "c"}, {"DEL", "c"},
		{"PEXPIRE", "b", "1"}, {"NOSUCH"}, {"GET"}, {"SELECT", "x"}, {"CONFIG", "GET", "hz"}, {"DBSIZE"},
	} {
		p.Check(args...)
	}
	p.CheckUnordered("SCAN", "0", "TYPE", "string")
	p.Check("DEBUG", "SLEEP", "0.002")
	p.Check("EXISTS", "b") // expires it
	real, mine := p.Do("INFO", "stats")
	for _, f := range []string{"total_commands_processed", "keyspace_hits", "keyspace_misses", "expired_keys",
		"total_error_replies", "total_net_input_bytes", "total_connections_received"} {
		if r, m := infoField(real, f), infoField(mine, f); r != m {
			t.Errorf("INFO %s: redis-server %s, redwasm %s", f, r, m)
		}
	}
	p.Check("INFO", "errorstats")
	real, mine = p.Do("INFO", "commandstats")
	if a, b := commandCalls(real), commandCalls(mine); a != b {
		t.Errorf("commandstats calls:\n%s\n%s", a, b)
	}
}

var usecFields = regexp.MustCompile(`usec=[0-9]+,usec_per_call=[0-9.]+`)

// commandCalls returns INFO commandstats without the timings, sorted.
func commandCalls(raw []byte) string {
	v, _, _ := resp.ParseReply(raw)
	lines := strings.Split(strings.TrimSpace(usecFields.ReplaceAllString(string(v.Str), "")), "\r\n")
	sortStrings(lines)
	return strings.Join(lines, "\n")
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// The parameters the engine has, with the value each test leaves them at.
var testConfigDefaults = []string{
	"hz", "10", "maxmemory-policy", "noeviction", "lfu-log-factor", "10", "lfu-decay-time", "1",
	"active-expire-effort", "1", "latency-tracking", "yes", "latency-tracking-info-percentiles", "50 99 99.9",
	"proto-max-bulk-len", "536870912",
}

func TestConfigFidelity(t *testing.T) {
	p, _ := newPair(t)
	t.Cleanup(func() { resetRealConfig(t, "", testConfigDefaults...) })
	var ours []string
	eachConfigParam(func(p *configParam) {
		if p.name != "port" && p.name != "bind" && p.name != "dir" { // the host's, not comparable
			ours = append(ours, p.name)
		}
	})
	bothProtos(p, func() {
		for _, name := range ours {
			p.Check("CONFIG", "GET", name)
		}
		for _, args := range [][]string{
			{"CONFIG", "GET", "HZ"}, {"CONFIG", "GET", "nosuch"}, {"CONFIG", "GET", "hz", "HZ"},
			{"CONFIG", "GET", "HZ", "hz"}, {"CONFIG", "GET", "h?"}, {"CONFIG", "GET", "[h]z"},
			{"CONFIG", "GET"}, {"CONFIG"}, {"CONFIG", "FOO"}, {"CONFIG", "HELP"}, {"CONFIG", "HELP", "x"},
			{"CONFIG", "RESETSTAT", "x"},
			{"CONFIG", "SET", "hz"}, {"CONFIG", "SET"}, {"CONFIG", "SET", "hz", "1", "lfu-log-factor"},
			{"CONFIG", "SET", "nosuch", "1"}, {"CONFIG", "SET", "hz", "1", "nosuch", "1"},
			{"CONFIG", "SET", "databases", "4"}, {"CONFIG", "SET", "enable-debug-command", "no"},
			{"CONFIG", "SET", "hz", "x", "databases", "4"}, {"CONFIG", "SET", "databases", "4", "nosuch", "1"},
			{"CONFIG", "SET", "nosuch", "1", "databases", "4"}, {"CONFIG", "SET", "hz", "5", "hz", "6"},
			{"CONFIG", "SET", "hz", "5", "HZ", "6"}, {"CONFIG", "SET", "HZ", "x"}, {"CONFIG", "SET", "hz", ""},
			{"CONFIG", "SET", "hz", " 5"}, {"CONFIG", "SET", "hz", "5.0"}, {"CONFIG", "SET", "hz", "+5"},
			{"CONFIG", "SET", "hz", "05"}, {"CONFIG", "SET", "hz", "-1"}, {"CONFIG", "SET", "hz", "2147483648"},
			{"CONFIG", "SET", "hz", "0"}, {"CONFIG", "GET", "hz"}, {"CONFIG", "SET", "hz", "600"},
			{"CONFIG", "GET", "hz"}, {"CONFIG", "SET", "hz", "20", "lfu-log-factor", "5"}, {"CONFIG", "GET", "hz"},
			{"CONFIG", "SET", "hz", "30", "maxmemory-policy", "foo"}, {"CONFIG", "GET", "hz"},
			{"CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU"}, {"CONFIG", "GET", "maxmemory-policy"},
			{"CONFIG", "SET", "maxmemory-policy", ""}, {"CONFIG", "SET", "latency-tracking", "maybe"},
			{"CONFIG", "SET", "latency-tracking", "YES"}, {"CONFIG", "SET", "latency-tracking", ""},
			{"CONFIG", "SET", "active-expire-effort", "0"}, {"CONFIG", "SET", "active-expire-effort", "11"},
			{"CONFIG", "SET", "active-expire-effort", "10"}, {"CONFIG", "SET", "lfu-decay-time", "-1"},
			{"CONFIG", "SET", "proto-max-bulk-len", "100"}, {"CONFIG", "SET", "proto-max-bulk-len", "x"},
			{"CONFIG", "SET", "proto-max-bulk-len", "1mb"}, {"CONFIG", "GET", "proto-max-bulk-len"},
			{"CONFIG", "SET", "proto-max-bulk-len", "2MB"}, {"CONFIG", "GET", "proto-max-bulk-len"},
			{"CONFIG", "SET", "proto-max-bulk-len", "1048577b"}, {"CONFIG", "SET", "proto-max-bulk-len", "1.5mb"},
			{"CONFIG", "SET", "proto-max-bulk-len", "-1"}, {"CONFIG", "SET", "proto-max-bulk-len", ""},
			{"CONFIG", "SET", "proto-max-bulk-len", "99999999999999999999"},
			{"CONFIG", "SET", "proto-max-bulk-len", "9999999999999999gb"}, {"CONFIG", "SET", "proto-max-bulk-len", "1g"},
			{"CONFIG", "GET", "proto-max-bulk-len"}, {"CONFIG", "SET", "proto-max-bulk-len", "1k"},
			{"CONFIG", "SET", "latency-tracking-info-percentiles", "50 x"},
			{"CONFIG", "SET", "latency-tracking-info-percentiles", "50 101"},
			{"CONFIG", "SET", "latency-tracking-info-percentiles", "99.9  50 0"},
			{"CONFIG", "GET", "latency-tracking-info-percentiles"},
			{"CONFIG", "SET", "latency-tracking-info-percentiles", ""},
			{"CONFIG", "GET", "latency-tracking-info-percentiles"},
			{"CONFIG", "SET", "latency-tracking-info-percentiles", "1.25 33.333333"},
			{"CONFIG", "GET", "latency-tracking-info-percentiles"},
			{"CONFIG", "SET", "hz", "1", "lfu-log-factor", "x"}, {"CONFIG", "GET", "hz"},
			{"CONFIG", "SET", "hz\r\nx", "1"},
		} {
			p.Check(args...)
		}
		p.CheckUnordered("CONFIG", "GET", "lfu-*")
		p.CheckUnordered("CONFIG", "GET", "hz", "lfu-*", "hz", "LFU-LOG-FACTOR")
		resetRealConfig(t, "", testConfigDefaults...)
		p.Both(append([]string{"CONFIG", "SET"}, testConfigDefaults...)...)
	})
}

func TestServerCommandsFidelity(t *testing.T) {
	p, e := newPair(t)
	t.Cleanup(func() {
		conn, err := redistest.Dial(redistest.Shared(t).Addr)
		if err == nil {
			conn.Send(resp.AppendCommand(nil, []byte("DEBUG"), []byte("SET-ACTIVE-EXPIRE"), []byte("1")))
			conn.Read(ReplyTimeout)
			conn.Close()
		}
	})
	seed(t, p, e, 0, "int", "123", "emb", "hello", "key-with-a-longer-name-of-forty-bytes-xx", "v")
	for _, n := range []int{1, 20, 43, 44, 45, 46, 100, 200, 253, 254, 255, 256, 1000, 5000, 20000} {
		seed(t, p, e, 0, "s"+strings.Repeat("k", n%40), strings.Repeat("v", n))
		p.Check("MEMORY", "USAGE", "s"+strings.Repeat("k", n%40))
	}
	bothProtos(p, func() {
		for _, args := range [][]string{
			{"TIME", "x"}, {"LASTSAVE", "x"},
			{"MEMORY"}, {"MEMORY", "HELP"}, {"MEMORY", "FOO"}, {"MEMORY", "USAGE"}, {"MEMORY", "USAGE", "nokey"},
			{"MEMORY", "USAGE", "int"}, {"MEMORY", "USAGE", "emb"}, {"MEMORY", "USAGE", "key-with-a-longer-name-of-forty-bytes-xx"},
			{"MEMORY", "USAGE", "int", "SAMPLES"}, {"MEMORY", "USAGE", "int", "SAMPLES", "x"},
			{"MEMORY", "USAGE", "int", "SAMPLES", "-1"}, {"MEMORY", "USAGE", "int", "SAMPLES", "0"},
			{"MEMORY", "USAGE", "int", "samples", "1", "SAMPLES", "2"}, {"MEMORY", "USAGE", "int", "FOO"},
			{"MEMORY", "USAGE", "nokey", "FOO"}, {"MEMORY", "USAGE", "nokey", "SAMPLES", "x"},
			{"DEBUG"}, {"DEBUG", "HELP"}, {"DEBUG", "help", "x"}, {"DEBUG", "FOO"}, {"DEBUG", "foo\nbar"},
			{"DEBUG", strings.Repeat("x", 200)}, {"DEBUG", "SLEEP"}, {"DEBUG", "SLEEP", "0"}, {"DEBUG", "sleep", "x"},
			{"DEBUG", "SLEEP", "-1"}, {"DEBUG", "SLEEP", "0.001abc"}, {"DEBUG", "SLEEP", "0", "0"},
			{"DEBUG", "SET-ACTIVE-EXPIRE"}, {"DEBUG", "SET-ACTIVE-EXPIRE", "0"}, {"DEBUG", "SET-ACTIVE-EXPIRE", "1", "2"},
			{"DEBUG", "set-active-expire", "x"}, {"DEBUG", "SET-ACTIVE-EXPIRE", "1"},
		} {
			p.Check(args...)
		}
		p.CheckShape("TIME")
		p.CheckShape("LASTSAVE")
	})
}

// ReplyTimeout is how long cleanups wait for redis-server.
var ReplyTimeout = redistest.ReplyTimeout

// TestDebugDisabledFidelity compares the refusal of DEBUG when
// enable-debug-command is no, and its local-only mode.
func TestDebugDisabledFidelity(t *testing.T) {
	for _, mode := range []string{"no", "local"} {
		srv, err := redistest.Start("--enable-debug-command", mode)
		if err != nil {
			redistest.Unavailable(t, err)
		}
		t.Cleanup(srv.Stop)
		real, err := redistest.Dial(srv.Addr)
		if err != nil {
			t.Fatal(err)
		}
		e, err := New(Options{Config: map[string]string{"enable-debug-command": mode}})
		if err != nil {
			t.Fatal(err)
		}
		ch, notify := redistest.NotifyFunc()
		mine := redistest.NewExchangeConn(e.NewClient(ClientOptions{Addr: "127.0.0.1:40000", Notify: notify}), ch)
		p := &redistest.Pair{Real: real, Mine: mine}
		_ = p
		for _, args := range [][]string{{"DEBUG", "SLEEP", "0"}, {"DEBUG"}, {"DEBUG", "HELP"}, {"CONFIG", "GET", "enable-debug-command"}} {
			r, m := sides(t, p, args, args)
			if r.Type != m.Type || string(r.Str) != string(m.Str) {
				t.Errorf("enable-debug-command %s: %v:\n  redis-server: %q\n  redwasm:      %q", mode, args, r.Str, m.Str)
			}
		}
		real.Close()
	}
}
