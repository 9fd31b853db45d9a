package engine

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// INFO: the server's report, section by section, with Redis 7.0's
// sections, field names and order, so that the clients and tools that
// parse it find what they look for. Fields about machinery the engine does
// not have (forks, replication links, defragmentation) hold the values a
// standalone Redis without that activity shows.

// INFO [section [section ...]]
func infoCommand(c *Client, args [][]byte) {
	c.Verbatim("txt", c.e.info(args[1:]))
}

// infoSections are the built-in sections in INFO's order. module_list is
// also accepted as "modules".
var infoSections = []struct {
	name, title string
	write       func(e *Engine, b *infoBuilder)
}{
	{"server", "Server", (*Engine).infoServer},
	{"clients", "Clients", (*Engine).infoClients},
	{"memory", "Memory", (*Engine).infoMemory},
	{"persistence", "Persistence", (*Engine).infoPersistence},
	{"stats", "Stats", (*Engine).infoStats},
	{"replication", "Replication", (*Engine).infoReplication},
	{"cpu", "CPU", (*Engine).infoCPU},
	{"module_list", "Modules", func(*Engine, *infoBuilder) {}},
	{"commandstats", "Commandstats", (*Engine).infoCommandstats},
	{"errorstats", "Errorstats", (*Engine).infoErrorstats},
	{"latencystats", "Latencystats", (*Engine).infoLatencystats},
	{"cluster", "Cluster", func(_ *Engine, b *infoBuilder) { b.int("cluster_enabled", 0) }},
	{"keyspace", "Keyspace", (*Engine).infoKeyspace},
}

var defaultInfoSections = []string{"server", "clients", "memory", "persistence", "stats",
	"replication", "cpu", "module_list", "errorstats", "cluster", "keyspace"}

// info builds INFO's text for the requested sections: none means the
// default ones; "default", "all" and "everything" name groups; unknown
// names are ignored.
func (e *Engine) info(names [][]byte) string {
	wanted := map[string]bool{}
	all := false
	if len(names) == 0 {
		for _, s := range defaultInfoSections {
			wanted[s] = true
		}
	}
	for _, n := range names {
		switch name := strings.ToLower(string(n)); name {
		case "default":
			for _, s := range defaultInfoSections {
				wanted[s] = true
			}
		case "all", "everything":
			all = true
		case "modules":
			wanted["module_list"] = true
		default:
			wanted[name] = true
		}
	}
	b := &infoBuilder{}
	for _, s := range infoSections {
		if !all && !wanted[s.name] {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\r\n")
		}
		b.WriteString("# " + s.title + "\r\n")
		s.write(e, b)
	}
	return b.String()
}

// infoBuilder writes "field:value" lines.
type infoBuilder struct{ strings.Builder }

func (b *infoBuilder) str(name, value string) {
	b.WriteString(name)
	b.WriteByte(':')
	b.WriteString(value)
	b.WriteString("\r\n")
}

func (b *infoBuilder) int(name string, n int64)     { b.str(name, strconv.FormatInt(n, 10)) }
func (b *infoBuilder) float(name string, f float64) { b.str(name, strconv.FormatFloat(f, 'f', 2, 64)) }
func (b *infoBuilder) zeros(names ...string)        { b.ints(0, names...) }
func (b *infoBuilder) ints(n int64, names ...string) {
	for _, name := range names {
		b.int(name, n)
	}
}
func (b *infoBuilder) bytes(name string, n uint64) {
	b.int(name, int64(n))
	b.str(name+"_human", bytesToHuman(n))
}
func (b *infoBuilder) strs(value string, names ...string) {
	for _, name := range names {
		b.str(name, value)
	}
}

// bytesToHuman writes a size as INFO does: 1023B, 1.50K, 2.00M, ...
func bytesToHuman(n uint64) string {
	units := []string{"K", "M", "G", "T", "P"}
	if n < 1024 {
		return strconv.FormatUint(n, 10) + "B"
	}
	d := float64(n)
	for _, u := range units {
		d /= 1024
		if d < 1024 || u == "P" {
			return fmt.Sprintf("%.2f%s", d, u)
		}
	}
	return ""
}

