package cli

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// splitCases are lines to type at redis-cli's prompt, written to reach
// every rule; random ones are added to them.
var splitCases = []string{
	"set k v", "  set   k\tv  ", "set k\rv", "\x0bset k", "set\x0bk", "\x0cset\fk", "a\x00b c", "\x00ping",
	`set "a b" 'c d'`, `"\x41\x4a\n\t\r\b\a\z\""`, `"\x4"`, `"\x4g"`, `"\xZZ"`, `"\xff\xFf\xfF"`,
	`'it\'s' '\n'`, `'\\'`, `'a\b'`, `'\''`, `""`, `''`, `"" ''`, `a\ b`, `"a\\b"`, `"\\"`,
	`a""b`, `a"b c" d`, `a'b c'd`, `"abc"d`, `'abc'd`, `"a""b"`, `"a" "b"`, "\"a\"\tb", "'a'\rb",
	`"abc`, `'abc`, `"abc\"`, `'abc\'`, "\"a\x00b\"", "'a\x00", `"`, `'`, `x "`,
	"\xff\xe4 x", "\xe4\xb8\xad\xe6\x96\x87 \"\xe4\xb8\xad\"",
	// Repeat counts.
	"3 ping", "0 ping", "-1 ping", "+2 ping", `" 2" ping`, `"2 " ping`, `"\t2" ping`, `"\x0b2" ping`,
	`"" ping`, `""`, "5", "2 3 ping", "2 \"\" x", `"\x32" ping`, "\"2\\x00junk\" ping", `'2' ping`,
	"99999999999999999999 ping", "-99999999999999999999 ping", "9223372036854775808 ping",
	"-9223372036854775808 ping", "0x10 ping", "1e2 ping", "+ ping", "- ping", "+-2 ping", "007 x",
}

// randomLines returns n random lines over an alphabet of quotes,
// backslashes, hex digits, blanks and odd bytes, the same ones every run.
// It has no letters that could spell a redis-cli word such as "quit".
func randomLines(n int) []string {
	const alphabet = "abxfA019-+\"\"''\\\\   \t\v\f\r\x00\xff\xe4"
	r := rand.New(rand.NewPCG(11, 0))
	lines := make([]string, n)
	for i := range lines {
		b := make([]byte, r.IntN(16))
		for j := range b {
			b[j] = alphabet[r.IntN(len(alphabet))]
		}
		lines[i] = string(b)
	}
	return lines
}

// TestSplitMatchesRedisCLI types lines at redis-cli's prompt and compares
// the commands a server receives, and the errors redis-cli prints, with
// ParseLine.
func TestSplitMatchesRedisCLI(t *testing.T) {
	var lines []string
	for _, l := range append(append([]string{}, splitCases...), randomLines(1500)...) {
		// Keep huge repeat counts out of the session.
		if parsed, err := ParseLine(l); err == nil && parsed.Repeat > 10 {
			continue
		}
		lines = append(lines, l)
	}
	outs, received := cliSession(t, lines, func([]string) []byte { return []byte("+OK\r\n") }, "--no-raw")
	errorsSeen := 0
	for i, line := range lines {
		parsed, err := ParseLine(line)
		var wantOut string
		var wantCmds [][]string
		if err != nil {
			wantOut = err.Error() + "\n"
			errorsSeen++
		} else if len(parsed.Args) > 0 {
			for j := int64(0); j < parsed.Repeat; j++ {
				wantOut += "OK\n"
				wantCmds = append(wantCmds, parsed.Args)
			}
		}
		if outs[i] != wantOut || !reflect.DeepEqual(received[i], wantCmds) {
			t.Errorf("line %q:\nredis-cli printed %q and sent %q\nParseLine: %+v, %v", line, outs[i], received[i], parsed, err)
		}
	}
	t.Logf("%d lines compared with redis-cli, %d of them refused", len(lines), errorsSeen)
}

// TestQuoteRoundTrip checks that a quoted argument reads back whole, so a
// console can show a command as a line that redis-cli would accept.
func TestQuoteRoundTrip(t *testing.T) {
	var all []byte
	for c := 0; c < 256; c++ {
		all = append(all, byte(c))
	}
	for _, s := range []string{"", "plain", "a b", `"'\`, "\x00\n\r\t\a\b\v\f", string(all)} {
		got, err := Split(Quote(s) + " " + Quote(s))
		if err != nil || len(got) != 2 || got[0] != s || got[1] != s {
			t.Errorf("Split(Quote(%q)) = %q, %v", s, got, err)
		}
	}
	if q := Quote("a\"b\n"); q != `"a\"b\n"` || strings.Count(q, "\n") != 0 {
		t.Errorf("Quote = %s", q)
	}
}
