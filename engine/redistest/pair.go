package redistest

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/resp"
)

// ReplyTimeout bounds the wait for one reply.
var ReplyTimeout = 5 * time.Second

// Pair is one client on each side: Real talks to redis-server, Mine to
// redwasm. Every Check sends the same request to both and compares.
type Pair struct {
	t          testing.TB
	Real, Mine Conn
}

// NewPair connects to the shared redis-server, flushes it and pairs it
// with mine. The connections close when the test ends.
func NewPair(t testing.TB, mine Conn) *Pair {
	t.Helper()
	srv := Shared(t)
	real, err := Dial(srv.Addr)
	if err != nil {
		t.Fatalf("dial redis-server: %v", err)
	}
	p := &Pair{t: t, Real: real, Mine: mine}
	t.Cleanup(func() { real.Close(); mine.Close() })
	p.Both("FLUSHALL")
	return p
}

// Another opens a second pair of clients on the same two servers, without
// flushing: for scenarios with several clients.
func (p *Pair) Another(mine Conn) *Pair {
	p.t.Helper()
	real, err := Dial(Shared(p.t).Addr)
	if err != nil {
		p.t.Fatalf("dial redis-server: %v", err)
	}
	p.t.Cleanup(func() { real.Close(); mine.Close() })
	return &Pair{t: p.t, Real: real, Mine: mine}
}

// Send sends args to both sides without reading replies, for a command
// that blocks.
func (p *Pair) Send(args ...string) {
	p.t.Helper()
	req := command(args)
	if err := p.Real.Send(req); err != nil {
		p.t.Fatalf("send to redis-server: %v", err)
	}
	if err := p.Mine.Send(req); err != nil {
		p.t.Fatalf("send to redwasm: %v", err)
	}
}

// CheckReply reads one more reply on both sides (a served blocking
// command, a published message) and compares them.
func (p *Pair) CheckReply(label string) {
	p.t.Helper()
	real, err := p.Real.Read(ReplyTimeout)
	if err != nil {
		p.t.Fatalf("%s: redis-server: %v", label, err)
	}
	mine, err := p.Mine.Read(ReplyTimeout)
	if err != nil {
		p.t.Fatalf("%s: redwasm: %v (redis-server sent %q)", label, err, real)
	}
	p.compare([]string{label}, real, mine, bytes.Equal(real, mine))
}

// CheckReplyMasked is CheckReply for replies with parts that differ
// between the servers (times, addresses): both are rewritten with
// re.ReplaceAll(reply, repl) before comparing.
func (p *Pair) CheckReplyMasked(label string, re *regexp.Regexp, repl string) {
	p.t.Helper()
	real, err := p.Real.Read(ReplyTimeout)
	if err != nil {
		p.t.Fatalf("%s: redis-server: %v", label, err)
	}
	mine, err := p.Mine.Read(ReplyTimeout)
	if err != nil {
		p.t.Fatalf("%s: redwasm: %v (redis-server sent %q)", label, err, real)
	}
	r, m := re.ReplaceAll(real, []byte(repl)), re.ReplaceAll(mine, []byte(repl))
	p.compare([]string{label}, r, m, bytes.Equal(r, m))
}

// DoEach sends different arguments to each side (ids that differ between
// the servers) and compares the replies.
func (p *Pair) DoEach(realArgs, mineArgs []string) {
	p.t.Helper()
	if err := p.Real.Send(command(realArgs)); err != nil {
		p.t.Fatal(err)
	}
	if err := p.Mine.Send(command(mineArgs)); err != nil {
		p.t.Fatal(err)
	}
	p.CheckReply(quoteArgs(mineArgs))
}

// CheckNoReply checks that neither side sends anything within wait.
func (p *Pair) CheckNoReply(label string, wait time.Duration) {
	p.t.Helper()
	if real, err := p.Real.Read(wait); err == nil {
		p.t.Errorf("%s: redis-server sent %q", label, real)
	}
	if mine, err := p.Mine.Read(wait); err == nil {
		p.t.Errorf("%s: redwasm sent %q", label, mine)
	}
	compared.Add(1)
}

// Do sends args to both sides and returns both raw replies.
func (p *Pair) Do(args ...string) (real, mine []byte) {
	p.t.Helper()
	return p.DoRaw(command(args))
}

// DoRaw sends raw request bytes to both sides and returns both replies.
func (p *Pair) DoRaw(req []byte) (real, mine []byte) {
	p.t.Helper()
	if err := p.Real.Send(req); err != nil {
		p.t.Fatalf("send to redis-server: %v", err)
	}
	if err := p.Mine.Send(req); err != nil {
		p.t.Fatalf("send to redwasm: %v", err)
	}
	real, err := p.Real.Read(ReplyTimeout)
	if err != nil {
		p.t.Fatalf("%q: redis-server: %v", req, err)
	}
	mine, err = p.Mine.Read(ReplyTimeout)
	if err != nil {
		p.t.Fatalf("%q: redwasm: %v (redis-server replied %q)", req, err, real)
	}
	return real, mine
}

