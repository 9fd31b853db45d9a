package rdb

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

// encodeZipmap builds a zipmap as Redis 2.4 wrote them, for tests; free
// gives each value that many unused trailing bytes.
func encodeZipmap(free int, kv ...string) []byte {
	zm := []byte{byte(min(len(kv)/2, zmBigLen))}
	appendLen := func(n int) {
		if n < zmBigLen {
			zm = append(zm, byte(n))
		} else {
			zm = binary.LittleEndian.AppendUint32(append(zm, zmBigLen), uint32(n))
		}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		appendLen(len(kv[i]))
		zm = append(zm, kv[i]...)
		appendLen(len(kv[i+1]))
		zm = append(zm, byte(free))
		zm = append(zm, kv[i+1]...)
		zm = append(zm, make([]byte, free)...)
	}
	return append(zm, zmEnd)
}

func zipmapPairs(t testing.TB, b []byte) []string {
	t.Helper()
	zm, err := ParseZipmap(b)
	if err != nil {
		t.Fatalf("ParseZipmap(%x): %v", b, err)
	}
	var out []string
	for k, v := range zm.Pairs() {
		out = append(out, string(k), string(v))
	}
	if len(out) != 2*zm.Len() {
		t.Fatalf("Len %d, %d pairs", zm.Len(), len(out)/2)
	}
	return out
}

func TestZipmapExample(t *testing.T) {
	// The example in Redis's zipmap.c: "foo" => "bar", "hello" => "world".
	b := []byte("\x02\x03foo\x03\x00bar\x05hello\x05\x00world\xff")
	if got := encodeZipmap(0, "foo", "bar", "hello", "world"); !bytes.Equal(got, b) {
		t.Fatalf("test encoder: %x", got)
	}
	if got := strings.Join(zipmapPairs(t, b), ","); got != "foo,bar,hello,world" {
		t.Fatalf("got %s", got)
	}
}

func TestZipmapPairs(t *testing.T) {
	long := strings.Repeat("k", 300)
	kv := []string{"", "empty key", "v", "", long, "x", "y", long}
	for _, free := range []int{0, 3} {
		if got := zipmapPairs(t, encodeZipmap(free, kv...)); strings.Join(got, ",") != strings.Join(kv, ",") {
			t.Fatalf("free %d: got %q", free, got)
		}
	}
	// 254 pairs and more: the count byte says "unknown".
	var many []string
	for i := range 300 {
		many = append(many, "k"+string(rune('0'+i%10))+strings.Repeat("x", i/10), "v")
	}
	zm := encodeZipmap(0, many...)
	if zm[0] != zmBigLen || len(zipmapPairs(t, zm)) != 600 {
		t.Fatal("big zipmap")
	}
}

func TestParseZipmapRejects(t *testing.T) {
	good := encodeZipmap(0, "foo", "bar", "hello", "world")
	patch := func(f func(b []byte)) []byte { b := bytes.Clone(good); f(b); return b }
	for name, zm := range map[string][]byte{
		"nil":             nil,
		"one byte":        {0xff},
		"empty":           {0x00, 0xff},
		"no end marker":   patch(func(b []byte) { b[len(b)-1] = 0 }),
		"count wrong":     patch(func(b []byte) { b[0] = 3 }),
		"key past end":    patch(func(b []byte) { b[1] = 0x40 }),
		"value past end":  patch(func(b []byte) { b[5] = 0x40 }),
		"free past end":   patch(func(b []byte) { b[6] = 0x40 }),
		"big key length":  patch(func(b []byte) { b[1] = zmBigLen }),
		"value length ff": {0x01, 0x01, 'k', 0xff, 0xff},
	} {
		if _, err := ParseZipmap(zm); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %s accepted (%v)", name, hex.EncodeToString(zm), err)
		}
	}
	// A count byte of 254 is not checked.
	if got := zipmapPairs(t, patch(func(b []byte) { b[0] = zmBigLen })); len(got) != 4 {
		t.Fatalf("unknown count: %q", got)
	}
}

func FuzzZipmap(f *testing.F) {
	f.Add(encodeZipmap(0, "foo", "bar", "hello", "world"))
	f.Add(encodeZipmap(2, "a", strings.Repeat("v", 260)))
	f.Fuzz(func(t *testing.T, data []byte) {
		zm, err := ParseZipmap(data)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error not ErrCorrupt: %v", err)
			}
			return
		}
		var kv []string
		for k, v := range zm.Pairs() {
			kv = append(kv, string(k), string(v))
		}
		if len(kv) != 2*zm.Len() || zm.Len() == 0 {
			t.Fatalf("Len %d, iterated %d pairs", zm.Len(), len(kv)/2)
		}
		if got := zipmapPairs(t, encodeZipmap(0, kv...)); strings.Join(got, "\x00") != strings.Join(kv, "\x00") {
			t.Fatalf("re-encoded %q, want %q", got, kv)
		}
	})
}
