package lua

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// failingFiles is a snapshot store whose writes fail, as a full disk.
type failingFiles struct{}

func (failingFiles) WriteFile(string, func(io.Writer) error) error {
	return errors.New("No space left on device")
}
func (failingFiles) OpenFile(string) (io.ReadCloser, error) { return nil, os.ErrNotExist }

// TestScriptsUnderMISCONF compares scripts while the last background
// save failed (stop-writes-on-bgsave-error): scripts declaring writes are
// refused before they run, and writes from scripts without a shebang fail
// one by one.
func TestScriptsUnderMISCONF(t *testing.T) {
	srv, err := redistest.Start("--save", "3600 1", "--enable-protected-configs", "yes")
	if err != nil {
		redistest.Unavailable(t, err)
	}
	defer srv.Stop()
	real, err := redistest.Dial(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	do := func(args ...string) string {
		argv := make([][]byte, len(args))
		for i, a := range args {
			argv[i] = []byte(a)
		}
		if err := real.Send(resp.AppendCommand(nil, argv...)); err != nil {
			t.Fatal(err)
		}
		reply, err := real.Read(5 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return parsed(t, reply).String()
	}
	// Redis's background save fails once its directory is gone.
	gone := filepath.Join(srv.Dir(), "gone")
	if err := os.Mkdir(gone, 0o755); err != nil {
		t.Fatal(err)
	}
	do("CONFIG", "SET", "dir", gone)
	os.Remove(gone)

	e, err := engine.New(engine.Options{Config: map[string]string{"save": "3600 1"}})
	if err != nil {
		t.Fatal(err)
	}
	Attach(e, Options{})
	if _, err := e.AttachPersistence(engine.PersistenceOptions{Files: failingFiles{}}); err != nil {
		t.Fatal(err)
	}
	mine := e.NewClient(engineClientOptions())

	do("BGSAVE")
	mine.Do("BGSAVE")
	for i := 0; ; i++ {
		r := do("INFO", "persistence")
		m := mine.Do("INFO", "persistence").String()
		if strings.Contains(r, "rdb_last_bgsave_status:err") && strings.Contains(m, "rdb_last_bgsave_status:err") {
			break
		}
		if i == 100 {
			t.Fatalf("the background saves did not fail")
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, cmd := range [][]string{
		{"SET", "k", "v"},
		{"EVAL", "return redis.call('set', 'k', 'v')", "0"},
		{"EVAL", "return redis.pcall('set', 'k', 'v')", "0"},
		{"EVAL", "return redis.call('get', 'k')", "0"},
		{"EVAL", "#!lua\nreturn 1", "0"},
		{"EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'k')", "0"},
		{"EVAL", "#!lua flags=no-writes\nreturn redis.call('set', 'k', 'v')", "0"},
		{"EVAL_RO", "return redis.call('get', 'k')", "0"},
		{"EVAL", "return redis.pcall('ping')", "0"},
		{"PING"},
		{"FUNCTION", "LOAD", lib("l", "f")},
		{"FCALL", "f", "0"},
	} {
		if r, m := do(cmd...), mine.Do(cmd...).String(); r != m {
			t.Errorf("%q\n  redis-server: %s\n  redwasm:      %s", cmd, r, m)
		}
	}
}