// buildID stands for Redis's hash of its build: fixed for a binary.
const buildID = "7265647761736d30"

func (e *Engine) infoServer(b *infoBuilder) {
	now := e.clock.Now()
	uptime := int64(now.Sub(e.startTime).Seconds())
	b.str("redis_version", RedisVersion)
	b.str("redis_git_sha1", "00000000")
	b.str("redis_git_dirty", "0")
	b.str("redis_build_id", buildID)
	b.str("redis_mode", "standalone")
	b.str("os", runtime.GOOS+" "+runtime.Version()+" "+runtime.GOARCH)
	b.int("arch_bits", strconv.IntSize)
	b.str("monotonic_clock", "POSIX clock_gettime")
	b.str("multiplexing_api", "epoll")
	b.str("atomicvar_api", "c11-builtin")
	b.str("gcc_version", "0.0.0") // what Redis shows when not built by GCC
	b.int("process_id", int64(os.Getpid()))
	b.str("process_supervised", "no")
	b.str("run_id", e.srv.runID)
	b.str("tcp_port", findConfigParam("port").get(e.cfg))
	b.int("server_time_usec", now.UnixMicro())
	b.int("uptime_in_seconds", uptime)
	b.int("uptime_in_days", uptime/86400)
	b.int("hz", int64(e.cfg.hz))
	b.int("configured_hz", int64(e.cfg.hz))
	b.int("lru_clock", int64(e.lruClock()))
	exe, _ := os.Executable()
	b.str("executable", exe)
	b.str("config_file", "")
	b.int("io_threads_active", 0)
}

func (e *Engine) infoClients(b *infoBuilder) {
	b.int("connected_clients", int64(len(e.clients)))
	b.int("cluster_connections", 0)
	b.int("maxclients", 10000)
	b.zeros("client_recent_max_input_buffer", "client_recent_max_output_buffer")
	b.int("blocked_clients", int64(e.blockedClients()))
	b.zeros("tracking_clients", "clients_in_timeout_table")
}

// blockedClients counts the clients waiting in a blocking command.
func (e *Engine) blockedClients() int { return int(e.stats.blockedClients) }

// pubsubCounts returns how many channels, patterns and shard channels
// have subscribers.
func (e *Engine) pubsubCounts() (channels, patterns, shardChannels int) {
	return len(e.pubsub.channels), len(e.pubsub.patterns), len(e.pubsub.shardChannels)
}

