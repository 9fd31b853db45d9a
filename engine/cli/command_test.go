package cli

import (
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/resp"
)

func TestFormatReplyVerbatimCommands(t *testing.T) {
	v := mustParse(t, "$4\r\na\"\r\n\r\n")
	tests := []struct {
		args []string
		tty  string
	}{
		{[]string{"INFO"}, "a\"\r\n"},
		{[]string{"info", "server"}, "a\"\r\n"},
		{[]string{"Client", "List"}, "a\"\r\n"},
		{[]string{"cluster", "info"}, "a\"\r\n"},
		{[]string{"cluster", "info", "x"}, "\"a\\\"\\r\\n\"\n"},
		{[]string{"latency", "graph"}, "\"a\\\"\\r\\n\"\n"},
		{[]string{"latency", "graph", "command"}, "a\"\r\n"},
		{[]string{"GET", "info"}, "\"a\\\"\\r\\n\"\n"},
		{nil, "\"a\\\"\\r\\n\"\n"},
	}
	for _, tt := range tests {
		if got := FormatReply(TTY, tt.args, v); got != tt.tty {
			t.Errorf("FormatReply(TTY, %q) = %q, want %q", tt.args, got, tt.tty)
		}
	}
	if got := FormatReply(Raw, []string{"info"}, v); got != "a\"\r\n" {
		t.Errorf("FormatReply(Raw, info) = %q", got)
	}
}

func TestPreamble(t *testing.T) {
	for _, cmd := range []string{"SUBSCRIBE", "psubscribe", "SSubscribe"} {
		if got := Preamble(TTY, []string{cmd, "ch"}); got != ReadingMessages {
			t.Errorf("Preamble(TTY, %s) = %q", cmd, got)
		}
		if got := Preamble(Raw, []string{cmd, "ch"}); got != "" {
			t.Errorf("Preamble(Raw, %s) = %q", cmd, got)
		}
	}
	for _, args := range [][]string{nil, {"unsubscribe"}, {"publish", "ch", "m"}, {"monitor"}} {
		if got := Preamble(TTY, args); got != "" {
			t.Errorf("Preamble(TTY, %q) = %q", args, got)
		}
	}
}

func TestFormatPushInvalidate(t *testing.T) {
	v := mustParse(t, ">2\r\n$10\r\ninvalidate\r\n*2\r\n$1\r\na\r\n$3\r\nb\x00c\r\n")
	if got := FormatPush(TTY, v); got != "-> invalidate: 'a', 'b'\n" {
		t.Errorf("FormatPush(TTY) = %q", got)
	}
	if got := FormatPush(Raw, v); got != "invalidate\na\nb\x00c\n" {
		t.Errorf("FormatPush(Raw) = %q", got)
	}
	// redis-cli aborts on a key that is not a string; show the push instead.
	odd := mustParse(t, ">2\r\n$10\r\ninvalidate\r\n*1\r\n:1\r\n")
	if got := FormatPush(TTY, odd); got != "1) \"invalidate\"\n2) 1) (integer) 1\n" {
		t.Errorf("FormatPush(TTY, integer key) = %q", got)
	}
	if got := FormatPush(TTY, resp.Value{Type: resp.Push}); got != "(empty push)\n" {
		t.Errorf("FormatPush(TTY, empty) = %q", got)
	}
}

func TestElapsed(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, ""},
		{499 * time.Millisecond, ""},
		{499*time.Millisecond + 999*time.Microsecond, ""},
		{500 * time.Millisecond, "(0.50s)\n"},
		{505 * time.Millisecond, "(0.51s)\n"}, // printf's rounding of 0.505
		{1234 * time.Millisecond, "(1.23s)\n"},
		{75 * time.Second, "(75.00s)\n"},
	}
	for _, tt := range tests {
		if got := Elapsed(TTY, tt.d); got != tt.want {
			t.Errorf("Elapsed(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
	if got := Elapsed(Raw, time.Minute); got != "" {
		t.Errorf("Elapsed(Raw) = %q", got)
	}
}
