package engine

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"
)

// The server commands: INFO, CONFIG, TIME, LASTSAVE, DEBUG (the parts
// that make sense here), and MEMORY USAGE. INFO's text is built in info.go.

func init() {
	implement(map[string]Handler{
		"info":             infoCommand,
		"time":             timeCommand,
		"lastsave":         lastsaveCommand,
		"config|get":       configGetCommand,
		"config|set":       configSetCommand,
		"config|resetstat": configResetstatCommand,
		"config|help":      configHelpCommand,
		"debug":            debugCommand,
		"memory|usage":     memoryUsageCommand,
		"memory|help":      memoryHelpCommand,
	})
}

// serverState is the engine's server-wide state that is not data: its
// identity, statistics beyond the basic counters, and the switches DEBUG
// flips.
type serverState struct {
	runID  string // 40 hex digits, new for every engine
	replID string // the replication ID a standalone master still has

	// lastSave is the unix time (s) of the last successful save, or of
	// the start when nothing was saved yet, as LASTSAVE reports it.
	// Persistence updates it.
	lastSave int64

	nowTime   time.Time // when the running command started, as the clock said
	callDepth int       // calls in progress: EXEC and scripts call commands

	activeExpireDisabled bool // DEBUG SET-ACTIVE-EXPIRE 0
	expireCycles         []expireCycle

	commandStats map[*Command]*commandStats

	netInputBytes, netOutputBytes int64
	readsProcessed, writeProcess  int64
	instantaneous                 instantaneousMetrics

	peakMemory uint64 // highest used_memory seen
}

func (s *serverState) init(e *Engine) {
	s.runID = randomHex(40)
	s.replID = randomHex(40)
	s.lastSave = e.clock.Now().Unix()
	s.expireCycles = make([]expireCycle, len(e.dbs))
	s.commandStats = map[*Command]*commandStats{}
}

