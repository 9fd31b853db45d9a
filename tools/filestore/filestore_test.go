package filestore

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func load(t *testing.T, dir string) (string, string) {
	t.Helper()
	d, err := OpenAOFDir(dir, "appendonly.aof")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	snap, log, err := d.Load()
	if err != nil {
		t.Fatal(err)
	}
	return string(snap), string(log)
}

func TestAOFDirLifecycle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "appendonlydir")
	d, _ := OpenAOFDir(dir, "appendonly.aof")
	if snap, log, err := d.Load(); err != nil || snap != nil || log != nil {
		t.Fatalf("empty: %q %q %v", snap, log, err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("Load created the directory")
	}
	// The first base, as the engine writes it on start.
	d.StartRewrite()
	if err := d.FinishRewrite([]byte("REDIS0010base1")); err != nil {
		t.Fatal(err)
	}
	want := []string{"appendonly.aof.1.base.rdb", "appendonly.aof.manifest"}
	if got := listDir(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	d.Append([]byte("a"))
	d.Append([]byte("b"))
	d.Sync()
	if snap, log := load(t, dir); snap != "REDIS0010base1" || log != "ab" {
		t.Fatalf("load: %q %q", snap, log)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, "appendonly.aof.manifest"))
	if string(manifest) != "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n" {
		t.Fatalf("manifest %q", manifest)
	}

	// A rewrite: appends after StartRewrite go to a new incremental file,
	// which a crash before FinishRewrite keeps with the old ones.
	d.StartRewrite()
	d.Append([]byte("c"))
	if snap, log := load(t, dir); snap != "REDIS0010base1" || log != "abc" {
		t.Fatalf("mid-rewrite load: %q %q", snap, log)
	}
	if err := d.FinishRewrite([]byte("*1\r\n$4\r\nPING\r\n")); err != nil {
		t.Fatal(err)
	}
	d.Append([]byte("d"))
	if snap, log := load(t, dir); snap != "*1\r\n$4\r\nPING\r\n" || log != "cd" {
		t.Fatalf("after rewrite: %q %q", snap, log)
	}
	want = []string{"appendonly.aof.2.base.aof", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"}
	if got := listDir(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	d.Close()

	// A reopened store appends to the last incremental file.
	d2, _ := OpenAOFDir(dir, "appendonly.aof")
	d2.Load()
	d2.Append([]byte("e"))
	d2.Close()
	if _, log := load(t, dir); log != "cde" {
		t.Fatalf("after reopen: %q", log)
	}
}

func TestAOFDirLegacyUpgrade(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "appendonly.aof"), []byte("*1\r\n$4\r\nPING\r\n"), 0o644)
	dir := filepath.Join(root, "appendonlydir")
	snap, log := load(t, dir)
	if snap != "*1\r\n$4\r\nPING\r\n" || log != "" {
		t.Fatalf("legacy: %q %q", snap, log)
	}
	if got := listDir(t, dir); !reflect.DeepEqual(got, []string{"appendonly.aof", "appendonly.aof.manifest"}) {
		t.Fatalf("files %v", got)
	}
}

func TestManifestParsing(t *testing.T) {
	good := "# comment\nfile appendonly.aof.3.base.rdb seq 3 type b\n\nfile \"odd name.aof\" seq 1 type h\nfile appendonly.aof.4.incr.aof seq 4 type i\nfile appendonly.aof.5.incr.aof seq 5 type i\n"
	m, err := parseManifest([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if m.base.name != "appendonly.aof.3.base.rdb" || len(m.incrs) != 2 || m.history[0].name != "odd name.aof" {
		t.Fatalf("parsed %+v", m)
	}
	if m.nextSeq(false) != 4 || m.nextSeq(true) != 6 {
		t.Errorf("next seqs %d %d", m.nextSeq(false), m.nextSeq(true))
	}
	again, err := parseManifest(m.format())
	if err != nil || !reflect.DeepEqual(again, m) {
		t.Errorf("format round trip: %+v %v", again, err)
	}
	for _, bad := range []string{
		"file a seq 1 type b\nfile b seq 2 type b\n",
		"file a seq 2 type i\nfile b seq 1 type i\n",
		"file a seq x type b\n",
		"file a seq 1 type z\n",
		"file a seq 1\n",
		"file ../a seq 1 type b\n",
		"file \"a seq 1 type b\n",
	} {
		if _, err := parseManifest([]byte(bad)); !errors.Is(err, errManifest) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestFilesAtomicWrite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "dump.rdb")
	var f Files
	if err := f.WriteFile(name, func(w io.Writer) error { _, err := w.Write([]byte("one")); return err }); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("disk full")
	if err := f.WriteFile(name, func(w io.Writer) error { w.Write([]byte("tw")); return failed }); err != failed {
		t.Fatalf("failing write: %v", err)
	}
	r, err := f.OpenFile(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, _ := io.ReadAll(r)
	if !bytes.Equal(b, []byte("one")) {
		t.Fatalf("after a failed write: %q", b)
	}
	if got := listDir(t, dir); !reflect.DeepEqual(got, []string{"dump.rdb"}) {
		t.Fatalf("files left: %v", got)
	}
	if _, err := f.OpenFile(filepath.Join(dir, "nosuch")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}
