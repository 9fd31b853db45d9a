package filestore

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
)

// Files is the file system as engine.SnapshotFiles: names are paths, and
// a file is replaced atomically.
type Files struct{}

var tempSeq atomic.Int64

// WriteFile writes name through a temporary file in the same directory
// (temp-<pid>-<n>.rdb), syncs it, renames it over name and syncs the
// directory, so that a crash leaves either the old file or the new one.
func (Files) WriteFile(name string, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	temp := filepath.Join(dir, fmt.Sprintf("temp-%d-%d.rdb", os.Getpid(), tempSeq.Add(1)))
	if err := writeSynced(temp, write); err != nil {
		os.Remove(temp)
		return err
	}
	if err := os.Rename(temp, name); err != nil {
		os.Remove(temp)
		return err
	}
	return syncDir(dir)
}

// OpenFile opens name for reading.
func (Files) OpenFile(name string) (io.ReadCloser, error) { return os.Open(name) }

// writeSynced creates path with what write writes and syncs it.
func writeSynced(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes a rename or creation in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
