package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sync"
	"sync/atomic"
	"time"
)

// Persistence: the engine's side of Redis's RDB snapshots and AOF. The
// engine decides what and when (save points, fsync policy, rewrites, the
// bookkeeping INFO shows); the host decides where, through two small
// interfaces: a Store for the append-only log and its base, and
// SnapshotFiles for dump.rdb. Nothing here touches a file system.
//
// Writes reach the log in two steps, as in Redis: the effects of each
// command are encoded into a buffer while the engine is locked, and the
// host calls FlushAOF before it sends the replies, which appends the
// buffer (and, with appendfsync always, syncs it). Concurrent FlushAOF
// calls share one append: whoever flushes takes everything buffered.

// SnapshotFiles is where SAVE, BGSAVE and DEBUG RELOAD keep RDB files:
// the native server's directory (dir), with dbfilename in it.
type SnapshotFiles interface {
	// WriteFile replaces the file name atomically with what write writes:
	// a crash leaves the old file or the whole new one. If write fails,
	// the old file stays and the error is returned.
	WriteFile(name string, write func(w io.Writer) error) error
	// OpenFile opens the file name for reading. A missing file gives an
	// error satisfying errors.Is(err, fs.ErrNotExist).
	OpenFile(name string) (io.ReadCloser, error)
}

// PersistenceOptions attach an engine to where its data lives.
type PersistenceOptions struct {
	// AOF holds the append-only log and its base. While appendonly is
	// yes, effects go to it, and loading starts from it. Nil: no AOF.
	AOF Store
	// Files holds dump.rdb. Nil: RDB saves are written nowhere (they still
	// reset the change count), and nothing is loaded from a snapshot file.
	Files SnapshotFiles
	// OnShutdown is called, with the engine locked, once SHUTDOWN has
	// saved what it must. The host exits the process in it. When it is
	// nil, SHUTDOWN fails.
	OnShutdown func()
	// Logf receives the log lines Redis would write (saves, rewrites,
	// loading). Nil discards them.
	Logf func(format string, args ...any)
}

// LoadReport tells what AttachPersistence loaded.
type LoadReport struct {
	Source      string // "aof", "rdb" or "" for nothing
	Keys        int64  // keys loaded from an RDB file or an AOF base
	Expired     int64  // keys of an RDB file skipped because their time had passed
	Commands    int    // commands replayed from the AOF
	Truncated   bool   // the AOF ended with an incomplete command, which was dropped
	Incomplete  bool   // the AOF ended inside MULTI without EXEC, which was dropped
	TornAtBytes int    // where the log was cut, when Truncated or Incomplete
}

// jobKind is what a background job writes.
type jobKind int

const (
	jobNone jobKind = iota
	jobRDB          // BGSAVE
	jobAOF          // BGREWRITEAOF
)

// bgJob is a background save or rewrite: Redis's child process.
type bgJob struct {
	kind      jobKind
	start     time.Time
	cancelled atomic.Bool
	processed atomic.Int64 // keys written so far
	total     int64        // keys to write
	dirty     int64        // e.dirty when it started
}

// persistState is the engine's persistence state; e.mu guards it, except
// what aofMu guards.
type persistState struct {
	opts     PersistenceOptions
	attached bool
	// store and files are the host's, or stand-ins that keep nothing: an
	// engine without persistence saves and rewrites to nowhere, as if to
	// a disk that forgets.
	store    Store
	files    SnapshotFiles
	hasFiles bool // files is the host's
	// loading is set while a file or log loads: nothing expires then.
	loading bool

	job              *bgJob
	bgsaveScheduled  bool
	rewriteScheduled bool

	// RDB status, as INFO persistence shows it.
	lastBgsaveOK      bool
	lastBgsaveTry     int64 // unix s
	lastBgsaveSeconds int64 // -1 before the first
	saves             int64
	loadedKeys        int64
	expiredOnLoad     int64

	// AOF status.
	aofOn              bool // appendonly is in force: effects are logged
	aofWaitRewrite     bool // appendonly just turned on: the first base is being written
	lastRewriteOK      bool
	lastRewriteSeconds int64
	rewrites           int64
	rewriteFailures    int64
	baseSize           int64 // bytes of the AOF base
	logSize            int64 // bytes of the log appended since the base
	rewriteBaseSize    int64 // AOF size after the last rewrite, for auto-aof-rewrite-percentage

	skipChecksum bool // DEBUG SET-SKIP-CHECKSUM-VALIDATION

	// cow is the generation of the dataset copy a background job is
	// writing, 0 when none is: objects whose cow differs share their
	// value with it, and are copied before anyone touches them (unshare).
	cow, cowGen uint32

	// fsyncPolicy mirrors appendfsync for FlushAOF, which runs without
	// the engine's lock.
	fsyncPolicy int64

	// funcs is the scripting layer's FUNCTION libraries, nil without it.
	funcs FunctionLibraries

	// rdbFileMu serialises writes of dump.rdb, so that a background save
	// finishing late cannot replace a file a later save wrote.
	rdbFileMu sync.Mutex
	// rewriteMu serialises the two steps of AOF rewrites, so that a
	// rewrite killed late cannot install its base after a newer one
	// started.
	rewriteMu sync.Mutex

	aof aofLog

	stopSync chan struct{} // stops the everysec fsync loop
}

