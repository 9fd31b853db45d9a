package cli

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// The tests here hand reply bytes to the real redis-cli through a fake
// server and compare what it prints with FormatTTY and FormatRaw.

// fakeReplyCases are replies redis-cli must format; they are written by
// hand to reach every branch, and random ones are added to them.
var fakeReplyCases = []string{
	"+OK\r\n",
	"+\r\n",
	"+a\x00b\r\n",
	"-ERR something went wrong\r\n",
	"-\r\n",
	"-ERR a\x00b\r\n",
	":0\r\n",
	":-9223372036854775808\r\n",
	":9223372036854775807\r\n",
	"$0\r\n\r\n",
	"$-1\r\n",
	"*-1\r\n",
	"_\r\n",
	"$5\r\nhello\r\n",
	"$11\r\nhello world\r\n",
	"$7\r\n\"q\" \\b/\r\n",
	"$10\r\n\n\r\t\a\b\v\f\x00\x1b\x7f\r\n",
	"$8\r\n\x80\x9f\xa0\xc3\xa9\xe4\xb8\xff\r\n",
	"$6\r\n\xe4\xb8\xad\xe6\x96\x87\r\n",
	",3.14\r\n",
	",-0\r\n",
	",inf\r\n",
	",-inf\r\n",
	",1e+300\r\n",
	"#t\r\n",
	"#f\r\n",
	"=15\r\ntxt:Some string\r\n",
	"=4\r\ntxt:\r\n",
	"=11\r\nmkd:a\nb\x00c\r\x01\r\n",
	"*0\r\n",
	"%0\r\n",
	"~0\r\n",
	"*1\r\n>0\r\n",
	"*3\r\n$1\r\na\r\n$-1\r\n:1\r\n",
	"*2\r\n*0\r\n*-1\r\n",
	"*2\r\n-ERR one\r\n-ERR two\r\n",
	"*2\r\n*2\r\n:1\r\n:2\r\n*2\r\n:3\r\n*2\r\n:4\r\n:5\r\n",
	"~3\r\n:1\r\n$1\r\nx\r\n~1\r\n#t\r\n",
	"%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n",
	// Map values that are aggregates: a multi-line one starts a new line.
	"%1\r\n$1\r\na\r\n*2\r\n:1\r\n:2\r\n",
	"%1\r\n$1\r\na\r\n*1\r\n:1\r\n",
	"%1\r\n$1\r\na\r\n*1\r\n*2\r\n:1\r\n:2\r\n",
	"%1\r\n$1\r\na\r\n%1\r\n:1\r\n*1\r\n:1\r\n",
	"%1\r\n$1\r\na\r\n%1\r\n:1\r\n*2\r\n:1\r\n:2\r\n",
	"%1\r\n$1\r\na\r\n%2\r\n:1\r\n:2\r\n:3\r\n:4\r\n",
	"%1\r\n$1\r\na\r\n~2\r\n:1\r\n:2\r\n",
	"%1\r\n$1\r\na\r\n>2\r\n:1\r\n:2\r\n",
	"%1\r\n$1\r\na\r\n*0\r\n",
	"%1\r\n$1\r\na\r\n=7\r\ntxt:a\nb\r\n",
	"%1\r\n$1\r\na\r\n*1\r\n=7\r\ntxt:a\nb\r\n",
	// Map keys that are aggregates stay on the number's line.
	"%2\r\n*2\r\n:1\r\n:2\r\n+v\r\n:1\r\n:2\r\n",
	"%1\r\n*1\r\n:1\r\n*1\r\n:2\r\n",
	"*1\r\n%1\r\n$1\r\na\r\n*2\r\n:1\r\n*1\r\n:2\r\n",
	"*2\r\n%1\r\n$1\r\nk\r\n%1\r\n$1\r\nj\r\n*2\r\n_\r\n_\r\n~2\r\n%0\r\n*1\r\n*0\r\n",
	sequence(9), sequence(10), sequence(11), sequence(99), sequence(100), sequence(1000),
	"*1\r\n" + sequence(10),
	"*12\r\n" + strings.Repeat(sequence(10), 12),
	"%10\r\n" + strings.Repeat("$1\r\nk\r\n"+sequence(2), 10),
	"~10\r\n" + strings.Repeat("*1\r\n~2\r\n:1\r\n:2\r\n", 10),
	nested(8),
}