// Both sends args to both sides without comparing, for set-up whose reply
// legitimately differs (a random cursor, a timestamp).
func (p *Pair) Both(args ...string) {
	p.t.Helper()
	p.Do(args...)
}

// Check sends args to both sides and requires byte-identical replies.
func (p *Pair) Check(args ...string) {
	p.t.Helper()
	real, mine := p.Do(args...)
	p.compare(args, real, mine, bytes.Equal(real, mine))
}

// CheckRaw is Check for raw request bytes (protocol tests, inline
// commands, pipelines of one reply).
func (p *Pair) CheckRaw(req string) {
	p.t.Helper()
	real, mine := p.DoRaw([]byte(req))
	p.compare([]string{req}, real, mine, bytes.Equal(real, mine))
}

// CheckUnordered is Check for replies whose order Redis leaves to its hash
// tables (SMEMBERS of a large set, KEYS): aggregates are compared as
// multisets of their elements, at every level.
func (p *Pair) CheckUnordered(args ...string) {
	p.t.Helper()
	real, mine := p.Do(args...)
	p.compare(args, real, mine, canonical(real, true) == canonical(mine, true))
}

// CheckShape is Check for replies that are random or time-dependent:
// the same types and aggregate sizes, values aside.
func (p *Pair) CheckShape(args ...string) {
	p.t.Helper()
	real, mine := p.Do(args...)
	p.compare(args, real, mine, shape(real) == shape(mine))
}

// CheckWith compares with a custom equality on the parsed replies.
func (p *Pair) CheckWith(equal func(real, mine resp.Value) bool, args ...string) {
	p.t.Helper()
	real, mine := p.Do(args...)
	rv, _, err1 := resp.ParseReply(real)
	mv, _, err2 := resp.ParseReply(mine)
	p.compare(args, real, mine, err1 == nil && err2 == nil && equal(rv, mv))
}

func (p *Pair) compare(args []string, real, mine []byte, same bool) {
	p.t.Helper()
	compared.Add(1)
	if !same {
		mismatches.Add(1)
		p.t.Errorf("%s\n  redis-server: %q\n  redwasm:      %q", quoteArgs(args), real, mine)
	}
}

// Proto switches both sides to RESP 2 or 3 with HELLO, checking the reply
// shape (HELLO's reply holds the server's id and version).
func (p *Pair) Proto(n int) {
	p.t.Helper()
	p.CheckShape("HELLO", fmt.Sprint(n))
}

func command(args []string) []byte {
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	return resp.AppendCommand(nil, argv...)
}

func quoteArgs(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%q", a)
	}
	return b.String()
}

// canonical renders a reply with aggregate elements sorted (maps by
// pairs), for order-insensitive comparison.
func canonical(raw []byte, sortAll bool) string {
	v, _, err := resp.ParseReply(raw)
	if err != nil {
		return "malformed:" + string(raw)
	}
	return canonicalValue(v)
}

func canonicalValue(v resp.Value) string {
	head := fmt.Sprintf("%c%v", v.Type, v.IsNull)
	switch v.Type {
	case resp.Array, resp.Set, resp.Push:
		var parts []string
		for _, e := range v.Elems {
			parts = append(parts, canonicalValue(e))
		}
		sort.Strings(parts)
		return head + "[" + strings.Join(parts, ",") + "]"
	case resp.Map, resp.Attribute:
		var parts []string
		for i := 0; i+1 < len(v.Elems); i += 2 {
			parts = append(parts, canonicalValue(v.Elems[i])+"=>"+canonicalValue(v.Elems[i+1]))
		}
		sort.Strings(parts)
		return head + "{" + strings.Join(parts, ",") + "}"
	}
	return fmt.Sprintf("%s%q%d%s", head, v.Str, v.Int, v.Format)
}

// shape renders a reply's types and sizes only.
func shape(raw []byte) string {
	v, _, err := resp.ParseReply(raw)
	if err != nil {
		return "malformed"
	}
	return shapeValue(v)
}

func shapeValue(v resp.Value) string {
	s := fmt.Sprintf("%c%v%d", v.Type, v.IsNull, len(v.Elems))
	if v.Type == resp.Error {
		code, _, _ := strings.Cut(string(v.Str), " ")
		s += code
	}
	for _, e := range v.Elems {
		s += "(" + shapeValue(e) + ")"
	}
	return s
}