// aofLog is the buffer between the engine and the AOF Store.
type aofLog struct {
	mu      sync.Mutex // guards what follows; taken under e.mu, never the reverse
	enc     aofEncoder
	pending []byte // encoded effects not yet appended
	seq     int64  // bytes ever encoded
	written int64  // bytes ever appended to the store
	synced  int64  // bytes ever synced
	// writeErr and syncErr are the last append and sync failures, nil once
	// a later one succeeds. They deny writes with MISCONF.
	writeErr, syncErr error
	// io serialises Append and StartRewrite; the flusher holding it takes
	// everything pending.
	io sync.Mutex
}

func (p *persistState) init() {
	p.store, p.files = nullStore{}, nullFiles{}
	p.lastBgsaveOK, p.lastRewriteOK = true, true
	p.lastBgsaveSeconds, p.lastRewriteSeconds = -1, -1
	p.aof.enc.selected = -1
}

// isLoading reports whether a load is running; nothing expires then.
func (e *Engine) isLoading() bool { return e.persist.loading }

// persistConfig holds the persistence parameters.
type persistConfig struct {
	savePoints         []savePoint
	dir                string
	dbfilename         string
	appendonly         bool
	appendfsync        int // fsyncEverysec, fsyncAlways, fsyncNo
	appendfilename     string
	appenddirname      string
	rdbPreamble        bool
	loadTruncated      bool
	rewritePercentage  int
	rewriteMinSize     int64
	rdbCompression     bool
	rdbChecksum        bool
	stopWritesOnError  bool
	sanitizeDump       int
	protectedConfigs   int // protectedNo, protectedYes, protectedLocal
	noFsyncOnRewrite   bool
	aofIncrementalSync bool
	rdbIncrementalSync bool
	aofTimestamps      bool
	rdbDelSyncFiles    bool
	aofDisableAutoGC   bool
}

// savePoint is one "save <seconds> <changes>".
type savePoint struct{ seconds, changes int64 }

// appendfsync values, in Redis's order.
const (
	fsyncEverysec = iota
	fsyncAlways
	fsyncNo
)

func defaultPersistConfig() persistConfig {
	return persistConfig{
		savePoints:         []savePoint{{3600, 1}, {300, 100}, {60, 10000}},
		dir:                ".",
		dbfilename:         "dump.rdb",
		appendfilename:     "appendonly.aof",
		appenddirname:      "appendonlydir",
		rdbPreamble:        true,
		loadTruncated:      true,
		rewritePercentage:  100,
		rewriteMinSize:     64 << 20,
		rdbCompression:     true,
		rdbChecksum:        true,
		stopWritesOnError:  true,
		aofIncrementalSync: true,
		rdbIncrementalSync: true,
	}
}