func randomHex(n int) string {
	b := make([]byte, n/2)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// commandStats are one command's INFO commandstats and latencystats.
type commandStats struct {
	calls, usec, rejected, failed int64
	latency                       latencyHistogram
}

func (s *serverState) statsOf(cmd *Command) *commandStats {
	st := s.commandStats[cmd]
	if st == nil {
		st = &commandStats{}
		s.commandStats[cmd] = st
	}
	return st
}

// callStart returns when a call begins: for a top-level command the
// instant its time was read (saving a clock read per command), for a
// command called by another (EXEC, a script) the clock's time now.
func (e *Engine) callStart() time.Time {
	e.srv.callDepth++
	if e.srv.callDepth == 1 {
		return e.srv.nowTime
	}
	return e.clock.Now()
}

// recordCall counts a call of cmd that began at start and, if failed,
// replied with an error.
func (e *Engine) recordCall(cmd *Command, start time.Time, failed bool) {
	e.srv.callDepth--
	d := e.clock.Now().Sub(start)
	st := e.srv.statsOf(cmd)
	st.calls++
	st.usec += d.Microseconds()
	if failed {
		st.failed++
	}
	if e.cfg.latencyTracking {
		st.latency.record(d.Nanoseconds())
	}
}

// recordRejected counts a command refused before it ran (arity, auth...).
func (e *Engine) recordRejected(cmd *Command) {
	if cmd != nil {
		e.srv.statsOf(cmd).rejected++
	}
}

// resetStats is CONFIG RESETSTAT: every counter INFO shows goes back to
// zero; gauges (clients, keys, memory) stay.
func (e *Engine) resetStats() {
	s := &e.stats
	s.connectionsReceived, s.commandsProcessed = 0, 0
	s.keyspaceHits, s.keyspaceMisses, s.expiredKeys = 0, 0, 0
	s.errorReplies, s.rejectedCalls = 0, 0
	clear(s.errorCodes)
	e.srv.commandStats = map[*Command]*commandStats{}
	e.srv.netInputBytes, e.srv.netOutputBytes = 0, 0
	e.srv.readsProcessed, e.srv.writeProcess = 0, 0
	e.srv.instantaneous = instantaneousMetrics{}
	e.evict.resetStats()
}

// protectedAllowed reports whether a protected command (DEBUG) may run
// for c, by enable-debug-command: yes, no, or local connections only.
func (c *Client) protectedAllowed() bool {
	return c.protectedLevelAllows(c.e.cfg.enableDebugCommand)
}

// protectedLevelAllows applies a yes/no/local protection setting to c.
func (c *Client) protectedLevelAllows(level int) bool {
	switch level {
	case protectedYes:
		return true
	case protectedLocal:
		host := c.addr
		if i := strings.LastIndexByte(host, ':'); i >= 0 {
			host = host[:i]
		}
		return strings.HasPrefix(c.addr, "/") || host == "127.0.0.1" || host == "::1" || host == "[::1]"
	}
	return false
}

const errDebugNotAllowed = "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server."

// TIME
func timeCommand(c *Client, args [][]byte) {
	now := c.e.clock.Now()
	c.Array(2)
	c.BulkString(strconv.FormatInt(now.Unix(), 10))
	c.BulkString(strconv.Itoa(now.Nanosecond() / 1000))
}

// LASTSAVE
func lastsaveCommand(c *Client, args [][]byte) { c.Int(c.e.srv.lastSave) }

// CONFIG GET parameter [parameter ...]
func configGetCommand(c *Client, args [][]byte) {
	type match struct {
		name string
		p    *configParam
	}
	var matches []match
	seen := map[string]bool{} // by lower-case name: Redis matches names ignoring case
	for _, pattern := range args[2:] {
		if bytes.IndexAny([]byte(cString(pattern, len(pattern))), "[*?") < 0 {
			name := string(pattern)
			lower := strings.ToLower(name)
			if p := findConfigParam(name); p != nil && !seen[lower] {
				seen[lower] = true
				matches = append(matches, match{name, p})
			}
			continue
		}
		eachConfigParam(func(p *configParam) {
			if !seen[p.name] && globMatch(pattern, []byte(p.name), true) {
				seen[p.name] = true
				matches = append(matches, match{p.name, p})
			}
		})
	}
	c.Map(len(matches))
	for _, m := range matches {
		c.BulkString(m.name)
		c.BulkString(m.p.get(c.e.cfg))
	}
}

// CONFIG SET parameter value [parameter value ...]
//
// All the parameters are set, or none: a value that does not parse, or a
// change that cannot apply, restores the ones set before it.
func configSetCommand(c *Client, args [][]byte) {
	if len(args)%2 != 0 {
		c.Error(ErrSyntax)
		return
	}
	n := (len(args) - 2) / 2
	params := make([]*configParam, n)
	var unknown, failedArg, reason string
	invalid := false
	for i := 0; i < n; i++ {
		name := args[2+2*i]
		p := findConfigParam(string(name))
		switch {
		case p == nil:
			if !invalid {
				unknown, invalid = cString(name, len(name)), true
			}
			continue
		case invalid:
			continue
		case p.immutable:
			failedArg, reason, invalid = cString(name, len(name)), "can't set immutable config", true
			continue
		case p.protected && !c.configProtectedAllowed():
			failedArg, reason, invalid = cString(name, len(name)), "can't set protected config", true
			continue
		}
		for _, earlier := range params[:i] {
			if earlier == p {
				failedArg, reason, invalid = cString(name, len(name)), "duplicate parameter", true
			}
		}
		params[i] = p
	}
	if invalid {
		if unknown != "" {
			c.Error(sanitizeError("ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'"))
		} else {
			c.Error(sanitizeError("ERR CONFIG SET failed (possibly related to argument '" + failedArg + "') - " + reason))
		}
		return
	}

	e := c.e
	old := make([]string, n)
	for i, p := range params {
		old[i] = p.get(e.cfg)
	}
	restore := func(upTo int, reapply bool) {
		for i := 0; i < upTo; i++ {
			params[i].set(e, old[i])
			if reapply && params[i].apply != nil {
				params[i].apply(e)
			}
		}
	}
	fail := func(p *configParam, err error) {
		c.Error(sanitizeError("ERR CONFIG SET failed (possibly related to argument '" + p.name + "') - " + err.Error()))
	}
	for i, p := range params {
		if err := p.set(e, string(args[3+2*i])); err != nil {
			restore(i+1, false)
			fail(p, err)
			return
		}
	}
	for _, p := range params {
		if p.apply == nil {
			continue
		}
		if err := p.apply(e); err != nil {
			restore(n, true)
			fail(p, err)
			return
		}
	}
	c.OK()
}

// CONFIG RESETSTAT
func configResetstatCommand(c *Client, args [][]byte) {
	c.e.resetStats()
	c.OK()
}

// CONFIG HELP
func configHelpCommand(c *Client, args [][]byte) {
	c.help("CONFIG", []string{
		"GET <pattern>",
		"    Return parameters matching the glob-like <pattern> and their values.",
		"SET <directive> <value>",
		"    Set the configuration <directive> to <value>.",
		"RESETSTAT",
		"    Reset statistics reported by the INFO command.",
		"REWRITE",
		"    Rewrite the configuration file.",
	})
}

// DEBUG subcommand [argument ...]
//
// Only SLEEP and SET-ACTIVE-EXPIRE exist; the other subcommands answer as
// Redis does for a subcommand it does not know.
func debugCommand(c *Client, args [][]byte) {
	switch {
	case len(args) == 2 && equalFold(args[1], "help"):
		c.help("DEBUG", debugHelp)
	case len(args) == 3 && equalFold(args[1], "sleep"):
		seconds := parseFloatPrefix(args[2])
		d := time.Duration(math.Min(seconds*1e6, math.MaxInt64/1000)) * time.Microsecond
		if d > 0 {
			c.e.sleep(d)
		}
		c.OK()
	case len(args) == 3 && equalFold(args[1], "set-active-expire"):
		c.e.srv.activeExpireDisabled = parseIntPrefix(args[2]) == 0
		c.OK()
	default:
		if !c.debugPersistence(args) { // persist_commands.go
			c.Error(errSubcommandSyntax(args))
		}
	}
}

// errSubcommandSyntax is Redis's error for an unknown subcommand or
// wrong arguments of a command that parses its subcommands itself.
func errSubcommandSyntax(args [][]byte) string {
	return sanitizeError("ERR unknown subcommand or wrong number of arguments for '" + cString(args[1], 128) +
		"'. Try " + strings.ToUpper(string(args[0])) + " HELP.")
}

// A Sleeper is a Clock that can also wait: DEBUG SLEEP sleeps on it, so
// that a fake clock can make the sleep instant.
type Sleeper interface {
	Sleep(d time.Duration)
}

// sleep blocks the whole engine for d, as DEBUG SLEEP blocks Redis.
func (e *Engine) sleep(d time.Duration) {
	if s, ok := e.clock.(Sleeper); ok {
		s.Sleep(d)
		return
	}
	time.Sleep(d)
}

// parseFloatPrefix reads a number as C's strtod does when its end is not
// checked: the longest decimal prefix, 0 when there is none.
func parseFloatPrefix(b []byte) float64 {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	start := i
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	digits := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return 0
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		j := i + 1
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if j < len(b) && b[j] >= '0' && b[j] <= '9' {
			for j < len(b) && b[j] >= '0' && b[j] <= '9' {
				j++
			}
			i = j
		}
	}
	f, _ := strconv.ParseFloat(string(b[start:i]), 64)
	return f
}

