package engine

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"strconv"
	"sync/atomic"
	"time"
)

// The persistence commands: SAVE, BGSAVE, BGREWRITEAOF, SHUTDOWN, the
// INFO persistence section and the DEBUG subcommands that save and load
// (RELOAD, LOADAOF) or compare datasets (DIGEST, DIGEST-VALUE).

func init() {
	implement(map[string]Handler{
		"save":         saveCommand,
		"bgsave":       bgsaveCommand,
		"bgrewriteaof": bgrewriteaofCommand,
		"shutdown":     shutdownCommand,
	})
}

// Errors of the persistence commands.
const (
	errBgsaveInProgress  = "ERR Background save already in progress"
	errBgsaveChildActive = "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."
	errRewriteInProgress = "ERR Background append only file rewriting already in progress"
	errRewriteFailed     = "ERR Can't execute an AOF background rewriting. Please check the server logs for more information."
	errShutdownFailed    = "ERR Errors trying to SHUTDOWN. Check logs."
	errNoShutdown        = "ERR No shutdown in progress."
	errReloadOptions     = "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."
	errReloadLoad        = "ERR Error trying to load the RDB dump, check server logs."
)

// SAVE
func saveCommand(c *Client, args [][]byte) {
	p := &c.e.persist
	if p.job != nil && p.job.kind == jobRDB {
		c.Error(errBgsaveInProgress)
		return
	}
	p.saves++
	if err := c.e.saveRDB(); err != nil {
		c.Error("ERR")
		return
	}
	c.OK()
}

// BGSAVE [SCHEDULE]
func bgsaveCommand(c *Client, args [][]byte) {
	schedule := false
	if len(args) > 1 {
		if len(args) != 2 || !equalFold(args[1], "schedule") {
			c.Error(ErrSyntax)
			return
		}
		schedule = true
	}
	p := &c.e.persist
	switch {
	case p.job != nil && p.job.kind == jobRDB:
		c.Error(errBgsaveInProgress)
	case p.job != nil || c.inExec:
		if schedule || c.inExec {
			p.bgsaveScheduled = true
			c.Simple("Background saving scheduled")
		} else {
			c.Error(errBgsaveChildActive)
		}
	default:
		c.e.startBgsave()
		c.Simple("Background saving started")
	}
}

// BGREWRITEAOF
func bgrewriteaofCommand(c *Client, args [][]byte) {
	p := &c.e.persist
	switch {
	case p.job != nil && p.job.kind == jobAOF:
		c.Error(errRewriteInProgress)
	case p.job != nil || c.inExec:
		p.rewriteScheduled = true
		p.rewriteFailures = 0
		c.Simple("Background append only file rewriting scheduled")
	default:
		if err := c.e.startRewrite(); err != nil {
			c.e.logf("Can't rewrite append only file in background: %v", err)
			c.Error(errRewriteFailed)
			return
		}
		c.Simple("Background append only file rewriting started")
	}
}

// Shutdown flags, as SHUTDOWN's options set them.
type shutdownFlags struct {
	nosave, save, now, force bool
}

// SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]
func shutdownCommand(c *Client, args [][]byte) {
	var f shutdownFlags
	abort := false
	for _, a := range args[1:] {
		switch {
		case equalFold(a, "nosave"):
			f.nosave = true
		case equalFold(a, "save"):
			f.save = true
		case equalFold(a, "now"):
			f.now = true
		case equalFold(a, "force"):
			f.force = true
		case equalFold(a, "abort"):
			abort = true
		default:
			c.Error(ErrSyntax)
			return
		}
	}
	if (abort && (f.nosave || f.save || f.now || f.force)) || (f.nosave && f.save) {
		c.Error(ErrSyntax)
		return
	}
	if abort {
		// Without replicas to wait for, a shutdown never stays in progress.
		c.Error(errNoShutdown)
		return
	}
	if !f.nosave && c.e.busy != nil {
		c.Error(c.e.busy.errorText())
		return
	}
	if err := c.e.shutdown(f); err != nil {
		c.Error(errShutdownFailed)
		return
	}
	c.closing = true
}