func init() {
	boolP := func(name string, field func(p *persistConfig) *bool) configParam {
		return boolParam(name, func(c *config) *bool { return field(&c.persist) })
	}
	registerConfig(
		configParam{
			name: "save",
			get:  func(cfg *config) string { return formatSavePoints(cfg.persist.savePoints) },
			set: func(e *Engine, v string) error {
				points, ok := parseSavePoints(v)
				if !ok {
					return configError("Invalid save parameters")
				}
				e.cfg.persist.savePoints = points
				return nil
			},
		},
		protectedParam(configParam{
			name: "dir",
			get:  func(cfg *config) string { return cfg.persist.dir },
			set:  func(e *Engine, v string) error { e.cfg.persist.dir = v; return nil },
		}),
		protectedParam(configParam{
			name: "dbfilename",
			get:  func(cfg *config) string { return cfg.persist.dbfilename },
			set: func(e *Engine, v string) error {
				if v == "" || path.Base(v) != v {
					return configError("dbfilename can't be a path, just a filename")
				}
				e.cfg.persist.dbfilename = v
				return nil
			},
		}),
		withApply(boolP("appendonly", func(p *persistConfig) *bool { return &p.appendonly }), func(e *Engine) error {
			return e.applyAppendonly()
		}),
		withApply(enumParam("appendfsync", []string{"everysec", "always", "no"}, func(c *config) *int { return &c.persist.appendfsync }),
			func(e *Engine) error {
				atomic.StoreInt64(&e.persist.fsyncPolicy, int64(e.cfg.persist.appendfsync))
				return nil
			}),
		immutable(stringParam("appendfilename", func(c *config) *string { return &c.persist.appendfilename })),
		immutable(stringParam("appenddirname", func(c *config) *string { return &c.persist.appenddirname })),
		boolP("aof-use-rdb-preamble", func(p *persistConfig) *bool { return &p.rdbPreamble }),
		boolP("aof-load-truncated", func(p *persistConfig) *bool { return &p.loadTruncated }),
		intParam("auto-aof-rewrite-percentage", 0, 1<<31-1, func(c *config) *int { return &c.persist.rewritePercentage }),
		memoryParam("auto-aof-rewrite-min-size", 0, 1<<63-1, func(c *config) *int64 { return &c.persist.rewriteMinSize }),
		boolP("rdbcompression", func(p *persistConfig) *bool { return &p.rdbCompression }),
		immutable(boolP("rdbchecksum", func(p *persistConfig) *bool { return &p.rdbChecksum })),
		boolP("stop-writes-on-bgsave-error", func(p *persistConfig) *bool { return &p.stopWritesOnError }),
		enumParam("sanitize-dump-payload", []string{"no", "yes", "clients"}, func(c *config) *int { return &c.persist.sanitizeDump }),
		immutable(enumParam("enable-protected-configs", []string{"no", "yes", "local"}, func(c *config) *int { return &c.persist.protectedConfigs })),
		boolP("no-appendfsync-on-rewrite", func(p *persistConfig) *bool { return &p.noFsyncOnRewrite }),
		boolP("aof-rewrite-incremental-fsync", func(p *persistConfig) *bool { return &p.aofIncrementalSync }),
		boolP("rdb-save-incremental-fsync", func(p *persistConfig) *bool { return &p.rdbIncrementalSync }),
		boolP("aof-timestamp-enabled", func(p *persistConfig) *bool { return &p.aofTimestamps }),
		boolP("rdb-del-sync-files", func(p *persistConfig) *bool { return &p.rdbDelSyncFiles }),
		boolP("aof-disable-auto-gc", func(p *persistConfig) *bool { return &p.aofDisableAutoGC }),
	)
}

// protectedParam marks a parameter that CONFIG SET changes only as
// enable-protected-configs allows (dir, dbfilename).
func protectedParam(p configParam) configParam {
	p.protected = true
	return p
}

// configProtectedAllowed reports whether c may CONFIG SET protected
// parameters, by enable-protected-configs.
func (c *Client) configProtectedAllowed() bool {
	return c.protectedLevelAllows(c.e.cfg.persist.protectedConfigs)
}

// parseSavePoints reads the save parameter: pairs of seconds (at least
// 1) and changes (at least 0), separated by single spaces, "" for none.
// Numbers read as strtoll reads them, with nothing after.
func parseSavePoints(v string) ([]savePoint, bool) {
	if v == "" {
		return nil, true
	}
	fields := splitSpaces(v)
	if len(fields)%2 != 0 {
		return nil, false
	}
	points := make([]savePoint, 0, len(fields)/2)
	for i := 0; i < len(fields); i += 2 {
		s, ok1 := strtoll(fields[i])
		n, ok2 := strtoll(fields[i+1])
		if !ok1 || !ok2 || s < 1 || n < 0 {
			return nil, false
		}
		points = append(points, savePoint{s, n})
	}
	return points, true
}

