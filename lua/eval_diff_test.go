package lua

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalMatchesRedis runs every snippet of testdata/eval/*.lua through a
// real redis-server (EVAL <snippet> 0) and through a fresh State, and
// compares the replies byte for byte.
//
// Snippet files hold one snippet per line. Blank lines and "--" comments
// are skipped, except two directives:
//
//	--@prelude <lua>   prepended to every later snippet of the file
//	--! <reason>       the next snippet is a known difference: it must
//	                   still differ (so a fix is noticed), and is counted
func TestEvalMatchesRedis(t *testing.T) {
	rc := redisOracle(t)
	files, err := filepath.Glob("testdata/eval/*.lua")
	if err != nil || len(files) == 0 {
		t.Fatalf("no snippet files: %v", err)
	}
	var total, known int
	for _, file := range files {
		for _, sn := range readSnippets(t, file) {
			total++
			if sn.known != "" {
				known++
			}
			t.Run(sn.name, func(t *testing.T) {
				if _, err := rc.do("SCRIPT", "FLUSH"); err != nil {
					t.Fatal(err)
				}
				want, err := rc.do("EVAL", sn.body, "0")
				if err != nil {
					t.Fatal(err)
				}
				s := NewState()
				got := evalReply(s, sn.body)
				s.Close()
				switch {
				case sn.known == "" && got != want:
					t.Errorf("snippet %s\n got: %q\nwant: %q", sn.body, got, want)
				case sn.known != "" && got == want:
					t.Errorf("known difference (%s) is gone; drop the marker: %s", sn.known, sn.body)
				}
			})
		}
	}
	t.Logf("%d snippets compared with Redis, %d known differences", total, known)
}

type snippet struct {
	name, body, known string
}

func readSnippets(t *testing.T, file string) []snippet {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []snippet
	var prelude, known string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "--@prelude "):
			prelude = strings.TrimPrefix(line, "--@prelude ") + " "
		case strings.HasPrefix(line, "--! "):
			known = strings.TrimPrefix(line, "--! ")
		case strings.TrimSpace(line) == "", strings.HasPrefix(line, "--"):
		default:
			out = append(out, snippet{
				name:  fmt.Sprintf("%s:%d", filepath.Base(file), n),
				body:  prelude + line,
				known: known,
			})
			known = ""
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