// Shutdown does what SIGTERM makes Redis do: save if save points are
// configured, flush the AOF, then call OnShutdown. When a save fails it
// returns the error and the engine carries on, as Redis does.
func (e *Engine) Shutdown() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refreshNow()
	return e.shutdown(shutdownFlags{})
}

// DetachPersistence ends what AttachPersistence started, for a host that
// closes a database without exiting (the browser): a background job is
// dropped, the AOF is appended and synced, and the stores are closed.
// The engine then keeps its data in memory only.
func (e *Engine) DetachPersistence() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := &e.persist
	if !p.attached {
		return nil
	}
	e.killJob()
	var err error
	if p.aofOn {
		a := &p.aof
		a.mu.Lock()
		target := a.seq
		a.mu.Unlock()
		err = e.flushAOFTo(target)
		e.syncAOF(true)
		e.effectSink = nil
	}
	if p.stopSync != nil {
		close(p.stopSync)
		p.stopSync = nil
	}
	if cerr := p.store.Close(); err == nil {
		err = cerr
	}
	p.opts, p.attached, p.aofOn = PersistenceOptions{}, false, false
	p.store, p.files, p.hasFiles = nullStore{}, nullFiles{}, false
	return err
}

// shutdown is Redis's prepareForShutdown and finishShutdown for a server
// without replicas.
func (e *Engine) shutdown(f shutdownFlags) error {
	p := &e.persist
	e.logf("User requested shutdown...")
	if p.opts.OnShutdown == nil {
		e.logf("Errors trying to shut down the server: this host cannot exit.")
		return errors.New("shutdown is not supported by this host")
	}
	if p.job != nil && p.job.kind == jobRDB {
		e.logf("There is a child saving an .rdb. Killing it!")
		e.killJob()
	}
	if p.aofOn {
		if p.aofWaitRewrite && p.job != nil && p.job.kind == jobAOF {
			if !f.force {
				e.logf("Writing initial AOF, can't exit.")
				e.logf("Errors trying to shut down the server. Check the logs for more information.")
				return errors.New("writing the initial AOF")
			}
			e.logf("Writing initial AOF. Exit anyway.")
		}
		if p.job != nil && p.job.kind == jobAOF {
			e.killJob()
		}
		e.logf("Calling fsync() on the AOF file.")
		a := &p.aof
		a.mu.Lock()
		target := a.seq
		a.mu.Unlock()
		e.flushAOFTo(target)
		e.syncAOF(true)
	}
	if (len(e.cfg.persist.savePoints) > 0 && !f.nosave) || f.save {
		e.logf("Saving the final RDB snapshot before exiting.")
		if err := e.saveRDB(); err != nil {
			if !f.force {
				e.logf("Error trying to save the DB, can't exit.")
				e.logf("Errors trying to shut down the server. Check the logs for more information.")
				return err
			}
			e.logf("Error trying to save the DB. Exit anyway.")
		}
	}
	if p.stopSync != nil {
		close(p.stopSync)
		p.stopSync = nil
	}
	e.logf("Redis is now ready to exit, bye bye...")
	p.opts.OnShutdown()
	return nil
}

// afterFlushAll is what FLUSHALL does for persistence: a running
// background save is killed, and with save points configured an RDB of
// the empty dataset is saved at once.
func (e *Engine) afterFlushAll() {
	p := &e.persist
	if p.job != nil && p.job.kind == jobRDB {
		e.killJob()
	}
	if len(e.cfg.persist.savePoints) > 0 {
		e.saveRDB()
	}
}