// splitSpaces splits s at every single space, as sdssplitlen(" ").
func splitSpaces(s string) []string {
	var out []string
	for {
		i := indexByte(s, ' ')
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// strtoll reads s as C's strtoll and reports whether nothing followed the
// number: leading white space, a sign, digits (none reads as 0), and
// saturation on overflow.
func strtoll(s string) (int64, bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	over := false
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if v > (1<<63)/10 {
			over = true
		}
		v = v*10 + uint64(s[i]-'0')
		if v > 1<<63 {
			over = true
		}
	}
	if i == start {
		// No digits: strtoll leaves the end pointer at the start.
		return 0, len(s) == 0
	}
	if i != len(s) {
		return 0, false
	}
	switch {
	case over && neg:
		return -1 << 63, true
	case over || (!neg && v == 1<<63):
		return 1<<63 - 1, true
	case neg:
		return -int64(v), true
	}
	return int64(v), true
}

func formatSavePoints(points []savePoint) string {
	var b bytes.Buffer
	for i, p := range points {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d %d", p.seconds, p.changes)
	}
	return b.String()
}

func (e *Engine) logf(format string, args ...any) {
	if e.persist.opts.Logf != nil {
		e.persist.opts.Logf(format, args...)
	}
}

// rdbPath is dbfilename inside dir.
func (e *Engine) rdbPath() string {
	return path.Join(e.cfg.persist.dir, e.cfg.persist.dbfilename)
}

// AttachPersistence connects the engine to its stores and loads the
// dataset from them, as Redis does at start-up: from the AOF when
// appendonly is yes (a missing AOF gives an empty dataset and a new AOF
// holding it), else from the RDB file. It is called once, before clients
// connect. A file that cannot be loaded is an error, and nothing is
// loaded then; an AOF whose last command is incomplete loads without it
// when aof-load-truncated is yes, and the log is then rewritten whole.
func (e *Engine) AttachPersistence(opts PersistenceOptions) (LoadReport, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := &e.persist
	if p.attached {
		return LoadReport{}, errors.New("persistence is already attached")
	}
	p.opts, p.attached = opts, true
	if opts.AOF != nil {
		p.store = opts.AOF
	}
	if opts.Files != nil {
		p.files, p.hasFiles = opts.Files, true
	}
	e.refreshNow()
	var report LoadReport
	var err error
	switch {
	case e.cfg.persist.appendonly && opts.AOF != nil:
		report, err = e.loadAOF(opts.AOF)
	case opts.Files != nil:
		report, err = e.loadRDBFromFiles()
	}
	if err != nil {
		p.opts, p.attached = PersistenceOptions{}, false
		p.store, p.files, p.hasFiles = nullStore{}, nullFiles{}, false
		return report, err
	}
	e.dirty = 0
	e.srv.lastSave = e.clock.Now().Unix()
	if e.cfg.persist.appendonly && opts.AOF != nil {
		p.aofOn = true
		e.effectSink = e.logEffects
	}
	p.stopSync = make(chan struct{})
	go e.fsyncLoop(p.stopSync)
	return report, nil
}

// loadRDBFromFiles loads dir/dbfilename if it exists.
func (e *Engine) loadRDBFromFiles() (LoadReport, error) {
	f, err := e.persist.files.OpenFile(e.rdbPath())
	if errors.Is(err, fs.ErrNotExist) {
		return LoadReport{}, nil
	}
	if err != nil {
		return LoadReport{}, err
	}
	defer f.Close()
	e.persist.loading = true
	defer func() { e.persist.loading = false }()
	res, err := e.loadRDBFile(f, rdbLoadOptions{verifyChecksum: e.verifyChecksums()})
	if err != nil {
		return LoadReport{}, fmt.Errorf("loading %s: %w", e.rdbPath(), err)
	}
	e.logf("Done loading RDB, keys loaded: %d, keys expired: %d.", res.keysLoaded, res.keysExpired)
	return LoadReport{Source: "rdb", Keys: res.keysLoaded, Expired: res.keysExpired}, nil
}

func (e *Engine) verifyChecksums() bool {
	return e.cfg.persist.rdbChecksum && !e.persist.skipChecksum
}

// loadAOF loads the base and replays the log of store. An empty store
// gets a base holding the (empty) dataset, as Redis creates one on start.
func (e *Engine) loadAOF(store Store) (LoadReport, error) {
	snapshot, log, err := store.Load()
	if err != nil {
		return LoadReport{}, err
	}
	if len(snapshot) == 0 && len(log) == 0 {
		return LoadReport{}, e.rewriteNow(store)
	}
	report, err := e.loadAOFData(snapshot, log)
	p := &e.persist
	p.baseSize, p.logSize = int64(len(snapshot)), int64(len(log))
	p.rewriteBaseSize = p.baseSize + p.logSize
	if err != nil {
		return report, err
	}
	if report.Truncated || report.Incomplete {
		// Redis truncates the log file at the last complete command; a
		// Store cannot, so the log is folded into a new base instead.
		e.logf("AOF loaded anyway because aof-load-truncated is enabled")
		if err := e.rewriteNow(store); err != nil {
			return report, err
		}
	}
	return report, nil
}

// loadAOFData replaces the dataset with an AOF's base and log. On error
// the dataset may hold part of them.
func (e *Engine) loadAOFData(snapshot, log []byte) (LoadReport, error) {
	p := &e.persist
	p.loading = true
	sink := e.effectSink
	e.effectSink = nil
	stats := e.stats
	defer func() {
		p.loading = false
		e.effectSink = sink
		e.stats.keyspaceHits, e.stats.keyspaceMisses = stats.keyspaceHits, stats.keyspaceMisses
		e.stats.expiredKeys = stats.expiredKeys
	}()
	report := LoadReport{Source: "aof"}
	for _, db := range e.dbs {
		db.flush()
	}
	if e.persist.funcs != nil {
		e.persist.funcs.Flush()
	}
	switch {
	case isRDB(snapshot):
		res, err := e.loadRDBFileKeepingExpired(snapshot)
		if err != nil {
			return report, fmt.Errorf("loading the AOF base: %w", err)
		}
		report.Keys = res.keysLoaded
		// A single-file AOF of Redis 6 may go on after its RDB preamble.
		log = append(snapshot[res.consumed:len(snapshot):len(snapshot)], log...)
	case len(snapshot) > 0:
		log = append(snapshot[:len(snapshot):len(snapshot)], log...)
	}
	res, err := e.replayAOF(log)
	report.Commands = res.commands
	if errors.Is(err, errAOFTruncated) && e.cfg.persist.loadTruncated {
		if res.openMulti {
			e.logf("Revert incomplete MULTI/EXEC transaction in AOF file")
			report.Incomplete = true
		} else {
			e.logf("!!! Warning: short read while loading the AOF file !!!")
			report.Truncated = true
		}
		report.TornAtBytes = res.valid
		return report, nil
	}
	if err != nil {
		return report, fmt.Errorf("%w (at byte %d of the log)", err, res.valid)
	}
	return report, nil
}

// loadRDBFileKeepingExpired loads an AOF base: expired keys too, since
// the log after it was written while they lived.
func (e *Engine) loadRDBFileKeepingExpired(b []byte) (*rdbLoadResult, error) {
	return e.loadRDBFile(bytes.NewReader(b), rdbLoadOptions{keepExpired: true, verifyChecksum: e.verifyChecksums()})
}

// logEffects is the effect sink while appendonly is in force: the effects
// are encoded into the AOF buffer, for FlushAOF.
func (e *Engine) logEffects(effects []Effect) {
	a := &e.persist.aof
	a.mu.Lock()
	n := len(a.pending)
	if e.cfg.persist.aofTimestamps {
		a.pending = a.enc.appendTimestamp(a.pending, e.now/1000)
	}
	a.pending = a.enc.append(a.pending, effects)
	a.seq += int64(len(a.pending) - n)
	a.mu.Unlock()
}

// FlushAOF appends the effects of the commands run so far to the AOF
// store and, with appendfsync always, syncs them. Hosts call it after a
// client's commands ran and before sending their replies, so that a
// client never sees the reply to a write the log does not hold. Calls from
// many goroutines share the work. It returns an error only when a write
// could not be stored under appendfsync always; the host must then not
// reply, and Redis would exit. Other failures are kept for INFO and
// MISCONF and retried.
func (e *Engine) FlushAOF() error {
	a := &e.persist.aof
	a.mu.Lock()
	target := a.seq
	a.mu.Unlock()
	return e.flushAOFTo(target)
}

// flushAOFTo appends at least the first target bytes ever encoded.
func (e *Engine) flushAOFTo(target int64) error {
	p := &e.persist
	a := &p.aof
	store := p.store
	a.io.Lock()
	defer a.io.Unlock()
	a.mu.Lock()
	always := e.cfgFsync() == fsyncAlways
	if a.written >= target && (!always || a.synced >= target) {
		a.mu.Unlock()
		return nil
	}
	buf := a.pending
	end := a.seq
	a.pending = nil
	a.mu.Unlock()

	var err error
	if len(buf) > 0 {
		err = store.Append(buf)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if err != nil {
		a.writeErr = err
		a.pending = append(buf, a.pending...) // retried by the next flush
		if always {
			return fmt.Errorf("can't recover from AOF write error when the AOF fsync policy is 'always': %w", err)
		}
		return nil
	}
	a.writeErr = nil
	a.written = end
	atomic.AddInt64(&p.logSize, int64(len(buf)))
	if always {
		a.mu.Unlock()
		err = store.Sync()
		a.mu.Lock()
		if err != nil {
			a.syncErr = err
			return fmt.Errorf("can't recover from AOF fsync error when the AOF fsync policy is 'always': %w", err)
		}
		a.syncErr = nil
		a.synced = max(a.synced, end)
	}
	return nil
}

// cfgFsync reads appendfsync; CONFIG SET changes it under e.mu while
// flushers run without it, hence the atomic load.
func (e *Engine) cfgFsync() int {
	return int(atomic.LoadInt64(&e.persist.fsyncPolicy))
}

// fsyncLoop syncs the AOF once a second under appendfsync everysec, as
// Redis's background fsync does, until stop is closed.
func (e *Engine) fsyncLoop(stop chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		e.syncAOF(false)
	}
}

// syncAOF syncs what was appended, if anything is new; everysec only
// unless force.
func (e *Engine) syncAOF(force bool) {
	p := &e.persist
	a := &p.aof
	if !force && e.cfgFsync() != fsyncEverysec {
		return
	}
	a.mu.Lock()
	written := a.written
	due := written > a.synced
	a.mu.Unlock()
	if !due {
		return
	}
	err := p.store.Sync()
	a.mu.Lock()
	if err != nil {
		a.syncErr = err
	} else {
		a.syncErr = nil
		a.synced = max(a.synced, written)
	}
	a.mu.Unlock()
}

// diskError returns the MISCONF error that refuses writes, if any
// (Redis's writeCommandsDeniedByDiskError).
func (e *Engine) diskError() (string, bool) {
	p := &e.persist
	if e.cfg.persist.stopWritesOnError && len(e.cfg.persist.savePoints) > 0 && !p.lastBgsaveOK {
		return "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.", true
	}
	if p.aofOn {
		p.aof.mu.Lock()
		err := p.aof.writeErr
		if err == nil {
			err = p.aof.syncErr
		}
		p.aof.mu.Unlock()
		if err != nil {
			return "MISCONF Errors writing to the AOF file: " + errnoText(err), true
		}
	}
	return "", false
}

// errnoText is the text of the innermost cause of err, capitalised as
// strerror words it ("No space left on device"), for MISCONF.
func errnoText(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			break
		}
		err = next
	}
	s := err.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// deniedByDiskError reports whether cmd must be refused with MISCONF:
