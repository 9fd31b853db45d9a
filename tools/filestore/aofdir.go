package filestore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// AOFDir is an engine.Store over Redis 7.0's multi-part AOF directory.
// Appends and syncs may run while FinishRewrite writes a base file; every
// other call comes from one goroutine at a time (the engine's contract).
type AOFDir struct {
	dir  string // the AOF directory (dir/appenddirname)
	name string // appendfilename, the prefix of every file

	mu       sync.Mutex
	m        manifest
	incr     *os.File // the incremental file appends go to, nil until the first
	incrSize int64
	// rewriteFrom is the number of incremental files that came before the
	// rewrite in progress (StartRewrite), -1 when none is.
	rewriteFrom int
	closed      bool
}

// OpenAOFDir returns the store of the AOF directory dir, whose files are
// named after appendfilename. Nothing is created until the first write.
func OpenAOFDir(dir, appendfilename string) (*AOFDir, error) {
	if appendfilename == "" || filepath.Base(appendfilename) != appendfilename {
		return nil, fmt.Errorf("appendfilename %q must be a file name", appendfilename)
	}
	return &AOFDir{dir: dir, name: appendfilename, rewriteFrom: -1}, nil
}

func (d *AOFDir) manifestPath() string { return filepath.Join(d.dir, d.name+".manifest") }

func (d *AOFDir) path(name string) string { return filepath.Join(d.dir, name) }

// Load reads the manifest and returns the base and the incremental files
// one after the other. Without a manifest, a single-file AOF of Redis
// before 7.0 (appendfilename next to the directory) is taken over as the
// base, as Redis 7.0 upgrades one; without either, the store is empty.
func (d *AOFDir) Load() (snapshot, log []byte, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, err := os.ReadFile(d.manifestPath())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := d.upgradeLegacy(); err != nil {
			return nil, nil, err
		}
		if d.m.base == nil {
			return nil, nil, nil
		}
	case err != nil:
		return nil, nil, err
	default:
		if d.m, err = parseManifest(b); err != nil {
			return nil, nil, err
		}
	}
	if d.m.base != nil {
		if snapshot, err = os.ReadFile(d.path(d.m.base.name)); err != nil {
			return nil, nil, err
		}
	}
	for _, f := range d.m.incrs {
		b, err := os.ReadFile(d.path(f.name))
		if err != nil {
			return nil, nil, err
		}
		log = append(log, b...)
	}
	// Appends go on in the last incremental file.
	if n := len(d.m.incrs); n > 0 {
		last := d.path(d.m.incrs[n-1].name)
		f, err := os.OpenFile(last, os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		d.incr, d.incrSize = f, st.Size()
	}
	return snapshot, log, nil
}

// upgradeLegacy moves appendfilename from the parent directory into the
// AOF directory as its base, with a manifest naming it.
func (d *AOFDir) upgradeLegacy() error {
	legacy := filepath.Join(filepath.Dir(d.dir), d.name)
	if _, err := os.Stat(legacy); err != nil {
		return nil
	}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return err
	}
	if err := os.Rename(legacy, d.path(d.name)); err != nil {
		return err
	}
	d.m = manifest{base: &aofFile{name: d.name, seq: 1, kind: kindBase}}
	return d.writeManifest(d.m)
}

// writeManifest replaces the manifest atomically.
func (d *AOFDir) writeManifest(m manifest) error {
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return err
	}
	temp := d.path("temp-" + d.name + ".manifest")
	data := m.format()
	if err := writeSynced(temp, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		os.Remove(temp)
		return err
	}
	if err := os.Rename(temp, d.manifestPath()); err != nil {
		return err
	}
	return syncDir(d.dir)
}

