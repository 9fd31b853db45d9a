package cli

import (
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/resp"
)

// TestFormatReplyMatchesRedisCLI checks which commands redis-cli prints raw
// on a terminal, answering every command with the same reply so that only
// the command makes a difference.
func TestFormatReplyMatchesRedisCLI(t *testing.T) {
	commands := []string{
		"info", "INFO", "info server", "InFo a b c d",
		"lolwut", "LOLWUT version 5 1 1 1",
		"debug htstats 0", "DEBUG HTSTATS-KEY k", "debug client-eviction", "debug", "debug sleep 0",
		"memory malloc-stats", "memory DOCTOR", "memory doctor x", "memory usage k", "memory",
		"cluster nodes", "cluster info", "cluster info x", "cluster nodes x", "cluster", "cluster slots",
		"client list", "client info", "client list id 1", "client info x", "client id", "client",
		"latency graph event", "latency graph", "latency graph a b", "latency doctor", "latency doctor x", "latency latest",
		"proxy info", "proxy INFO x", "proxy",
		"get k", "echo info", "infos", "help2",
	}
	replies := []string{
		"$9\r\na\"b\nc\r\n\x00\xff\r\n",
		"$0\r\n\r\n",
		"$-1\r\n",
		"-ERR some error\r\n",
		"=16\r\ntxt:line1\r\nline2\r\n",
		"*3\r\n$1\r\na\r\n:1\r\n*1\r\n$1\r\nb\r\n",
		"%1\r\n$1\r\nk\r\n$1\r\nv\r\n",
		":7\r\n",
		"+OK\r\n",
	}
	compared := 0
	for _, reply := range replies {
		v := mustParse(t, reply)
		for _, out := range []Output{TTY, Raw} {
			flag := map[Output]string{TTY: "--no-raw", Raw: "--raw"}[out]
			got, _ := cliSession(t, commands, func([]string) []byte { return []byte(reply) }, flag)
			for i, line := range commands {
				want := FormatReply(out, strings.Fields(line), v)
				if got[i] != want {
					t.Errorf("%s %s -> %q:\nredis-cli:   %q\nFormatReply: %q", flag, line, reply, got[i], want)
				}
				compared++
			}
		}
	}
	t.Logf("%d command replies compared with redis-cli", compared)
}

// TestPreambleMatchesRedisCLI subscribes through redis-cli to a fake server
// that confirms, sends one message and hangs up, in RESP2 arrays and in
// RESP3 pushes: redis-cli prints Preamble, then each reply as usual.
func TestPreambleMatchesRedisCLI(t *testing.T) {
	cases := []struct{ command, replies string }{
		{"SUBSCRIBE", "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$6\r\nhi\nyou\r\n"},
		{"psubscribe", ">3\r\n$10\r\npsubscribe\r\n$2\r\nc*\r\n:1\r\n>4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$2\r\nhi\r\n"},
		{"Ssubscribe", ">3\r\n$10\r\nssubscribe\r\n$2\r\nch\r\n:1\r\n"},
		{"SUBSCRIBE", "-ERR wrong number of arguments for 'subscribe' command\r\n"},
		{"PING", "+PONG\r\n"},
	}
	compared := 0
	for _, c := range cases {
		args := []string{c.command, "ch"}
		var want [2]string
		for i, out := range []Output{TTY, Raw} {
			want[i] = Preamble(out, args)
			for rest := c.replies; rest != ""; {
				n := replyLen(t, rest)
				want[i] += FormatReply(out, args, mustParse(t, rest[:n]))
				rest = rest[n:]
			}
		}
		for i, flag := range []string{"--no-raw", "--raw"} {
			f := startFake(t, func([]string) []byte { return []byte(c.replies) }, c.command)
			got, _, _ := runCLIStatus(t, nil, append([]string{"-s", f.sock, "--show-pushes", "yes", flag}, args...)...)
			if got != want[i] {
				t.Errorf("%s %q:\nredis-cli: %q\nwant:      %q", flag, c.replies, got, want[i])
			}
			compared++
		}
	}
	t.Logf("%d subscriptions compared with redis-cli", compared)
}

// replyLen is the length of the first reply in s.
func replyLen(t *testing.T, s string) int {
	t.Helper()
	_, n, err := resp.ParseReply([]byte(s))
	if err != nil {
		t.Fatalf("ParseReply(%q): %v", s, err)
	}
	return n
}
