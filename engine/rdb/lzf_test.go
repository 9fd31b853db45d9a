package rdb

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// lzfSamples returns inputs that exercise every path of the compressor:
// literal runs of all lengths, short and long back references, matches
// that reach the input's end, offsets around the 8 KiB window, and
// incompressible data that makes lzf give up.
func lzfSamples(seed uint64) [][]byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	var out [][]byte
	add := func(b []byte) { out = append(out, b) }
	for n := 21; n <= 300; n += 7 {
		add(bytes.Repeat([]byte{'a'}, n))
		add([]byte(strings.Repeat("abc", n/3+1)[:n]))
	}
	for period := 1; period <= 40; period++ {
		unit := make([]byte, period)
		for i := range unit {
			unit[i] = byte('a' + rng.IntN(26))
		}
		for _, n := range []int{21, 22, 23, 24, 25, 30, 35, 40, 64, 100, 265, 266, 300, 1000} {
			add(bytes.Repeat(unit, n/period+1)[:n])
		}
	}
	// Text-like data from a small vocabulary, at many sizes.
	words := strings.Fields("the quick brown fox jumps over lazy dog redis key value hash list set zset stream 0 1 2 42 -7 {} [] : , \n")
	for _, n := range []int{21, 24, 27, 31, 48, 63, 64, 65, 100, 127, 128, 200, 255, 256, 511, 1000, 4096, 8191, 8192, 8193, 20000, 70000} {
		for range 3 {
			var b []byte
			for len(b) < n {
				b = append(b, words[rng.IntN(len(words))]...)
				b = append(b, ' ')
			}
			add(b[:n])
		}
	}
	// Random bytes from small alphabets: from barely to very compressible.
	for _, alphabet := range []int{2, 3, 4, 8, 16, 64, 256} {
		for _, n := range []int{21, 25, 30, 40, 50, 80, 150, 400, 3000} {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte(rng.IntN(alphabet))
			}
			add(b)
		}
	}
	// Repeats at distances near the window limit.
	for _, gap := range []int{8190, 8191, 8192, 8193, 8194} {
		block := make([]byte, 40)
		for i := range block {
			block[i] = byte(rng.Uint32())
		}
		filler := make([]byte, gap-len(block))
		for i := range filler {
			filler[i] = byte(rng.Uint32())
		}
		add(append(append(append([]byte{}, block...), filler...), block...))
	}
	// Mostly random data with a few repeats: lzf gives up or only just fits.
	for n := 21; n < 200; n += 3 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		for k := rng.IntN(4); k > 0; k-- {
			at, from, l := rng.IntN(n), rng.IntN(n), 3+rng.IntN(8)
			for i := 0; i < l && at+i < n && from+i < n; i++ {
				b[at+i] = b[from+i]
			}
		}
		add(b)
	}
	return out
}

func TestCompressLZFRedisVector(t *testing.T) {
	// The compressed bytes inside real Redis's DUMP of 30 'a's: a literal
	// run of two (position 0 is never a match source), one long back
	// reference of 26, and a literal run of the last two.
	got, ok := CompressLZF(nil, bytes.Repeat([]byte{'a'}, 30), 26)
	want := []byte{0x01, 'a', 'a', 0xe0, 0x11, 0x00, 0x01, 'a', 'a'}
	if !ok || !bytes.Equal(got, want) {
		t.Fatalf("got %x %v, want %x", got, ok, want)
	}
}

func TestLZFRoundTrip(t *testing.T) {
	samples := append(lzfSamples(1), []byte{}, []byte("a"), []byte("ab"), []byte("abc"), []byte("abcd"), []byte("aaaaa"))
	for _, src := range samples {
		comp, ok := CompressLZF([]byte("prefix"), src, len(src)+len(src)/8+16)
		if len(src) == 0 {
			if ok {
				t.Fatal("compressed empty input")
			}
			continue
		}
		if !ok || string(comp[:6]) != "prefix" {
			t.Fatalf("len %d: compression failed with ample room", len(src))
		}
		got, err := DecompressLZF([]byte("x"), comp[6:], len(src))
		if err != nil || !bytes.Equal(got[1:], src) || got[0] != 'x' {
			t.Fatalf("len %d: round trip: %v", len(src), err)
		}
		// Any smaller limit either fails or gives the same bytes.
		for limit := len(comp) - 6 - 3; limit < len(comp)-6+3; limit++ {
			c2, ok := CompressLZF(nil, src, limit)
			if ok && !bytes.Equal(c2, comp[6:]) {
				t.Fatalf("len %d limit %d: different output", len(src), limit)
			}
			if ok && len(c2) > limit {
				t.Fatalf("len %d limit %d: output of %d", len(src), limit, len(c2))
			}
		}
	}
}

