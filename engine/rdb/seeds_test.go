package rdb

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWriteFuzzSeeds regenerates the seed corpora in testdata/fuzz from
// payloads real Redis produces and from the test encoders. It runs only
// with RDB_WRITE_SEEDS=1; plain go test then runs every seed through its
// fuzz target.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("RDB_WRITE_SEEDS") != "1" {
		t.Skip("set RDB_WRITE_SEEDS=1 to regenerate testdata/fuzz")
	}
	rc := redis(t)
	rc.must("SELECT", 6)
	rc.must("FLUSHDB")
	defer rc.must("FLUSHDB")
	fillKeys(t, rc, rand.New(rand.NewPCG(31, 32)))
	keys := replyStrings(t, rc.must("KEYS", "*"))
	slices.Sort(keys)

	seeds := map[string]map[string]string{} // target, name, file body
	add := func(target, name string, args ...any) {
		var b strings.Builder
		b.WriteString("go test fuzz v1\n")
		for _, a := range args {
			switch a := a.(type) {
			case []byte:
				fmt.Fprintf(&b, "[]byte(%q)\n", a)
			case string:
				fmt.Fprintf(&b, "string(%q)\n", a)
			case int:
				fmt.Fprintf(&b, "int(%d)\n", a)
			case bool:
				fmt.Fprintf(&b, "bool(%v)\n", a)
			default:
				t.Fatalf("seed argument %T", a)
			}
		}
		if seeds[target] == nil {
			seeds[target] = map[string]string{}
		}
		seeds[target][name] = b.String()
	}

	for _, key := range keys {
		dump := rc.must("DUMP", key).([]byte)
		if len(dump) > 8<<10 {
			continue // big seeds slow fuzzing down and teach it nothing new
		}
		name := "redis-" + strings.ReplaceAll(key, ":", "-")
		add("FuzzOpenDump", name, dump)
		add("FuzzReader", name, []byte{1, 1, 1, 1, 2, 1}, dump[1:])
		typ, r, err := OpenDump(dump)
		if err != nil {
			t.Fatal(err)
		}
		switch typ {
		case TypeString:
			if dump[1] == lenEnc<<6|encLZF {
				lr := NewReader(strings.NewReader(string(dump[2:])))
				clen, _ := lr.ReadLength()
				raw, _ := lr.ReadLength()
				data, _ := lr.ReadRaw(clen)
				add("FuzzDecompressLZF", name, data, int(raw))
			}
		case TypeHashListpack, TypeZSetListpack, TypeSetIntset:
			b, err := r.ReadString()
			if err != nil {
				t.Fatal(err)
			}
			if typ == TypeSetIntset {
				add("FuzzIntset", name, b)
			} else {
				add("FuzzListpack", name, b)
			}
		case TypeListQuicklist2:
			n, _ := r.ReadLength()
			for i := range min(n, 2) {
				r.ReadLength()
				b, err := r.ReadString()
				if err != nil {
					t.Fatal(err)
				}
				add("FuzzListpack", fmt.Sprintf("%s-node%d", name, i), b)
			}
		}
	}
	add("FuzzZiplist", "elements", encodeZiplist("a", "0", "12", "-1", "1000", "-70000", "2147483648", strings.Repeat("s", 300), ""))
	add("FuzzZiplist", "redis-doc-example", encodeZiplist("2", "5"))
	add("FuzzZipmap", "redis-doc-example", encodeZipmap(0, "foo", "bar", "hello", "world"))
	add("FuzzZipmap", "free-and-long", encodeZipmap(3, "k", strings.Repeat("v", 300), strings.Repeat("k", 260), "x"))
	add("FuzzListpack", "backlen-into-header", []byte{0x09, 0, 0, 0, 1, 0, 0x80, 0x81, 0xff})
	for i, s := range lzfSamples(41)[:60:60] {
		if i%3 == 0 {
			add("FuzzCompressLZF", fmt.Sprintf("sample%d", i), s, len(s)-4)
			add("FuzzAppendString", fmt.Sprintf("sample%d", i), s, true)
		}
	}
	for i, s := range []string{"0", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "007", "+1", " 1"} {
		add("FuzzParseInt64", fmt.Sprintf("n%d", i), s)
	}

	for target, files := range seeds {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s: %d seeds", target, len(files))
	}
}