// openIncr starts a new incremental file and lists it in the manifest.
// d.mu is held.
func (d *AOFDir) openIncr() error {
	seq := d.m.nextSeq(true)
	name := d.name + "." + strconv.FormatInt(seq, 10) + ".incr.aof"
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(d.path(name), os.O_CREATE|os.O_TRUNC|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	m := d.m
	m.incrs = append(m.incrs[:len(m.incrs):len(m.incrs)], aofFile{name: name, seq: seq, kind: kindIncr})
	if err := d.writeManifest(m); err != nil {
		f.Close()
		os.Remove(d.path(name))
		return err
	}
	if d.incr != nil {
		d.incr.Close()
	}
	d.m, d.incr, d.incrSize = m, f, 0
	return nil
}

// Append writes effects to the current incremental file, starting one if
// there is none. A failed write is cut back, so nothing of it stays.
func (d *AOFDir) Append(effects []byte) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return errors.New("AOF store closed")
	}
	if d.incr == nil {
		if err := d.openIncr(); err != nil {
			return err
		}
	}
	n, err := d.incr.Write(effects)
	if err != nil {
		if n > 0 {
			if terr := d.incr.Truncate(d.incrSize); terr != nil {
				return fmt.Errorf("%w (and could not cut back the partial write: %v)", err, terr)
			}
		}
		return err
	}
	d.incrSize += int64(n)
	return nil
}

// Sync makes the appended effects durable.
func (d *AOFDir) Sync() error {
	d.mu.Lock()
	f := d.incr
	d.mu.Unlock()
	if f == nil {
		return nil
	}
	err := f.Sync()
	if errors.Is(err, os.ErrClosed) {
		return nil // the file was finished by a rewrite, which synced it
	}
	return err
}

// StartRewrite starts the incremental file of the rewrite: effects from
// now on follow the new base.
func (d *AOFDir) StartRewrite() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.incr != nil {
		if err := d.incr.Sync(); err != nil {
			return err
		}
		d.incr.Close()
		d.incr = nil
	}
	// The new incremental file starts with the first append after this;
	// until then the manifest needs no change.
	d.rewriteFrom = len(d.m.incrs)
	return nil
}

// FinishRewrite writes snapshot as the new base file, switches the
// manifest to it and the incremental files started since StartRewrite,
// then deletes the files it no longer names.
func (d *AOFDir) FinishRewrite(snapshot []byte) error {
	d.mu.Lock()
	from := d.rewriteFrom
	seq := d.m.nextSeq(false)
	d.mu.Unlock()
	if from < 0 {
		return errors.New("no rewrite in progress")
	}
	ext := ".base.aof"
	if bytes.HasPrefix(snapshot, []byte("REDIS")) {
		ext = ".base.rdb"
	}
	name := d.name + "." + strconv.FormatInt(seq, 10) + ext
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return err
	}
	temp := d.path("temp-rewriteaof-" + strconv.Itoa(os.Getpid()) + ext)
	if err := writeSynced(temp, func(w io.Writer) error { _, err := w.Write(snapshot); return err }); err != nil {
		os.Remove(temp)
		return err
	}
	if err := os.Rename(temp, d.path(name)); err != nil {
		os.Remove(temp)
		return err
	}

	d.mu.Lock()
	defer d.mu.Unlock()
	old := d.m
	next := manifest{base: &aofFile{name: name, seq: seq, kind: kindBase}}
	next.incrs = append(next.incrs, old.incrs[min(from, len(old.incrs)):]...)
	if err := d.writeManifest(next); err != nil {
		os.Remove(d.path(name))
		return err
	}
	d.m, d.rewriteFrom = next, -1
	// Delete what the new manifest no longer names.
	keep := map[string]bool{name: true}
	for _, f := range next.incrs {
		keep[f.name] = true
	}
	var gone []aofFile
	if old.base != nil {
		gone = append(gone, *old.base)
	}
	gone = append(gone, old.history...)
	gone = append(gone, old.incrs...)
	for _, f := range gone {
		if !keep[f.name] {
			os.Remove(d.path(f.name))
		}
	}
	return nil
}

// Close syncs and closes the current incremental file.
func (d *AOFDir) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.incr == nil {
		return nil
	}
	err := d.incr.Sync()
	if cerr := d.incr.Close(); err == nil {
		err = cerr
	}
	d.incr = nil
	return err
}

// Files returns the names the manifest lists, base first, for tests and
// tools.
func (d *AOFDir) Files() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	if d.m.base != nil {
		out = append(out, d.m.base.name)
	}
	for _, f := range d.m.incrs {
		out = append(out, f.name)
	}
	return out
}