func TestCompressLZFGivesUp(t *testing.T) {
	// 64 distinct bytes cannot shrink: there is no room for the literal
	// run headers.
	src := make([]byte, 64)
	for i := range src {
		src[i] = byte(i)
	}
	if out, ok := CompressLZF([]byte("keep"), src, 60); ok || string(out) != "keep" {
		t.Fatalf("got %q %v", out, ok)
	}
	if _, ok := CompressLZF(nil, src, 0); ok {
		t.Fatal("compressed into nothing")
	}
}

func TestDecompressLZFRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		src    string
		rawLen int
	}{
		{"empty input", "", 3},
		{"zero length", "\x02abc", 0},
		{"literal past input", "\x05abc", 6},
		{"literal past output", "\x02abc", 2},
		{"short output", "\x02abc", 4},
		{"reference before start", "\x00a\x20\x01", 4},
		{"reference missing offset", "\x00a\x20", 4},
		{"long reference missing length", "\x00a\xe0", 12},
		{"long reference missing offset", "\x00a\xe0\x01", 12},
		{"reference past output", "\x00a\x40\x00", 4},
		{"claim beyond any expansion", "\x00a", 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := DecompressLZF([]byte("keep"), []byte(tc.src), tc.rawLen)
			if !errors.Is(err, ErrLZF) || string(out) != "keep" {
				t.Fatalf("got %q, %v", out, err)
			}
		})
	}
	// An overlapping reference repeats the last byte.
	got, err := DecompressLZF(nil, []byte("\x00a\xe0\x01\x00"), 11)
	if err != nil || string(got) != "aaaaaaaaaaa" {
		t.Fatalf("got %q, %v", got, err)
	}
}

// TestRedisLZF compares the string encodings, LZF compressed or not, of
// many values with the bytes real Redis puts in DUMP payloads.
func TestRedisLZF(t *testing.T) {
	rc := redis(t)
	rc.must("SELECT", 9)
	defer rc.must("FLUSHDB")
	compressed := 0
	for i, v := range lzfSamples(2) {
		key := "lzf:" + strconv.Itoa(i)
		rc.must("SET", key, v)
		dump := rc.must("DUMP", key).([]byte)
		want := AppendDumpFooter(AppendString([]byte{byte(TypeString)}, v, true))
		if !bytes.Equal(dump, want) {
			t.Fatalf("value %d (len %d): Redis %x\nours %x", i, len(v), dump, want)
		}
		if dump[1] == lenEnc<<6|encLZF {
			compressed++
		}
	}
	if compressed < 100 {
		t.Fatalf("only %d samples compressed: the test lost its teeth", compressed)
	}
}

func BenchmarkCompressLZF(b *testing.B) {
	for _, src := range benchTexts() {
		b.Run(byteSize(len(src)), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			dst := make([]byte, 0, len(src))
			for b.Loop() {
				CompressLZF(dst, src, len(src)-4)
			}
		})
	}
}

func BenchmarkDecompressLZF(b *testing.B) {
	for _, src := range benchTexts() {
		comp, _ := CompressLZF(nil, src, len(src))
		b.Run(byteSize(len(src)), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			dst := make([]byte, 0, len(src))
			for b.Loop() {
				DecompressLZF(dst, comp, len(src))
			}
		})
	}
}

// benchTexts returns text-like inputs of 100 bytes, 4 KiB and 64 KiB.
func benchTexts() [][]byte {
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields(`user:1000 {"name":"Ada","age":36,"tags":["x","y"]} session token
		GET SET HSET field value 3.14159 2024-01-01T00:00:00Z lorem ipsum dolor sit amet`)
	var out [][]byte
	for _, n := range []int{100, 4 << 10, 64 << 10} {
		var b []byte
		for len(b) < n {
			b = append(append(b, words[rng.IntN(len(words))]...), ' ')
		}
		out = append(out, b[:n])
	}
	return out
}

func FuzzDecompressLZF(f *testing.F) {
	f.Add([]byte("\x01aa\xe0\x11\x00\x01aa"), 30)
	f.Add([]byte("\x00a\xe0\x01\x00"), 11)
	f.Add([]byte("\x02abc"), 3)
	f.Fuzz(func(t *testing.T, src []byte, rawLen int) {
		rawLen %= 1 << 20
		out, err := DecompressLZF(nil, src, rawLen)
		if err == nil && len(out) != rawLen {
			t.Fatalf("decompressed %d bytes, want %d", len(out), rawLen)
		}
	})
}

func FuzzCompressLZF(f *testing.F) {
	for _, s := range lzfSamples(5)[:40] {
		f.Add(s, len(s)-4)
	}
	f.Fuzz(func(t *testing.T, src []byte, limit int) {
		limit %= 1 << 20
		comp, ok := CompressLZF(nil, src, limit)
		if !ok {
			return
		}
		if len(comp) > limit {
			t.Fatalf("output of %d over limit %d", len(comp), limit)
		}
		got, err := DecompressLZF(nil, comp, len(src))
		if err != nil || !bytes.Equal(got, src) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}