// sequence is an array of the integers 1..n.
func sequence(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, ":%d\r\n", i)
	}
	return b.String()
}

// nested is depth arrays inside each other, each holding two strings too.
func nested(depth int) string {
	if depth == 0 {
		return "$4\r\nleaf\r\n"
	}
	return "*3\r\n$1\r\na\r\n" + nested(depth-1) + "$1\r\nz\r\n"
}

// replyGen makes random replies of every type redis-cli 7.0.15 can print
// (see TestRedisCLIRejects), with push messages only inside aggregates.
type replyGen struct{ r *rand.Rand }

func (g replyGen) reply(depth int, top bool) string {
	kinds := 13
	if depth >= 5 {
		kinds = 9 // scalars only
	}
	switch g.r.IntN(kinds) {
	case 0:
		return "+" + g.line() + "\r\n"
	case 1:
		return "-" + g.line() + "\r\n"
	case 2:
		return ":" + strconv.FormatInt(g.r.Int64()>>g.r.IntN(64)-g.r.Int64()>>g.r.IntN(64), 10) + "\r\n"
	case 3:
		s := g.bytes()
		return "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n"
	case 4:
		return []string{"$-1\r\n", "*-1\r\n", "_\r\n"}[g.r.IntN(3)]
	case 5:
		return "," + []string{"0", "-1.5", "3.141592653589793", "1e-07", "inf", "-inf", "12345678901234567890"}[g.r.IntN(7)] + "\r\n"
	case 6:
		return []string{"#t\r\n", "#f\r\n"}[g.r.IntN(2)]
	case 7:
		s := "txt:" + g.bytes()
		return "=" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n"
	case 8:
		s := g.line()
		return "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n"
	}
	n := g.r.IntN(4)
	if g.r.IntN(8) == 0 {
		n = 8 + g.r.IntN(6) // two-digit numbering
	}
	kind := "*~%>"[g.r.IntN(4)]
	if top && kind == '>' {
		kind = '*'
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%c%d\r\n", kind, n)
	if kind == '%' {
		n *= 2
	}
	for i := 0; i < n; i++ {
		b.WriteString(g.reply(depth+1, false))
	}
	return b.String()
}

// bytes is a short string of bytes that need escaping as often as not.
func (g replyGen) bytes() string {
	const alphabet = "ab z\"\\\n\r\t\a\b\x00\x01\x7f\x80\xff'é中"
	b := make([]byte, g.r.IntN(8))
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

// line is a string without CR or LF, fit for a status or error line.
func (g replyGen) line() string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return '_'
		}
		return r
	}, g.bytes())
}

// randomReplyCases returns n random replies, the same ones every run.
func randomReplyCases(n int) []string {
	g := replyGen{rand.New(rand.NewPCG(7, 0))}
	out := make([]string, n)
	for i := range out {
		out[i] = g.reply(0, true)
	}
	return out
}

func mustParse(t *testing.T, raw string) resp.Value {
	t.Helper()
	v, n, err := resp.ParseReply([]byte(raw))
	if err != nil || n != len(raw) {
		t.Fatalf("ParseReply(%q) = %d, %v", raw, n, err)
	}
	return v
}

// cliBatch runs one redis-cli session that sends "R i" for each case; the
// fake server answers it with replies[i]. It returns what redis-cli printed
// for each case.
func cliBatch(t *testing.T, replies []string, cliArgs ...string) []string {
	t.Helper()
	lines := make([]string, len(replies))
	for i := range replies {
		lines[i] = "R " + strconv.Itoa(i)
	}
	out, _ := cliSession(t, lines, func(args []string) []byte {
		i, _ := strconv.Atoi(args[1])
		return []byte(replies[i])
	}, cliArgs...)
	return out
}