// parseIntPrefix reads a number as C's atoi: leading spaces, a sign, the
// digits that follow, 0 when there are none.
func parseIntPrefix(b []byte) int64 {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	var n int64
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int64(b[i]-'0')
	}
	if neg {
		return -n
	}
	return n
}

var debugHelp = []string{
	"AOF-FLUSH-SLEEP <microsec>",
	"    Server will sleep before flushing the AOF, this is used for testing.",
	"ASSERT",
	"    Crash by assertion failed.",
	"CHANGE-REPL-ID",
	"    Change the replication IDs of the instance.",
	"    Dangerous: should be used only for testing the replication subsystem.",
	"CONFIG-REWRITE-FORCE-ALL",
	"    Like CONFIG REWRITE but writes all configuration options, including",
	"    keywords not listed in original configuration file or default values.",
	"CRASH-AND-RECOVER [<milliseconds>]",
	"    Hard crash and restart after a <milliseconds> delay (default 0).",
	"DIGEST",
	"    Output a hex signature representing the current DB content.",
	"DIGEST-VALUE <key> [<key> ...]",
	"    Output a hex signature of the values of all the specified keys.",
	"ERROR <string>",
	"    Return a Redis protocol error with <string> as message. Useful for clients",
	"    unit tests to simulate Redis errors.",
	"LEAK <string>",
	"    Create a memory leak of the input string.",
	"LOG <message>",
	"    Write <message> to the server log.",
	"HTSTATS <dbid>",
	"    Return hash table statistics of the specified Redis database.",
	"HTSTATS-KEY <key>",
	"    Like HTSTATS but for the hash table stored at <key>'s value.",
	"LOADAOF",
	"    Flush the AOF buffers on disk and reload the AOF in memory.",
	"REPLICATE <string>",
	"    Replicates the provided string to replicas, allowing data divergence.",
	"MALLCTL <key> [<val>]",
	"    Get or set a malloc tuning integer.",
	"MALLCTL-STR <key> [<val>]",
	"    Get or set a malloc tuning string.",
	"OBJECT <key>",
	"    Show low level info about `key` and associated value.",
	"DROP-CLUSTER-PACKET-FILTER <packet-type>",
	"    Drop all packets that match the filtered type. Set to -1 allow all packets.",
	"OOM",
	"    Crash the server simulating an out-of-memory error.",
	"PANIC",
	"    Crash the server simulating a panic.",
	"POPULATE <count> [<prefix>] [<size>]",
	"    Create <count> string keys named key:<num>. If <prefix> is specified then",
	"    it is used instead of the 'key' prefix. These are not propagated to",
	"    replicas. Cluster slots are not respected so keys not belonging to the",
	"    current node can be created in cluster mode.",
	"PROTOCOL <type>",
	"    Reply with a test value of the specified type. <type> can be: string,",
	"    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
	"    true, false.",
	"RELOAD [option ...]",
	"    Save the RDB on disk and reload it back to memory. Valid <option> values:",
	"    * MERGE: conflicting keys will be loaded from RDB.",
	"    * NOFLUSH: the existing database will not be removed before load, but",
	"      conflicting keys will generate an exception and kill the server.",
	"    * NOSAVE: the database will be loaded from an existing RDB file.",
	"    Examples:",
	"    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
	"      the database.",
	"    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
	"      existing RDB file.",
	"    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
	"      file to the database.",
	"RESTART [<milliseconds>]",
	"    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
	"SDSLEN <key>",
	"    Show low level SDS string info representing `key` and value.",
	"SEGFAULT",
	"    Crash the server with sigsegv.",
	"SET-ACTIVE-EXPIRE <0|1>",
	"    Setting it to 0 disables expiring keys in background when they are not",
	"    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
	"    default.",
	"QUICKLIST-PACKED-THRESHOLD <size>",
	"    Sets the threshold for elements to be inserted as plain vs packed nodes",
	"    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
	"SET-SKIP-CHECKSUM-VALIDATION <0|1>",
	"    Enables or disables checksum checks for RDB files and RESTORE's payload.",
	"SLEEP <seconds>",
	"    Stop the server for <seconds>. Decimals allowed.",
	"STRINGMATCH-TEST",
	"    Run a fuzz tester against the stringmatchlen() function.",
	"STRUCTSIZE",
	"    Return the size of different Redis core C structures.",
	"LISTPACK <key>",
	"    Show low level info about the listpack encoding of <key>.",
	"QUICKLIST <key> [<0|1>]",
	"    Show low level info about the quicklist encoding of <key>.",
	"    The optional argument (0 by default) sets the level of detail",
	"CLIENT-EVICTION",
	"    Show low level client eviction pools info (maxmemory-clients).",
	"PAUSE-CRON <0|1>",
	"    Stop periodic cron job processing.",
	"REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
	"    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
	"    In case NEVER is provided the last observed peak will never be reset",
	"    In case RESET is provided the peak reset time will be restored to the default value",
	"REPLYBUFFER RESIZING <0|1>",
	"    Enable or disable the reply buffer resize cron job",
	"CLUSTERLINK KILL <to|from|all> <node-id>",
	"    Kills the link based on the direction to/from (both) with the provided node.",
}

