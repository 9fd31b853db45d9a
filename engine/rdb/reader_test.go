package rdb

import (
	"bytes"
	"errors"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// sampleStream is a little of everything a Reader reads.
func sampleStream() []byte {
	b := []byte{byte(TypeString)}
	b = AppendString(b, []byte("key"), true)
	b = AppendString(b, bytes.Repeat([]byte("abcdefgh"), 100), true)
	b = AppendInt(b, -70000)
	b = AppendLength(b, 1<<40)
	b = AppendBinaryDouble(b, 2.5)
	b = AppendStringDouble(b, 0.25)
	b = AppendMillisecondTime(b, 1234567890123)
	return b
}

func readSample(r *Reader) error {
	steps := []func() error{
		func() error { _, err := r.ReadByte(); return err },
		func() error { _, err := r.ReadString(); return err },
		func() error { _, err := r.ReadString(); return err },
		func() error { _, err := r.ReadString(); return err },
		func() error { _, err := r.ReadLength(); return err },
		func() error { _, err := r.ReadBinaryDouble(); return err },
		func() error { _, err := r.ReadStringDouble(); return err },
		func() error { _, err := r.ReadMillisecondTime(); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func TestReaderSequence(t *testing.T) {
	data := sampleStream()
	// A source that hands over one byte at a time exercises the buffering.
	r := NewReader(iotest.OneByteReader(bytes.NewReader(data)))
	if b, _ := r.ReadByte(); b != byte(TypeString) {
		t.Fatalf("type %d", b)
	}
	for _, want := range []string{"key", strings.Repeat("abcdefgh", 100), "-70000"} {
		if s, err := r.ReadString(); err != nil || string(s) != want {
			t.Fatalf("ReadString = %.20q, %v; want %.20q", s, err, want)
		}
	}
	if n, err := r.ReadLength(); err != nil || n != 1<<40 {
		t.Fatalf("ReadLength = %d, %v", n, err)
	}
	if f, err := r.ReadBinaryDouble(); err != nil || f != 2.5 {
		t.Fatalf("ReadBinaryDouble = %v, %v", f, err)
	}
	if f, err := r.ReadStringDouble(); err != nil || f != 0.25 {
		t.Fatalf("ReadStringDouble = %v, %v", f, err)
	}
	if ms, err := r.ReadMillisecondTime(); err != nil || ms != 1234567890123 {
		t.Fatalf("ReadMillisecondTime = %d, %v", ms, err)
	}
	if r.Offset() != int64(len(data)) || r.Checksum() != CRC64(0, data) {
		t.Fatalf("offset %d checksum %x, want %d %x", r.Offset(), r.Checksum(), len(data), CRC64(0, data))
	}
	if _, err := r.ReadByte(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("read past the end: %v", err)
	}
}

func TestReaderTruncated(t *testing.T) {
	data := sampleStream()
	for n := range len(data) {
		err := readSample(NewReader(bytes.NewReader(data[:n])))
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("cut at %d: %v", n, err)
		}
	}
	if err := readSample(NewReader(bytes.NewReader(data))); err != nil {
		t.Fatal(err)
	}
}

func TestReaderSourceError(t *testing.T) {
	disk := errors.New("disk on fire")
	r := NewReader(io.MultiReader(strings.NewReader("\x05ab"), iotest.ErrReader(disk)))
	if _, err := r.ReadString(); !errors.Is(err, disk) {
		t.Fatalf("got %v", err)
	}
}

func TestReaderCorrupt(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		read func(*Reader) error
	}{
		{"length prefix 0x82", "\x82\x00\x00\x00\x01", func(r *Reader) error { _, err := r.ReadLength(); return err }},
		{"length prefix 0xbf", "\xbf", func(r *Reader) error { _, err := r.ReadLength(); return err }},
		{"string encoding 4", "\xc4", func(r *Reader) error { _, err := r.ReadString(); return err }},
		{"bad LZF data", "\xc3\x02\x05\x00a", func(r *Reader) error { _, err := r.ReadString(); return err }},
		{"LZF shorter than declared", "\xc3\x04\x05\x02abc", func(r *Reader) error { _, err := r.ReadString(); return err }},
		{"string double text", "\x03abc", func(r *Reader) error { _, err := r.ReadStringDouble(); return err }},
		{"empty string double", "\x00", func(r *Reader) error { _, err := r.ReadStringDouble(); return err }},
		{"file signature", "RADIS0010", func(r *Reader) error { _, err := r.ReadFileHeader(); return err }},
		{"file version 11", "REDIS0011", func(r *Reader) error { _, err := r.ReadFileHeader(); return err }},
		{"file version 0", "REDIS0000", func(r *Reader) error { _, err := r.ReadFileHeader(); return err }},
		{"file version text", "REDISabcd", func(r *Reader) error { _, err := r.ReadFileHeader(); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.read(NewReader(strings.NewReader(tc.data))); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

// Quirks of Redis's loader that the Reader keeps, so it loads what Redis
// loads.
func TestReaderRedisQuirks(t *testing.T) {
	// rdbLoadLen reads a special-encoding byte as a 6-bit length.
	if n, err := NewReader(strings.NewReader("\xc5")).ReadLength(); err != nil || n != 5 {
		t.Errorf("0xc5 as a length = %d, %v", n, err)
	}
	// An LZF string declaring a raw length of 0 loads as empty whatever its
	// data, since lzf's failure value 0 equals the expected length.
	if s, err := NewReader(strings.NewReader("\xc3\x04\x00\x02abc")).ReadString(); err != nil || len(s) != 0 {
		t.Errorf("LZF with raw length 0 = %q, %v", s, err)
	}
	// The version digits are read as atoi reads them.
	for header, want := range map[string]int{"REDIS0001": 1, "REDIS  9x": 9, "REDIS+010": 10} {
		if v, err := NewReader(strings.NewReader(header)).ReadFileHeader(); err != nil || v != want {
			t.Errorf("%q: %d, %v", header, v, err)
		}
	}
	if v, err := NewReader(strings.NewReader("\xff\xff\xff\xff")).ReadSecondTime(); err != nil || v != -1 {
		t.Errorf("second time = %d, %v", v, err)
	}
}

func TestReaderHostileLengths(t *testing.T) {
	// Strings claiming 2^62 bytes, raw and compressed, over a little data:
	// the reader must fail without allocating anywhere near the claim.
	for _, data := range [][]byte{
		append(AppendLength(nil, 1<<62), bytes.Repeat([]byte("x"), 1000)...),
		append(append([]byte{0xc3}, AppendLength(AppendLength(nil, 100), 1<<62)...), bytes.Repeat([]byte("x"), 100)...),
		append(append([]byte{0xc3}, AppendLength(AppendLength(nil, 1<<62), 5)...), "abc"...),
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := NewReader(bytes.NewReader(data)).ReadString()
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Fatalf("%x: no error", data[:12])
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
			t.Fatalf("%x: allocated %d bytes", data[:12], grew)
		}
	}
}

func TestReadModuleID(t *testing.T) {
	// A module type id: nine 6-bit name characters, then a 10-bit version.
	var id uint64
	for _, c := range "redwasm-1" {
		id = id<<6 | uint64(strings.IndexRune(moduleNameCharset, c))
	}
	id = id<<10 | 3
	if name, ver := ModuleTypeName(id); name != "redwasm-1" || ver != 3 {
		t.Fatalf("ModuleTypeName = %q %d", name, ver)
	}
	err := NewReader(bytes.NewReader(AppendLength(nil, id))).ReadModuleID(true)
	var me *ModuleError
	if !errors.As(err, &me) || me.ID != id || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v", err)
	}
	if want := "The RDB file contains AUX module data I can't load: no matching module 'redwasm-1'"; err.Error() != want {
		t.Fatalf("got %q", err)
	}
	if err := NewReader(bytes.NewReader(nil)).ReadModuleID(false); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("got %v", err)
	}
}

func TestParseCDouble(t *testing.T) {
	for in, want := range map[string]float64{
		"1.5": 1.5, "  -2": -2, "3abc": 3, "1e5": 1e5, "1e": 1, "1e+": 1, ".5": 0.5, "5.": 5,
		"0x10": 16, "0x1p3": 8, "0x.8": 0.5, "0x": 0, "inf": inf, "-Infinity": -inf, "INFx": inf,
		"1e400": inf, "\t7\n": 7,
	} {
		got, ok := parseCDouble([]byte(in))
		if !ok || got != want {
			t.Errorf("parseCDouble(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if got, ok := parseCDouble([]byte("nan")); !ok || got == got {
		t.Errorf("nan: %v %v", got, ok)
	}
	for _, in := range []string{"", " ", ".", "-", "e5", "abc", "+.e1"} {
		if got, ok := parseCDouble([]byte(in)); ok {
			t.Errorf("parseCDouble(%q) = %v, want no number", in, got)
		}
	}
}

// FuzzReader drives a Reader over arbitrary bytes with a sequence of reads
// chosen by the input itself: it must never panic, and everything it reads
// must be consistent with what it consumed.
func FuzzReader(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03"), sampleStream())
	f.Add([]byte("\x01\x01\x01"), []byte("\xc3\x09\x1e\x01aa\xe0\x11\x00\x01aa\xc0\x05\xc1\x00\x80"))
	f.Add([]byte("\x02\x05"), []byte("\x81\x00\x00\x00\x01\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, ops, data []byte) {
		r := NewReader(bytes.NewReader(data))
		for _, op := range ops {
			var err error
			switch op % 8 {
			case 0:
				_, err = r.ReadByte()
			case 1:
				_, err = r.ReadString()
			case 2:
				_, err = r.ReadLength()
			case 3:
				_, err = r.ReadBinaryDouble()
			case 4:
				_, err = r.ReadStringDouble()
			case 5:
				_, err = r.ReadMillisecondTime()
			case 6:
				_, err = r.ReadFileHeader()
			case 7:
				err = r.ReadModuleID(op&8 != 0)
			}
			if err != nil {
				if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, ErrCorrupt) {
					t.Fatalf("unexpected error kind: %v", err)
				}
				break
			}
		}
		if r.Offset() > int64(len(data)) || r.Checksum() != CRC64(0, data[:r.Offset()]) {
			t.Fatalf("offset %d of %d, checksum mismatch", r.Offset(), len(data))
		}
	})
}

// FuzzAppendString checks that every string reads back as written, with
// and without compression.
func FuzzAppendString(f *testing.F) {
	f.Add([]byte("hello"), true)
	f.Add([]byte("-2147483648"), true)
	f.Add(bytes.Repeat([]byte("ab"), 40), true)
	f.Fuzz(func(t *testing.T, s []byte, compress bool) {
		enc := AppendString(nil, s, compress)
		r := NewReader(bytes.NewReader(enc))
		got, err := r.ReadString()
		if err != nil || !bytes.Equal(got, s) || r.Offset() != int64(len(enc)) {
			t.Fatalf("%q encoded as %x read back as %q, %v", s, enc, got, err)
		}
	})
}

var inf = math.Inf(1)
