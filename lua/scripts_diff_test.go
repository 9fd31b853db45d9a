package lua

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
)

// TestScriptsMatchRedis runs the scripts of testdata/scripts/*.lua on a
// real redis-server and on the engine and compares the replies byte for
// byte: each script in RESP2 and in RESP3, and each both as an EVAL
// script and as the body of a function called with FCALL (as Redis's own
// test suite runs its scripting tests twice).
//
// A file holds one script per line; a line ending in a backslash goes on
// with a line break. Blank lines and "--" comments are skipped, except
// these directives, which apply to the scripts after them:
//
//	--@call <numkeys> [key ...] [arg ...]   the keys and arguments
//	--@setup <command...>                   run on both sides before each script
//	                                        (several accumulate; bare --@setup clears)
//	--@prelude <lua>                        put before each script (bare --@prelude clears)
//	--@eval-only                            the scripts run only as EVAL
//	--@both                                 back to both ways
//	--! <reason>                            the next script is a known difference:
//	                                        it must still differ somewhere
func TestScriptsMatchRedis(t *testing.T) {
	files, err := filepath.Glob("testdata/scripts/*.lua")
	if err != nil || len(files) == 0 {
		t.Fatalf("no script files: %v", err)
	}
	_, e, _ := newPair(t)
	var total, known int
	for _, file := range files {
		for _, sc := range readScripts(t, file) {
			total++
			if sc.known != "" {
				known++
			}
			t.Run(sc.name, func(t *testing.T) {
				p := redistest.NewPair(t, newConn(e))
				checker := newDiffChecker(t, p, sc.known != "")
				runScriptBothWays(checker, sc)
				checker.finish(sc)
			})
		}
	}
	t.Logf("%d scripts compared with Redis (each in RESP2 and RESP3, as EVAL and as FCALL), %d known differences", total, known)
}

// diffChecker compares replies for one script, either requiring them to
// match or, for a known difference, requiring one mismatch at least.
type diffChecker struct {
	t          *testing.T
	p          *redistest.Pair
	known      bool
	mismatched bool
}

func newDiffChecker(t *testing.T, p *redistest.Pair, known bool) *diffChecker {
	return &diffChecker{t: t, p: p, known: known}
}

func (d *diffChecker) check(args ...string) {
	d.t.Helper()
	if !d.known {
		d.p.Check(args...)
		return
	}
	real, mine := d.p.Do(args...)
	if string(real) == string(mine) {
		return
	}
	d.mismatched = true
}

func (d *diffChecker) finish(sc testScript) {
	if d.known && !d.mismatched {
		d.t.Errorf("known difference (%s) is gone; drop the marker: %s", sc.known, sc.body)
	}
}

// runScriptBothWays runs a script as EVAL and as FCALL, in RESP2 and
// RESP3.
func runScriptBothWays(d *diffChecker, sc testScript) {
	for _, proto := range []string{"2", "3"} {
		d.p.Both("HELLO", proto)
		d.runEval(sc)
		if !sc.evalOnly {
			d.runFcall(sc)
		}
	}
	d.p.Both("HELLO", "2")
}

func (d *diffChecker) setup(sc testScript) {
	d.p.Both("FLUSHALL")
	for _, cmd := range sc.setup {
		d.p.Both(cmd...)
	}
}

func (d *diffChecker) runEval(sc testScript) {
	d.setup(sc)
	d.check(append([]string{"EVAL", sc.body}, sc.call...)...)
}

func (d *diffChecker) runFcall(sc testScript) {
	d.setup(sc)
	lib := "#!lua name=test\nredis.register_function('test', function(KEYS, ARGV)\n" + sc.body + "\nend)"
	d.check("FUNCTION", "LOAD", "REPLACE", lib)
	d.check(append([]string{"FCALL", "test"}, sc.call...)...)
}

type testScript struct {
	name, body, known string
	call              []string
	setup             [][]string
	evalOnly          bool
}

func readScripts(t *testing.T, file string) []testScript {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []testScript
	call := []string{"0"}
	var setup [][]string
	var known, prelude string
	evalOnly := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var pending []string
	start := 0
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if pending != nil || !strings.HasPrefix(line, "--") && strings.TrimSpace(line) != "" {
			if pending == nil {
				start = n
			}
			if body, more := strings.CutSuffix(line, "\\"); more {
				pending = append(pending, body)
				continue
			}
			pending = append(pending, line)
			out = append(out, testScript{
				name: fmt.Sprintf("%s:%d", filepath.Base(file), start),
				body: prelude + strings.Join(pending, "\n"), known: known,
				call: call, setup: setup, evalOnly: evalOnly,
			})
			pending, known = nil, ""
			continue
		}
		switch {
		case strings.HasPrefix(line, "--@call "):
			call = strings.Fields(strings.TrimPrefix(line, "--@call "))
		case line == "--@prelude":
			prelude = ""
		case strings.HasPrefix(line, "--@prelude "):
			prelude = strings.TrimPrefix(line, "--@prelude ") + " "
		case line == "--@setup":
			setup = nil
		case strings.HasPrefix(line, "--@setup "):
			setup = append(append([][]string(nil), setup...), strings.Fields(strings.TrimPrefix(line, "--@setup ")))
		case line == "--@eval-only":
			evalOnly = true
		case line == "--@both":
			evalOnly = false
		case strings.HasPrefix(line, "--! "):
			known = strings.TrimPrefix(line, "--! ")
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
