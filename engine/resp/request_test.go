package resp

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

var authed = RequestLimits{MaxBulkLen: DefaultMaxBulkLen, Authenticated: true}

func TestParseRequest(t *testing.T) {
	tests := []struct {
		in   string
		args []string
		n    int
		err  string // protocol error text, "incomplete", or ""
	}{
		{"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", []string{"GET", "k"}, 20, ""},
		{"*1\r\n$0\r\n\r\n", []string{""}, 10, ""},
		{"*0\r\n", nil, 4, ""},
		{"*-1\r\n", nil, 5, ""},
		{"*2\r\n$3\r\nGET\r\n", nil, 0, "incomplete"},
		{"*2\r\n$3\r\nGE", nil, 0, "incomplete"},
		{"*2", nil, 0, "incomplete"},
		{"*x\r\n", nil, 0, "Protocol error: invalid multibulk length"},
		{"*01\r\n", nil, 0, "Protocol error: invalid multibulk length"},
		{"*2147483648\r\n", nil, 0, "Protocol error: invalid multibulk length"},
		{"*2147483647\r\n", nil, 0, "incomplete"},
		{"*1\r\n+3\r\n", nil, 0, "Protocol error: expected '$', got '+'"},
		{"*1\r\n$-1\r\n", nil, 0, "Protocol error: invalid bulk length"},
		{"*1\r\n$536870913\r\n", nil, 0, "Protocol error: invalid bulk length"},
		{"*1\r\n$536870912\r\n", nil, 0, "incomplete"},
		{"PING\r\n", []string{"PING"}, 6, ""},
		{"SET k \"a b\"\n", []string{"SET", "k", "a b"}, 12, ""},
		{"\r\n", nil, 2, ""},
		{"SET \"k\n", nil, 0, "Protocol error: unbalanced quotes in request"},
		{"PING", nil, 0, "incomplete"},
	}
	for _, tt := range tests {
		args, n, err := ParseRequest([]byte(tt.in), authed, nil)
		var got string
		var pe *ProtocolError
		switch {
		case errors.Is(err, ErrIncomplete):
			got = "incomplete"
		case errors.As(err, &pe):
			got = pe.Msg
		case err != nil:
			t.Fatalf("%q: unexpected error %v", tt.in, err)
		}
		if got != tt.err || n != tt.n {
			t.Errorf("%q: got n=%d err=%q, want n=%d err=%q", tt.in, n, got, tt.n, tt.err)
			continue
		}
		var strs []string
		for _, a := range args {
			strs = append(strs, string(a))
		}
		if !reflect.DeepEqual(strs, tt.args) {
			t.Errorf("%q: args %q, want %q", tt.in, strs, tt.args)
		}
	}
}

func TestParseRequestUnauthenticated(t *testing.T) {
	lim := RequestLimits{MaxBulkLen: DefaultMaxBulkLen}
	_, _, err := ParseRequest([]byte("*11\r\n"), lim, nil)
	if pe, ok := err.(*ProtocolError); !ok || pe.Msg != "Protocol error: unauthenticated multibulk length" {
		t.Errorf("multibulk: %v", err)
	}
	_, _, err = ParseRequest([]byte("*1\r\n$16385\r\n"), lim, nil)
	if pe, ok := err.(*ProtocolError); !ok || pe.Msg != "Protocol error: unauthenticated bulk length" {
		t.Errorf("bulk: %v", err)
	}
}

func TestParseRequestTooBigHeaders(t *testing.T) {
	long := bytes.Repeat([]byte("1"), MaxInlineSize+10)
	_, _, err := ParseRequest(append([]byte("*"), long...), authed, nil)
	if pe, ok := err.(*ProtocolError); !ok || pe.Msg != "Protocol error: too big mbulk count string" {
		t.Errorf("mbulk: %v", err)
	}
	_, _, err = ParseRequest(append([]byte("*1\r\n$"), long...), authed, nil)
	if pe, ok := err.(*ProtocolError); !ok || pe.Msg != "Protocol error: too big bulk count string" {
		t.Errorf("bulk: %v", err)
	}
	_, _, err = ParseRequest(long, authed, nil)
	if pe, ok := err.(*ProtocolError); !ok || pe.Msg != "Protocol error: too big inline request" {
		t.Errorf("inline: %v", err)
	}
}

func TestNeedBytes(t *testing.T) {
	if got := NeedBytes([]byte("*2\r\n$3\r\nGET\r\n$100\r\nab")); got != 4+9+6+102 {
		t.Errorf("NeedBytes = %d", got)
	}
}

// FuzzParseRequest checks the parser never panics, never consumes more than
// it was given and that what it accepts re-encodes to an equal request.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "PING\r\n", "SET a \"b\\x41\" 'c'\n", "*1\r\n$-1\r\n", "*3\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		args, n, err := ParseRequest(in, authed, nil)
		if n < 0 || n > len(in) {
			t.Fatalf("consumed %d of %d", n, len(in))
		}
		if err != nil || len(in) == 0 || in[0] != '*' {
			return
		}
		again, m, err := ParseRequest(AppendCommand(nil, args...), authed, nil)
		if err != nil || !reflect.DeepEqual(normalize(again), normalize(args)) || m == 0 && len(args) > 0 {
			t.Fatalf("round trip of %q: %q %v", in, again, err)
		}
	})
}

func normalize(args [][]byte) []string {
	var out []string
	for _, a := range args {
		out = append(out, string(a))
	}
	return out
}