// write commands (an EXEC of queued writes included) and PING, while a
// save or the AOF fails.
func (c *Client) deniedByDiskError(cmd *Command, flags CommandFlags) bool {
	if !c.e.persist.attached {
		return false
	}
	write := flags&FlagWrite != 0 || cmd.FullName == "ping"
	if cmd.FullName == "exec" && c.multi != nil {
		for _, q := range c.multi.queue {
			write = write || q.flags&FlagWrite != 0
		}
	}
	if !write {
		return false
	}
	_, denied := c.e.diskError()
	return denied
}

// saveRDB is Redis's rdbSave: write the dataset to dir/dbfilename now,
// with the engine locked. On success the change count restarts from zero.
func (e *Engine) saveRDB() error {
	p := &e.persist
	enc := e.newRDBEncoder()
	ds := e.liveDataset()
	opts := rdbFileOptions{checksum: e.cfg.persist.rdbChecksum}
	write := func(w io.Writer) error { return enc.writeRDB(w, ds, opts, nil) }
	p.rdbFileMu.Lock()
	err := p.files.WriteFile(e.rdbPath(), write)
	p.rdbFileMu.Unlock()
	if err != nil {
		e.logf("Write error saving DB on disk: %v", err)
		return err
	}
	e.logf("DB saved on disk")
	e.dirty = 0
	e.srv.lastSave = e.clock.Now().Unix()
	p.lastBgsaveOK = true
	return nil
}