func TestFormatMatchesRedisCLI(t *testing.T) {
	cases := append(append([]string{}, fakeReplyCases...), randomReplyCases(400)...)
	for _, tt := range formatTests {
		cases = append(cases, tt.reply)
	}
	values := make([]resp.Value, len(cases))
	for i, c := range cases {
		values[i] = mustParse(t, c)
	}
	compared := 0
	for _, out := range []Output{TTY, Raw} {
		flag := map[Output]string{TTY: "--no-raw", Raw: "--raw"}[out]
		got := cliBatch(t, cases, flag)
		for i, v := range values {
			if want := Format(out, v); got[i] != want {
				t.Errorf("%s %q:\nredis-cli: %q\nFormat:    %q", flag, cases[i], got[i], want)
			}
			compared++
		}
	}
	t.Logf("%d replies compared with redis-cli", compared)
}

// TestFormatPushMatchesRedisCLI sends each push message ahead of a reply,
// as a server does with out-of-band pushes, to redis-cli --show-pushes yes.
func TestFormatPushMatchesRedisCLI(t *testing.T) {
	pushes := []string{
		">2\r\n$10\r\ninvalidate\r\n*1\r\n$3\r\nkey\r\n",
		">2\r\n$10\r\ninvalidate\r\n*3\r\n$1\r\na\r\n$3\r\nb\nc\r\n$3\r\nd\x00e\r\n",
		">2\r\n$10\r\ninvalidate\r\n*0\r\n",
		">2\r\n$10\r\ninvalidate\r\n_\r\n",
		">2\r\n$12\r\ninvalidateXY\r\n*1\r\n$1\r\nk\r\n",
		">2\r\n$9\r\ninvalidat\r\n*1\r\n$1\r\nk\r\n",
		">2\r\n+invalidate\r\n*1\r\n$1\r\nk\r\n",
		">2\r\n$10\r\ninvalidate\r\n~1\r\n$1\r\nk\r\n",
		">3\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n:1\r\n",
		">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n",
		">1\r\n$4\r\nsolo\r\n",
		">0\r\n",
	}
	after := mustParse(t, "+after\r\n")
	replies := make([]string, len(pushes))
	for i, p := range pushes {
		replies[i] = p + "+after\r\n"
	}
	compared := 0
	for _, out := range []Output{TTY, Raw} {
		flag := map[Output]string{TTY: "--no-raw", Raw: "--raw"}[out]
		got := cliBatch(t, replies, flag, "--show-pushes", "yes")
		for i, p := range pushes {
			want := FormatPush(out, mustParse(t, p)) + Format(out, after)
			if got[i] != want {
				t.Errorf("%s %q:\nredis-cli:  %q\nFormatPush: %q", flag, p, got[i], want)
			}
			compared++
		}
	}
	t.Logf("%d push messages compared with redis-cli", compared)
}

// TestRedisCLIRejects confirms the replies redis-cli 7.0.15 cannot print,
// for which FormatTTY documents its own choice: big numbers, attributes and
// blob errors (which Redis 7.0 never sends).
func TestRedisCLIRejects(t *testing.T) {
	cases := []struct{ reply, tty, raw string }{
		{"(3492890328409238509324850943850943825024385\r\n",
			"(big number) 3492890328409238509324850943850943825024385\n",
			"3492890328409238509324850943850943825024385\n"},
		{"*1\r\n(1\r\n", "1) (big number) 1\n", "1\n"},
		{"|1\r\n+ttl\r\n:3600\r\n$1\r\nv\r\n", "\"v\"\n", "v\n"},
		{"!21\r\nSYNTAX invalid syntax\r\n", "(error) SYNTAX invalid syntax\n", "SYNTAX invalid syntax\n\n"},
	}
	for _, c := range cases {
		f := startFake(t, func(args []string) []byte { return []byte(c.reply) })
		out, errOut, err := runCLIStatus(t, nil, "-s", f.sock, "--no-raw", "R")
		if err == nil || errOut == "" {
			t.Errorf("%q: redis-cli printed %q and exited with %v; expected it to fail", c.reply, out, err)
		}
		v := mustParse(t, c.reply)
		if got := FormatTTY(v); got != c.tty {
			t.Errorf("FormatTTY(%q) = %q, want %q", c.reply, got, c.tty)
		}
		if got := FormatRaw(v); got != c.raw {
			t.Errorf("FormatRaw(%q) = %q, want %q", c.reply, got, c.raw)
		}
	}
}
