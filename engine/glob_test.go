package engine

import (
	"strings"
	"testing"
	"time"
)

// refMatch is a plain transcription of Redis's stringmatchlen rules,
// without the shortcut that keeps globMatch fast on hostile patterns: the
// reference the fuzz test compares globMatch with. Reads past the end
// see a NUL byte, as C sees the terminator.
func refMatch(p, s []byte, nocase bool, depth int) bool {
	if depth > 1000 {
		return false
	}
	at := func(b []byte, i int) byte {
		if i < len(b) {
			return b[i]
		}
		return 0
	}
	fold := func(c byte) byte {
		if nocase {
			return lower(c)
		}
		return c
	}
	for len(p) > 0 && len(s) > 0 {
		switch p[0] {
		case '*':
			for len(p) > 0 && at(p, 1) == '*' {
				p = p[1:]
			}
			if len(p) == 1 {
				return true
			}
			for ; len(s) > 0; s = s[1:] {
				if refMatch(p[1:], s, nocase, depth+1) {
					return true
				}
			}
			return false
		case '?':
			s = s[1:]
		case '[':
			p = p[1:]
			negate := at(p, 0) == '^'
			if negate {
				p = p[1:]
			}
			match := false
			for {
				if at(p, 0) == '\\' && len(p) >= 2 {
					p = p[1:]
					if p[0] == s[0] {
						match = true
					}
				} else if at(p, 0) == ']' {
					break
				} else if len(p) == 0 {
					// The class ran to the end of the pattern: stand on
					// its last byte, which the step below consumes. The
					// bytes here only say "end of pattern".
					p = []byte{0}
					break
				} else if len(p) >= 3 && p[1] == '-' {
					lo, hi, c := int(int8(p[0])), int(int8(p[2])), int(int8(s[0]))
					if lo > hi {
						lo, hi = hi, lo
					}
					if nocase {
						lo, hi, c = int(int8(lower(byte(lo)))), int(int8(lower(byte(hi)))), int(int8(lower(byte(c))))
					}
					p = p[2:]
					if c >= lo && c <= hi {
						match = true
					}
				} else if fold(p[0]) == fold(s[0]) {
					match = true
				}
				p = p[1:]
			}
			if negate {
				match = !match
			}
			if !match {
				return false
			}
			s = s[1:]
		case '\\':
			if len(p) >= 2 {
				p = p[1:]
			}
			fallthrough
		default:
			if fold(p[0]) != fold(s[0]) {
				return false
			}
			s = s[1:]
		}
		p = p[1:]
		if len(s) == 0 {
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			break
		}
	}
	return len(p) == 0 && len(s) == 0
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, str string
		nocase, want bool
	}{
		{"*", "", false, false}, // a star needs a byte to stand on (KEYS * is a special case)
		{"", "", false, true},
		{"", "a", false, false},
		{"a*", "a", false, true},
		{"h?llo", "hello", false, true},
		{"h?llo", "hllo", false, false},
		{"h[ae]llo", "hallo", false, true},
		{"h[^e]llo", "hello", false, false},
		{"h[a-c]llo", "hbllo", false, true},
		{"h[c-a]llo", "hbllo", false, true}, // reversed range
		{"h[A-C]llo", "hbllo", true, true},
		{"h[A-C]llo", "hbllo", false, false},
		{"HELLO", "hello", true, true},
		{"h\\*llo", "h*llo", false, true},
		{"h\\*llo", "hello", false, false},
		{"[\\]]", "]", false, true},
		{"[", "x", false, false},
		{"[", "", false, false},
		{"[^", "x", false, true}, // an open negated class matches any byte
		{"x[a", "xa", false, true},
		{"x[a", "xb", false, false},
		{"\\", "\\", false, true},
		{"a\\", "a\\", false, true},
		{"[a-", "-", false, true},   // too short for a range: a and - are members
		{"[a-]", "-", false, false}, // the range a-] takes the bracket: still open
		{"[a-]", "]", false, true},  // ] sorts between A and a
		{"[a-]", "^", false, true},
		{"*\x00*", "a\x00b", false, true},
		{"[a-\xff]", "\x80", false, false}, // C compares signed chars
		{"[\x80-a]", "b", false, false},
		{"[\x80-a]", "\x90", false, true},
		{"[\x80-a]", "Z", false, true},
	} {
		if got := globMatch([]byte(tc.pattern), []byte(tc.str), tc.nocase); got != tc.want {
			t.Errorf("globMatch(%q, %q, %v) = %v, want %v", tc.pattern, tc.str, tc.nocase, got, tc.want)
		}
		if got := refMatch([]byte(tc.pattern), []byte(tc.str), tc.nocase, 0); got != tc.want {
			t.Errorf("refMatch(%q, %q, %v) = %v, want %v", tc.pattern, tc.str, tc.nocase, got, tc.want)
		}
	}
}

// TestGlobHostilePatterns checks that patterns built to backtrack answer
// at once.
func TestGlobHostilePatterns(t *testing.T) {
	str := []byte(strings.Repeat("a", 5000))
	for _, pattern := range []string{
		strings.Repeat("*a", 200) + "b",
		strings.Repeat("a*", 2000) + "b",
		strings.Repeat("*?", 300) + "b",
		strings.Repeat("[a]*", 500) + "b",
	} {
		start := time.Now()
		if globMatch([]byte(pattern), str, false) {
			t.Errorf("%.20q... matched", pattern)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%.20q... took %v", pattern, d)
		}
	}
}

// FuzzGlob compares globMatch with the plain reference on short inputs,
// where the reference's backtracking stays cheap.
func FuzzGlob(f *testing.F) {
	for _, seed := range []string{"*", "h?llo", "h[^e]llo", "[a-", "\\", "[\\]a]", "*a*b", "[z-a]"} {
		f.Add(seed, "hello", false)
		f.Add(seed, "HELLO", true)
	}
	f.Fuzz(func(t *testing.T, pattern, str string, nocase bool) {
		if len(pattern) > 24 || len(str) > 24 {
			return
		}
		got := globMatch([]byte(pattern), []byte(str), nocase)
		want := refMatch([]byte(pattern), []byte(str), nocase, 0)
		if got != want {
			t.Fatalf("globMatch(%q, %q, %v) = %v, reference %v", pattern, str, nocase, got, want)
		}
	})
}

func BenchmarkGlobMatch(b *testing.B) {
	pattern := []byte("user:*:session:[0-9]*")
	key := []byte("user:12345:session:987654")
	for b.Loop() {
		globMatch(pattern, key, false)
	}
}