// MEMORY USAGE key [SAMPLES count]
func memoryUsageCommand(c *Client, args [][]byte) {
	samples := int64(5)
	for j := 3; j < len(args); j++ {
		if !equalFold(args[j], "samples") || j+1 == len(args) {
			c.Error(ErrSyntax)
			return
		}
		n, ok := c.intArg(args[j+1])
		if !ok {
			return
		}
		if n < 0 {
			c.Error(ErrSyntax)
			return
		}
		if n == 0 {
			n = math.MaxInt64 // all of them
		}
		samples = n
		j++
	}
	// Like Redis, this looks at the key as stored, expired or not.
	k := view(args[2])
	o := c.db.keys.Ref(k)
	if o == nil {
		c.NullBulk()
		return
	}
	c.Int(keyMemoryUsage(k, o.v, samples))
}

// MEMORY HELP
func memoryHelpCommand(c *Client, args [][]byte) {
	c.help("MEMORY", []string{
		"DOCTOR",
		"    Return memory problems reports.",
		"MALLOC-STATS",
		"    Return internal statistics report from the memory allocator.",
		"PURGE",
		"    Attempt to purge dirty pages for reclamation by the allocator.",
		"STATS",
		"    Return information about the memory usage of the server.",
		"USAGE <key> [SAMPLES <count>]",
		"    Return memory in bytes used by <key> and its value. Nested values are",
		"    sampled up to <count> times (default: 5, 0 means sample all).",
	})
}

// countExchange counts the traffic of one Client.Exchange.
func (s *serverState) countExchange(in, out int) {
	s.netOutputBytes += int64(out)
	if in > 0 {
		s.readsProcessed++
	}
	if out > 0 {
		s.writeProcess++
	}
}