// startBgsave starts a background save (rdbSaveBackground): the dataset
// is copied now and written by another goroutine while clients go on.
func (e *Engine) startBgsave() {
	p := &e.persist
	now := e.clock.Now()
	p.lastBgsaveTry = now.Unix()
	ds := e.snapshotDataset()
	job := &bgJob{kind: jobRDB, start: now, dirty: e.dirty, total: datasetKeys(ds)}
	p.job = job
	p.saves++
	e.logf("Background saving started")
	enc := e.newRDBEncoder()
	opts := rdbFileOptions{checksum: e.cfg.persist.rdbChecksum}
	files, name := p.files, e.rdbPath()
	go func() {
		write := func(w io.Writer) error {
			err := enc.writeRDB(&cancellableWriter{w: w, job: job}, ds, opts, func(n int64) { job.processed.Store(n) })
			if err == nil && job.cancelled.Load() {
				err = errJobCancelled
			}
			return err
		}
		p.rdbFileMu.Lock()
		err := files.WriteFile(name, write)
		p.rdbFileMu.Unlock()
		e.mu.Lock()
		defer e.mu.Unlock()
		e.finishBgsave(job, err)
	}()
}

// finishBgsave records the end of a background save.
func (e *Engine) finishBgsave(job *bgJob, err error) {
	p := &e.persist
	if p.job != job {
		return // killed earlier
	}
	p.job, p.cow = nil, 0
	now := e.clock.Now()
	p.lastBgsaveSeconds = int64(now.Sub(job.start).Seconds())
	switch {
	case job.cancelled.Load():
		e.logf("Background saving terminated by signal 10")
	case err != nil:
		p.lastBgsaveOK = false
		e.logf("Background saving error: %v", err)
	default:
		p.lastBgsaveOK = true
		e.dirty -= job.dirty
		e.srv.lastSave = now.Unix()
		e.logf("Background saving terminated with success")
	}
}

var errJobCancelled = errors.New("background job killed")

// cancellableWriter stops a background job's writes once it is killed.
type cancellableWriter struct {
	w   io.Writer
	job *bgJob
}

func (c *cancellableWriter) Write(p []byte) (int, error) {
	if c.job.cancelled.Load() {
		return 0, errJobCancelled
	}
	return c.w.Write(p)
}

func datasetKeys(ds *dataset) int64 {
	var n int64
	for _, db := range ds.dbs {
		n += int64(db.keys)
	}
	return n
}

