package cli

import (
	"strings"
	"testing"
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