func (e *Engine) infoMemory(b *infoBuilder) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	// used_memory and what derives from it are the engine's count of what
	// Redis would use (memaccount.go); the allocator and RSS figures are
	// the Go process's own.
	used := uint64(e.usedMemory())
	e.srv.peakMemory = max(e.srv.peakMemory, used)
	peak := e.srv.peakMemory
	rss := ms.Sys - ms.HeapReleased
	startup := uint64(usedMemoryStartup)
	overhead := min(uint64(e.memoryOverhead()), used)
	dataset := used - overhead
	ratio := func(a, b uint64) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}

	b.bytes("used_memory", used)
	b.bytes("used_memory_rss", rss)
	b.bytes("used_memory_peak", peak)
	b.str("used_memory_peak_perc", strconv.FormatFloat(100*ratio(used, peak), 'f', 2, 64)+"%")
	b.int("used_memory_overhead", int64(overhead))
	b.int("used_memory_startup", int64(startup))
	b.int("used_memory_dataset", int64(dataset))
	b.str("used_memory_dataset_perc", strconv.FormatFloat(100*ratio(dataset, used-startup), 'f', 2, 64)+"%")
	b.int("allocator_allocated", int64(ms.HeapAlloc))
	b.int("allocator_active", int64(ms.HeapInuse))
	b.int("allocator_resident", int64(ms.HeapSys-ms.HeapReleased))
	b.bytes("total_system_memory", 0) // unknown here
	b.int("used_memory_lua", 32768)
	b.int("used_memory_vm_eval", 32768)
	b.str("used_memory_lua_human", bytesToHuman(32768))
	si := e.scriptingInfo() // scripting.go
	b.int("used_memory_scripts_eval", si.evalScriptsMemory())
	b.int("number_of_cached_scripts", int64(si.CachedScripts))
	b.int("number_of_functions", int64(si.Functions))
	b.int("number_of_libraries", int64(si.Libraries))
	b.int("used_memory_vm_functions", 32768)
	b.bytes("used_memory_vm_total", 65536)
	b.int("used_memory_functions", 0)
	b.bytes("used_memory_scripts", uint64(si.evalScriptsMemory()))
	b.bytes("maxmemory", e.cfg.maxmemory)
	b.str("maxmemory_policy", maxmemoryPolicies[e.cfg.maxmemoryPolicy])
	b.float("allocator_frag_ratio", ratio(ms.HeapInuse, ms.HeapAlloc))
	b.int("allocator_frag_bytes", int64(ms.HeapInuse)-int64(ms.HeapAlloc))
	b.float("allocator_rss_ratio", ratio(ms.HeapSys-ms.HeapReleased, ms.HeapInuse))
	b.int("allocator_rss_bytes", int64(ms.HeapSys-ms.HeapReleased)-int64(ms.HeapInuse))
	b.float("rss_overhead_ratio", ratio(rss, ms.HeapSys-ms.HeapReleased))
	b.int("rss_overhead_bytes", int64(rss)-int64(ms.HeapSys-ms.HeapReleased))
	b.float("mem_fragmentation_ratio", ratio(rss, used))
	b.int("mem_fragmentation_bytes", int64(rss)-int64(used))
	b.zeros("mem_not_counted_for_evict", "mem_replication_backlog", "mem_total_replication_buffers",
		"mem_clients_slaves")
	b.int("mem_clients_normal", e.mem.clients)
	b.zeros("mem_cluster_links", "mem_aof_buffer")
	b.str("mem_allocator", "go-"+runtime.Version())
	b.zeros("active_defrag_running", "lazyfree_pending_objects", "lazyfreed_objects")
}

func (e *Engine) infoStats(b *infoBuilder) {
	s, srv := &e.stats, &e.srv
	channels, patterns, shardChannels := e.pubsubCounts()
	b.int("total_connections_received", s.connectionsReceived)
	b.int("total_commands_processed", s.commandsProcessed)
	b.int("instantaneous_ops_per_sec", srv.instantaneous.rate(metricCommands))
	b.int("total_net_input_bytes", srv.netInputBytes)
	b.int("total_net_output_bytes", srv.netOutputBytes)
	b.zeros("total_net_repl_input_bytes", "total_net_repl_output_bytes")
	b.float("instantaneous_input_kbps", float64(srv.instantaneous.rate(metricNetInput))/1024)
	b.float("instantaneous_output_kbps", float64(srv.instantaneous.rate(metricNetOutput))/1024)
	b.strs("0.00", "instantaneous_input_repl_kbps", "instantaneous_output_repl_kbps")
	b.zeros("rejected_connections", "sync_full", "sync_partial_ok", "sync_partial_err")
	b.int("expired_keys", s.expiredKeys)
	b.str("expired_stale_perc", "0.00")
	b.zeros("expired_time_cap_reached_count", "expire_cycle_cpu_milliseconds")
	b.int("evicted_keys", e.evict.keys)
	b.int("evicted_clients", e.evict.clients)
	exceededTotal, exceededNow := e.evict.exceededTimes(e.clock.Now())
	b.int("total_eviction_exceeded_time", exceededTotal)
	b.int("current_eviction_exceeded_time", exceededNow)
	b.int("keyspace_hits", s.keyspaceHits)
	b.int("keyspace_misses", s.keyspaceMisses)
	b.int("pubsub_channels", int64(channels))
	b.int("pubsub_patterns", int64(patterns))
	b.int("pubsubshard_channels", int64(shardChannels))
	b.zeros("latest_fork_usec", "total_forks", "migrate_cached_sockets", "slave_expires_tracked_keys",
		"active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits", "active_defrag_key_misses",
		"total_active_defrag_time", "current_active_defrag_time", "tracking_total_keys",
		"tracking_total_items", "tracking_total_prefixes", "unexpected_error_replies")
	b.int("total_error_replies", s.errorReplies)
	b.int("dump_payload_sanitizations", 0)
	b.int("total_reads_processed", srv.readsProcessed)
	b.int("total_writes_processed", srv.writeProcess)
	b.zeros("io_threaded_reads_processed", "io_threaded_writes_processed", "reply_buffer_shrinks",
		"reply_buffer_expands")
}

