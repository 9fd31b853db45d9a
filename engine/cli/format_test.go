package cli

import (
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// The expected texts are what redis-cli 7.0.15 prints for these replies:
// TestFormatMatchesRedisCLI sends them to it too.
var formatTests = []struct {
	reply, tty, raw string
}{
	{"+OK\r\n", "OK\n", "OK\n"},
	{"+a\x00b\r\n", "a\n", "a\x00b\n"},
	{"-ERR bad\r\n", "(error) ERR bad\n", "ERR bad\n\n"},
	{":-7\r\n", "(integer) -7\n", "-7\n"},
	{"$-1\r\n", "(nil)\n", "\n"},
	{"*-1\r\n", "(nil)\n", "\n"},
	{"_\r\n", "(nil)\n", "\n"},
	{"$0\r\n\r\n", "\"\"\n", "\n"},
	{"$12\r\na\"b\\c\n\r\t\a\b\x00\xff\r\n", `"a\"b\\c\n\r\t\a\b\x00\xff"` + "\n", "a\"b\\c\n\r\t\a\b\x00\xff\n"},
	{"$4\r\n\x0b\x0c\x7f\x1b\r\n", `"\x0b\x0c\x7f\x1b"` + "\n", "\x0b\x0c\x7f\x1b\n"},
	{",3.14\r\n", "(double) 3.14\n", "3.14\n"},
	{"#t\r\n", "(true)\n", "(true)\n"},
	{"#f\r\n", "(false)\n", "(false)\n"},
	{"=9\r\ntxt:a\nb\"c\r\n", "a\nb\"c\n", "a\nb\"c\n"},
	{"*0\r\n", "(empty array)\n", "\n"},
	{"%0\r\n", "(empty hash)\n", "\n"},
	{"~0\r\n", "(empty set)\n", "\n"},
	{"*1\r\n>0\r\n", "1) (empty push)\n", "\n"},
	{"*3\r\n$1\r\na\r\n$-1\r\n:1\r\n", "1) \"a\"\n2) (nil)\n3) (integer) 1\n", "a\n\n1\n"},
	{"*2\r\n*2\r\n:1\r\n:2\r\n*2\r\n:3\r\n*2\r\n:4\r\n:5\r\n",
		"1) 1) (integer) 1\n   2) (integer) 2\n2) 1) (integer) 3\n   2) 1) (integer) 4\n      2) (integer) 5\n",
		"1\n2\n3\n4\n5\n"},
	{"~2\r\n$1\r\nx\r\n~1\r\n#t\r\n", "1~ \"x\"\n2~ 1~ (true)\n", "x\n(true)\n"},
	{"%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n", "1# \"a\" => (integer) 1\n2# \"b\" => (integer) 2\n", "a 1\nb 2\n"},
	{"%1\r\n$1\r\na\r\n*2\r\n:1\r\n:2\r\n", "1# \"a\" => \n   1) (integer) 1\n   2) (integer) 2\n", "a 1\n2\n"},
	{"%1\r\n$1\r\na\r\n*1\r\n:1\r\n", "1# \"a\" => 1) (integer) 1\n", "a 1\n"},
	{"%1\r\n$1\r\na\r\n%1\r\n:1\r\n*2\r\n:1\r\n:2\r\n",
		"1# \"a\" => \n   1# (integer) 1 => \n      1) (integer) 1\n      2) (integer) 2\n", "a 1 1\n2\n"},
	{"%1\r\n*2\r\n:1\r\n:2\r\n+v\r\n", "1# 1) (integer) 1\n   2) (integer) 2 => v\n", "1\n2 v\n"},
	{sequence(10), " 1) (integer) 1\n 2) (integer) 2\n 3) (integer) 3\n 4) (integer) 4\n 5) (integer) 5\n" +
		" 6) (integer) 6\n 7) (integer) 7\n 8) (integer) 8\n 9) (integer) 9\n10) (integer) 10\n",
		"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"},
	{"*1\r\n*10\r\n" + strings.Repeat(":0\r\n", 10), "1)  1) (integer) 0\n" +
		"    2) (integer) 0\n    3) (integer) 0\n    4) (integer) 0\n    5) (integer) 0\n" +
		"    6) (integer) 0\n    7) (integer) 0\n    8) (integer) 0\n    9) (integer) 0\n   10) (integer) 0\n",
		strings.Repeat("0\n", 10)},
}

// beyondRedisCLI are replies redis-cli 7.0.15 cannot print
// (TestRedisCLIRejects shows it failing), formatted as FormatTTY documents.
var beyondRedisCLI = []struct {
	reply, tty, raw string
}{
	{"(12345678901234567890\r\n", "(big number) 12345678901234567890\n", "12345678901234567890\n"},
	{"|1\r\n+a\r\n+b\r\n:7\r\n", "(integer) 7\n", "7\n"},
	{"!3\r\nERR\r\n", "(error) ERR\n", "ERR\n\n"},
}

func TestFormat(t *testing.T) {
	for _, tt := range append(formatTests, beyondRedisCLI...) {
		v := mustParse(t, tt.reply)
		if got := FormatTTY(v); got != tt.tty {
			t.Errorf("FormatTTY(%q) =\n%q, want\n%q", tt.reply, got, tt.tty)
		}
		if got := FormatRaw(v); got != tt.raw {
			t.Errorf("FormatRaw(%q) = %q, want %q", tt.reply, got, tt.raw)
		}
		if Format(TTY, v) != FormatTTY(v) || Format(Raw, v) != FormatRaw(v) {
			t.Errorf("Format(%q) differs from FormatTTY/FormatRaw", tt.reply)
		}
	}
}

// Values built by hand may hold types no parser returns.
func TestFormatUnknownType(t *testing.T) {
	v := resp.Value{Type: '?'}
	if got := FormatTTY(v); got != "(unknown reply type '?')\n" {
		t.Errorf("FormatTTY = %q", got)
	}
	if got := FormatRaw(resp.Value{Type: resp.Array, Elems: []resp.Value{v}}); got != "(unknown reply type '?')\n" {
		t.Errorf("FormatRaw = %q", got)
	}
}

func TestQuote(t *testing.T) {
	tests := map[string]string{
		"":             `""`,
		"plain text":   `"plain text"`,
		"\"\\":         `"\"\\"`,
		"\n\r\t\a\b":   `"\n\r\t\a\b"`,
		"\x00\x1f\x7f": `"\x00\x1f\x7f"`,
		"é":            `"\xc3\xa9"`,
		"~' ":          `"~' "`,
	}
	for in, want := range tests {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func FuzzFormat(f *testing.F) {
	for _, tt := range formatTests {
		f.Add([]byte(tt.reply))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		v, _, err := resp.ParseReply(in)
		if err != nil {
			return
		}
		for _, out := range []Output{TTY, Raw} {
			text := Format(out, v)
			if !strings.HasSuffix(text, "\n") {
				t.Fatalf("Format(%v, %q) = %q: no final newline", out, in, text)
			}
			FormatPush(out, v)
			FormatReply(out, []string{"info"}, v)
		}
	})
}

// bigReply is a HGETALL-like reply: 1000 fields in RESP3, as a map.
func bigReply() resp.Value {
	var b strings.Builder
	b.WriteString("%1000\r\n")
	for i := 0; i < 1000; i++ {
		b.WriteString("$9\r\nfield\t\"é\r\n*2\r\n:1\r\n$5\r\nvalue\r\n")
	}
	v, _, err := resp.ParseReply([]byte(b.String()))
	if err != nil {
		panic(err)
	}
	return v
}

func BenchmarkFormatTTY(b *testing.B) {
	v := bigReply()
	b.ReportAllocs()
	for b.Loop() {
		FormatTTY(v)
	}
}

func BenchmarkFormatRaw(b *testing.B) {
	v := bigReply()
	b.ReportAllocs()
	for b.Loop() {
		FormatRaw(v)
	}
}
