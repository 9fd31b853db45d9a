package host

import (
	"bytes"
	"testing"
)

func TestFramesRoundTrip(t *testing.T) {
	var b []byte
	b = AppendFrame(b, 1, InConnect, []byte{3})
	b = AppendFrame(b, 7, InRequests, []byte("*1\r\n$4\r\nPING\r\n"))
	b = AppendFrame(b, 0xffffffff, InClose, nil)
	want := []Frame{{1, InConnect, []byte{3}}, {7, InRequests, []byte("*1\r\n$4\r\nPING\r\n")}, {0xffffffff, InClose, []byte{}}}
	for i, w := range want {
		f, rest, err := NextFrame(b)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if f.Conn != w.Conn || f.Kind != w.Kind || !bytes.Equal(f.Payload, w.Payload) {
			t.Fatalf("frame %d = %+v, want %+v", i, f, w)
		}
		b = rest
	}
	if len(b) != 0 {
		t.Fatalf("%d bytes left", len(b))
	}
}

func TestNextFrameRejectsTruncated(t *testing.T) {
	full := AppendFrame(nil, 1, InRequests, []byte("abc"))
	for n := 1; n < len(full); n++ {
		if _, _, err := NextFrame(full[:n]); err != ErrBadFrame {
			t.Errorf("%d bytes: err = %v, want ErrBadFrame", n, err)
		}
	}
}

func FuzzNextFrame(f *testing.F) {
	f.Add(AppendFrame(nil, 1, InLine, []byte("GET k")))
	f.Add([]byte{1, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		for len(b) > 0 {
			fr, rest, err := NextFrame(b)
			if err != nil {
				return
			}
			if len(rest) >= len(b) || len(fr.Payload) > len(b) {
				t.Fatalf("no progress")
			}
			b = rest
		}
	})
}