// unshare gives o a value of its own if a background job's copy of the
// dataset holds the one it has: the job keeps the original, as a forked
// child keeps its pages, and commands go on with the copy. Every path to
// a live value for reading or writing (DB.peek) passes here.
func (e *Engine) unshare(o *object) {
	if g := e.persist.cow; g != 0 && o.cow != g {
		o.v, o.cow = o.v.clone(), g
	}
}

// shareDataset starts a copy-on-write generation for a background job.
func (e *Engine) shareDataset() {
	p := &e.persist
	p.cowGen++
	if p.cowGen == 0 {
		p.cowGen = 1
	}
	p.cow = p.cowGen
}

// killJob stops the background job, if any: its result is dropped.
func (e *Engine) killJob() {
	p := &e.persist
	if p.job == nil {
		return
	}
	p.cow = 0
	p.job.cancelled.Store(true)
	if p.job.kind == jobRDB {
		e.logf("Background saving terminated by signal 10")
	} else {
		e.logf("Killing running AOF rewrite child")
	}
	p.job = nil
}

// startRewrite starts an AOF rewrite (rewriteAppendOnlyFileBackground):
// the buffered effects go to the log, the store starts a new segment,
// and the dataset is copied now and written as the new base by another
// goroutine while clients go on.
func (e *Engine) startRewrite() error {
	p := &e.persist
	store := p.store
	if err := e.startLogSegment(store); err != nil {
		return err
	}
	now := e.clock.Now()
	ds := e.snapshotDataset()
	job := &bgJob{kind: jobAOF, start: now, total: datasetKeys(ds)}
	p.job = job
	e.logf("Background append only file rewriting started")
	enc := e.newRDBEncoder()
	preamble := e.cfg.persist.rdbPreamble
	checksum := e.cfg.persist.rdbChecksum
	go func() {
		base, err := encodeAOFBase(enc, ds, preamble, checksum, job)
		if err == nil {
			p.rewriteMu.Lock()
			if job.cancelled.Load() {
				err = errJobCancelled
			} else {
				err = store.FinishRewrite(base)
			}
			p.rewriteMu.Unlock()
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		e.finishRewrite(job, int64(len(base)), err)
	}()
	return nil
}

// startLogSegment appends what is buffered, then starts a new log segment
// in the store: the effects after this instant follow the new base.
func (e *Engine) startLogSegment(store Store) error {
	e.persist.rewriteMu.Lock()
	defer e.persist.rewriteMu.Unlock()
	a := &e.persist.aof
	if e.persist.aofOn {
		a.mu.Lock()
		target := a.seq
		a.mu.Unlock()
		if err := e.flushAOFTo(target); err != nil {
			return err
		}
	}
	a.io.Lock()
	defer a.io.Unlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.pending) > 0 {
		return fmt.Errorf("AOF write failing: %v", a.writeErr)
	}
	if err := store.StartRewrite(); err != nil {
		return err
	}
	a.enc.selected = -1 // the new segment starts with a SELECT
	e.persist.logSize = 0
	return nil
}

// encodeAOFBase writes a copied dataset as an AOF base: an RDB file with
// aof-base 1, or the commands that rebuild it.
func encodeAOFBase(enc *rdbEncoder, ds *dataset, preamble, checksum bool, job *bgJob) ([]byte, error) {
	if !preamble {
		return writeAOFCommands(ds), nil
	}
	var buf bytes.Buffer
	var progress func(int64)
	var w io.Writer = &buf
	if job != nil {
		progress = func(n int64) { job.processed.Store(n) }
		w = &cancellableWriter{w: &buf, job: job}
	}
	err := enc.writeRDB(w, ds, rdbFileOptions{aofBase: true, checksum: checksum}, progress)
	return buf.Bytes(), err
}

// finishRewrite records the end of an AOF rewrite.
func (e *Engine) finishRewrite(job *bgJob, baseSize int64, err error) {
	p := &e.persist
	if p.job != job {
		return
	}
	p.job, p.cow = nil, 0
	p.lastRewriteSeconds = int64(e.clock.Now().Sub(job.start).Seconds())
	if err != nil {
		p.lastRewriteOK = false
		p.rewriteFailures++
		e.logf("Background AOF rewrite failed: %v", err)
		return
	}
	p.lastRewriteOK = true
	p.rewriteFailures = 0
	p.rewrites++
	p.baseSize = baseSize
	p.rewriteBaseSize = baseSize + atomic.LoadInt64(&p.logSize)
	if p.aofWaitRewrite {
		p.aofWaitRewrite = false
	}
	e.logf("Background AOF rewrite finished successfully")
}

// rewriteNow writes a new base of the current dataset and makes it the
// store's, with the engine locked (at start-up).
func (e *Engine) rewriteNow(store Store) error {
	if err := e.startLogSegment(store); err != nil {
		return err
	}
	base, err := encodeAOFBase(e.newRDBEncoder(), e.liveDataset(), e.cfg.persist.rdbPreamble, e.cfg.persist.rdbChecksum, nil)
	if err != nil {
		return err
	}
	e.persist.rewriteMu.Lock()
	err = store.FinishRewrite(base)
	e.persist.rewriteMu.Unlock()
	if err != nil {
		return err
	}
	e.persist.baseSize = int64(len(base))
	e.persist.rewriteBaseSize = e.persist.baseSize
	return nil
}