// infoPersistence is INFO's persistence section.
func (e *Engine) infoPersistence(b *infoBuilder) {
	p := &e.persist
	now := e.clock.Now()
	job := p.job
	b.zeros("loading", "async_loading", "current_cow_peak", "current_cow_size", "current_cow_size_age")
	if job != nil {
		total := max(job.total, 1)
		b.str("current_fork_perc", strconv.FormatFloat(float64(job.processed.Load())*100/float64(total), 'f', 2, 64))
		b.int("current_save_keys_processed", job.processed.Load())
		b.int("current_save_keys_total", job.total)
	} else {
		b.str("current_fork_perc", "0.00")
		b.zeros("current_save_keys_processed", "current_save_keys_total")
	}
	b.int("rdb_changes_since_last_save", e.dirty)
	rdbJob := job != nil && job.kind == jobRDB
	b.int("rdb_bgsave_in_progress", boolInt(rdbJob))
	b.int("rdb_last_save_time", e.srv.lastSave)
	b.str("rdb_last_bgsave_status", okErr(p.lastBgsaveOK))
	b.int("rdb_last_bgsave_time_sec", p.lastBgsaveSeconds)
	b.int("rdb_current_bgsave_time_sec", jobSeconds(job, jobRDB, now))
	b.int("rdb_saves", p.saves)
	b.int("rdb_last_cow_size", 0)
	b.int("rdb_last_load_keys_expired", p.expiredOnLoad)
	b.int("rdb_last_load_keys_loaded", p.loadedKeys)
	b.int("aof_enabled", boolInt(p.aofOn))
	b.int("aof_rewrite_in_progress", boolInt(job != nil && job.kind == jobAOF))
	b.int("aof_rewrite_scheduled", boolInt(p.rewriteScheduled))
	b.int("aof_last_rewrite_time_sec", p.lastRewriteSeconds)
	b.int("aof_current_rewrite_time_sec", jobSeconds(job, jobAOF, now))
	b.str("aof_last_bgrewrite_status", okErr(p.lastRewriteOK))
	b.int("aof_rewrites", p.rewrites)
	b.int("aof_rewrites_consecutive_failures", p.rewriteFailures)
	p.aof.mu.Lock()
	writeOK := p.aof.writeErr == nil && p.aof.syncErr == nil
	pending := len(p.aof.pending)
	p.aof.mu.Unlock()
	b.str("aof_last_write_status", okErr(writeOK))
	b.zeros("aof_last_cow_size", "module_fork_in_progress", "module_fork_last_cow_size")
	if p.aofOn {
		b.int("aof_current_size", p.baseSize+atomic.LoadInt64(&p.logSize))
		b.int("aof_base_size", p.baseSize)
		b.int("aof_pending_rewrite", boolInt(p.rewriteScheduled))
		b.int("aof_buffer_length", int64(pending))
		b.zeros("aof_pending_bio_fsync", "aof_delayed_fsync")
	}
}

