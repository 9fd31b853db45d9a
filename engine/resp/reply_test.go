package resp

import (
	"errors"
	"testing"
)

func TestParseReply(t *testing.T) {
	in := "*3\r\n$3\r\nfoo\r\n%1\r\n+k\r\n,1.5\r\n=8\r\ntxt:abcd\r\n"
	v, n, err := ParseReply([]byte(in))
	if err != nil || n != len(in) {
		t.Fatalf("n=%d err=%v", n, err)
	}
	if v.Type != Array || len(v.Elems) != 3 || string(v.Elems[0].Str) != "foo" {
		t.Fatalf("bad array %+v", v)
	}
	if m := v.Elems[1]; m.Type != Map || len(m.Elems) != 2 || string(m.Elems[1].Str) != "1.5" {
		t.Fatalf("bad map %+v", m)
	}
	if vb := v.Elems[2]; vb.Format != "txt" || string(vb.Str) != "abcd" {
		t.Fatalf("bad verbatim %+v", vb)
	}
	for _, bad := range []string{"?x\r\n", ":1x\r\n", "#x\r\n", "$-2\r\n", "\r\n", "*1\r\n\r\n"} {
		if _, _, err := ParseReply([]byte(bad)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, _, err := ParseReply([]byte("*2\r\n:1\r\n")); !errors.Is(err, ErrIncomplete) {
		t.Errorf("incomplete: %v", err)
	}
	v, _, _ = ParseReply([]byte("|1\r\n+a\r\n+b\r\n:7\r\n"))
	if v.Int != 7 || v.Attrs == nil {
		t.Errorf("attribute: %+v", v)
	}
}

func FuzzParseReply(f *testing.F) {
	for _, s := range []string{"*2\r\n$1\r\na\r\n:1\r\n", "%1\r\n+a\r\n_\r\n", "=7\r\ntxt:abc\r\n", "*99999999\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		_, n, err := ParseReply(in)
		if err == nil && (n <= 0 || n > len(in)) {
			t.Fatalf("consumed %d of %d", n, len(in))
		}
	})
}