func (e *Engine) infoReplication(b *infoBuilder) {
	b.str("role", "master")
	b.int("connected_slaves", 0)
	b.str("master_failover_state", "no-failover")
	b.str("master_replid", e.srv.replID)
	b.str("master_replid2", strings.Repeat("0", 40))
	b.int("master_repl_offset", 0)
	b.int("second_repl_offset", -1)
	b.int("repl_backlog_active", 0)
	b.int("repl_backlog_size", 1048576)
	b.zeros("repl_backlog_first_byte_offset", "repl_backlog_histlen")
}

// infoCPU reports the time spent running commands as user time: the
// engine cannot see the process's CPU clock.
func (e *Engine) infoCPU(b *infoBuilder) {
	var usec int64
	for _, st := range e.srv.commandStats {
		usec += st.usec
	}
	user := fmt.Sprintf("%d.%06d", usec/1e6, usec%1e6)
	b.str("used_cpu_sys", "0.000000")
	b.str("used_cpu_user", user)
	b.strs("0.000000", "used_cpu_sys_children", "used_cpu_user_children", "used_cpu_sys_main_thread")
	b.str("used_cpu_user_main_thread", user)
}

// statsInOrder returns the commands with statistics, in name order.
func (e *Engine) statsInOrder() []*Command {
	cmds := make([]*Command, 0, len(e.srv.commandStats))
	for cmd := range e.srv.commandStats {
		cmds = append(cmds, cmd)
	}
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].FullName < cmds[j].FullName })
	return cmds
}

func (e *Engine) infoCommandstats(b *infoBuilder) {
	for _, cmd := range e.statsInOrder() {
		st := e.srv.commandStats[cmd]
		perCall := 0.0
		if st.calls > 0 {
			perCall = float64(st.usec) / float64(st.calls)
		}
		b.str("cmdstat_"+cmd.FullName, fmt.Sprintf("calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d",
			st.calls, st.usec, perCall, st.rejected, st.failed))
	}
}

func (e *Engine) infoErrorstats(b *infoBuilder) {
	codes := make([]string, 0, len(e.stats.errorCodes))
	for code := range e.stats.errorCodes {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		b.str("errorstat_"+code, "count="+strconv.FormatInt(e.stats.errorCodes[code], 10))
	}
}

func (e *Engine) infoLatencystats(b *infoBuilder) {
	if !e.cfg.latencyTracking {
		return
	}
	for _, cmd := range e.statsInOrder() {
		h := &e.srv.commandStats[cmd].latency
		if h.count == 0 {
			continue
		}
		parts := make([]string, len(e.cfg.latencyPercentiles))
		for i, p := range e.cfg.latencyPercentiles {
			parts[i] = fmt.Sprintf("p%s=%.3f", trimFloat(p), float64(h.percentile(p))/1000)
		}
		b.str("latency_percentiles_usec_"+cmd.FullName, strings.Join(parts, ","))
	}
}

func (e *Engine) infoKeyspace(b *infoBuilder) {
	for _, db := range e.dbs {
		if db.size() == 0 {
			continue
		}
		b.str("db"+strconv.Itoa(db.id), fmt.Sprintf("keys=%d,expires=%d,avg_ttl=%d",
			db.size(), db.expires.Len(), e.srv.expireCycles[db.id].avgTTL))
	}
}