func jobSeconds(job *bgJob, kind jobKind, now time.Time) int64 {
	if job == nil || job.kind != kind {
		return -1
	}
	return int64(now.Sub(job.start).Seconds())
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func okErr(ok bool) string {
	if ok {
		return "ok"
	}
	return "err"
}

// debugPersistence runs the DEBUG subcommands of persistence and reports
// whether args named one.
func (c *Client) debugPersistence(args [][]byte) bool {
	if len(args) < 2 {
		return false
	}
	sub := args[1]
	switch {
	case equalFold(sub, "digest") && len(args) == 2:
		c.Simple(digestHex(c.e.datasetDigest()))
	case equalFold(sub, "digest-value"):
		c.Array(len(args) - 2)
		for _, key := range args[2:] {
			c.Simple(digestHex(c.keyDigest(key)))
		}
	case equalFold(sub, "reload"):
		c.debugReload(args[2:])
	case equalFold(sub, "loadaof"):
		c.debugLoadAOF()
	case equalFold(sub, "set-skip-checksum-validation") && len(args) == 3:
		c.e.persist.skipChecksum = parseIntPrefix(args[2]) != 0
		c.OK()
	default:
		return false
	}
	return true
}

// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the RDB, empty the
// dataset and load the RDB back. Without snapshot files the RDB goes
// through memory.
func (c *Client) debugReload(opts [][]byte) {
	e := c.e
	merge, flush, save := false, true, true
	for _, o := range opts {
		switch {
		case equalFold(o, "merge"):
			merge = true
		case equalFold(o, "noflush"):
			flush = false
		case equalFold(o, "nosave"):
			save = false
		default:
			c.Error(errReloadOptions)
			return
		}
	}
	var inMemory []byte
	if !e.persist.hasFiles {
		if !save {
			c.Error(errReloadLoad)
			return
		}
		var buf bytes.Buffer
		err := e.newRDBEncoder().writeRDB(&buf, e.liveDataset(), rdbFileOptions{checksum: e.cfg.persist.rdbChecksum}, nil)
		if err != nil {
			c.Error("ERR")
			return
		}
		inMemory = buf.Bytes()
		e.dirty = 0
		e.srv.lastSave = e.clock.Now().Unix()
	} else if save {
		if err := e.saveRDB(); err != nil {
			c.Error("ERR")
			return
		}
	}
	var src io.Reader
	if inMemory != nil {
		src = bytes.NewReader(inMemory)
	} else {
		f, err := e.openRDBFile()
		if err != nil {
			if flush {
				e.emptyDataset()
			}
			if !errors.Is(err, fs.ErrNotExist) {
				e.logf("Fatal error loading the DB: %v", err)
			}
			c.Error(errReloadLoad)
			return
		}
		defer f.Close()
		src = f
	}
	if err := e.reloadRDB(src, flush, merge); err != nil {
		e.logf("Error loading the RDB: %v", err)
		c.Error(errReloadLoad)
		return
	}
	e.logf("DB reloaded by DEBUG RELOAD")
	c.OK()
}

// emptyDataset empties every database and the function libraries, as
// Redis's emptyData.
func (e *Engine) emptyDataset() {
	for _, db := range e.dbs {
		db.flush()
	}
	if e.persist.funcs != nil {
		e.persist.funcs.Flush()
	}
}

// reloadRDB loads an RDB over the dataset: replacing it (flush), adding
// to it with keys from the file winning (merge), or adding to it where a
// key in both is an error.
func (e *Engine) reloadRDB(src io.Reader, flush, merge bool) error {
	e.persist.loading = true
	defer func() { e.persist.loading = false }()
	res, err := e.loadRDB(src, rdbLoadOptions{verifyChecksum: e.verifyChecksums()})
	if err != nil {
		if flush {
			e.emptyDataset()
		}
		return err
	}
	if flush {
		e.emptyDataset()
		if err := e.restoreFunctions(res.functions); err != nil {
			return err
		}
		e.installDatasets(res.dbs)
	} else {
		if err := e.restoreFunctions(res.functions); err != nil {
			return err
		}
		for i, db := range res.dbs {
			live := e.dbs[i]
			var dup error
			db.keys.Each(func(k string, o object) bool {
				if live.has(k) && !merge {
					dup = corruptf("RDB has duplicated key '%s' in DB %d", k, i)
					return false
				}
				return true
			})
			if dup != nil {
				return dup
			}
			db.keys.Each(func(k string, o object) bool {
				live.remove(k)
				live.keys.Set(k, o)
				if when, ok := db.expires.Get(k); ok {
					live.expires.Set(k, when)
				}
				e.keyModified(live, k)
				return true
			})
		}
		e.recountMemory() // the keys went in around db.set
	}
	e.persist.loadedKeys, e.persist.expiredOnLoad = res.keysLoaded, res.keysExpired
	return nil
}

// DEBUG LOADAOF: flush the AOF, empty the dataset and load the AOF back.
func (c *Client) debugLoadAOF() {
	e := c.e
	p := &e.persist
	if p.aofOn {
		a := &p.aof
		a.mu.Lock()
		target := a.seq
		a.mu.Unlock()
		if err := e.flushAOFTo(target); err != nil {
			c.Error("ERR " + err.Error())
			return
		}
	}
	snapshot, log, err := p.store.Load()
	if err == nil {
		_, err = e.loadAOFData(snapshot, log)
	}
	if err != nil {
		e.logf("Error loading the AOF: %v", err)
		c.Error(errReloadLoad)
		return
	}
	e.dirty = 0
	e.logf("Append Only File loaded by DEBUG LOADAOF")
	c.OK()
}