// afterImport makes the AOF follow a dataset replaced wholesale (LoadRDB,
// LoadAOF): such a load leaves no effects to log, so the AOF is
// rewritten from the new dataset. A rewrite in progress holds the old one
// and is dropped.
func (e *Engine) afterImport() {
	p := &e.persist
	if !p.aofOn {
		return
	}
	if p.job != nil {
		if p.job.kind == jobRDB {
			p.bgsaveScheduled = true
		}
		e.killJob()
	}
	if err := e.startRewrite(); err != nil {
		e.logf("Background AOF rewrite failed to start: %v", err)
		p.rewriteScheduled = true
	}
}

// applyAppendonly starts or stops logging when CONFIG SET appendonly
// changes it: turning it on rewrites the AOF from the dataset first.
func (e *Engine) applyAppendonly() error {
	p := &e.persist
	if p.store == nil {
		return nil // start-up configuration: AttachPersistence acts on it
	}
	on := e.cfg.persist.appendonly
	switch {
	case on && !p.aofOn:
		if p.job != nil && p.job.kind == jobRDB {
			e.killJob() // as Redis kills an RDB child to start its rewrite
		}
		if p.job != nil {
			p.rewriteScheduled = true
		} else if err := e.startRewrite(); err != nil {
			return configError("Unable to turn on AOF. Check server logs.")
		}
		p.aofOn, p.aofWaitRewrite = true, true
		p.aof.enc.selected = -1
		e.effectSink = e.logEffects
	case !on && p.aofOn:
		a := &p.aof
		a.mu.Lock()
		target := a.seq
		a.mu.Unlock()
		e.flushAOFTo(target)
		e.syncAOF(true)
		if p.job != nil && p.job.kind == jobAOF {
			e.killJob()
		}
		p.aofOn, p.aofWaitRewrite = false, false
		e.effectSink = nil
	}
	return nil
}

// persistCron is Redis's persistence part of serverCron: scheduled and
// automatic saves and rewrites.
func (e *Engine) persistCron() {
	p := &e.persist
	if !p.attached || p.job != nil {
		return
	}
	now := e.clock.Now().Unix()
	retryOK := now-p.lastBgsaveTry > 5 || p.lastBgsaveOK
	switch {
	case p.bgsaveScheduled && retryOK:
		p.bgsaveScheduled = false
		e.startBgsave()
		return
	case p.rewriteScheduled:
		p.rewriteScheduled = false
		if err := e.startRewrite(); err != nil {
			e.logf("Background AOF rewrite failed to start: %v", err)
		}
		return
	}
	for _, sp := range e.cfg.persist.savePoints {
		if e.dirty >= sp.changes && now-e.srv.lastSave > sp.seconds && retryOK {
			e.logf("%d changes in %d seconds. Saving...", sp.changes, sp.seconds)
			e.startBgsave()
			return
		}
	}
	size := p.baseSize + atomic.LoadInt64(&p.logSize)
	if p.aofOn && e.cfg.persist.rewritePercentage > 0 && size > e.cfg.persist.rewriteMinSize {
		base := max(p.rewriteBaseSize, 1)
		growth := size*100/base - 100
		if growth >= int64(e.cfg.persist.rewritePercentage) {
			e.logf("Starting automatic rewriting of AOF on %d%% growth", growth)
			if err := e.startRewrite(); err != nil {
				e.logf("Background AOF rewrite failed to start: %v", err)
			}
		}
	}
}

// openRDBFile opens dir/dbfilename.
func (e *Engine) openRDBFile() (io.ReadCloser, error) {
	return e.persist.files.OpenFile(e.rdbPath())
}

// nullStore is the Store of an engine without an AOF store: it keeps
// nothing.
type nullStore struct{}

func (nullStore) Load() ([]byte, []byte, error)   { return nil, nil, nil }
func (nullStore) Append([]byte) error             { return nil }
func (nullStore) Sync() error                     { return nil }
func (nullStore) StartRewrite() error             { return nil }
func (nullStore) FinishRewrite(snap []byte) error { return nil }
func (nullStore) Close() error                    { return nil }

// nullFiles is the SnapshotFiles of an engine without a file system: a
// written file is checked (it serialises) and forgotten.
type nullFiles struct{}

func (nullFiles) WriteFile(name string, write func(io.Writer) error) error { return write(io.Discard) }
func (nullFiles) OpenFile(name string) (io.ReadCloser, error)              { return nil, fs.ErrNotExist }
