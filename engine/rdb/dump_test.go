package rdb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

func TestDumpFooter(t *testing.T) {
	body := AppendString([]byte{byte(TypeString)}, []byte("hello"), true)
	payload := AppendDumpFooter(bytes.Clone(body))
	// The bytes real Redis 7.0 returns for DUMP of "hello".
	want := []byte("\x00\x05hello\x0a\x00\x63\x72\xdf\x76\x65\x34\x20\x0a")
	if !bytes.Equal(payload, want) {
		t.Fatalf("got %x\nwant %x", payload, want)
	}
	if v, err := VerifyDump(payload); err != nil || v != Version {
		t.Fatalf("VerifyDump = %d, %v", v, err)
	}
	typ, r, err := OpenDump(payload)
	if err != nil || typ != TypeString {
		t.Fatalf("OpenDump = %d, %v", typ, err)
	}
	if s, err := r.ReadString(); err != nil || string(s) != "hello" {
		t.Fatalf("value %q, %v", s, err)
	}
}

// withVersion re-frames a payload's body under another RDB version.
func withVersion(body []byte, version uint16) []byte {
	b := binary.LittleEndian.AppendUint16(bytes.Clone(body), version)
	return binary.LittleEndian.AppendUint64(b, CRC64(0, b))
}

func TestVerifyDump(t *testing.T) {
	body := []byte("\x00\x05hello")
	for _, v := range []uint16{0, 1, 9, 10} {
		if got, err := VerifyDump(withVersion(body, v)); err != nil || got != int(v) {
			t.Errorf("version %d: %d, %v", v, got, err)
		}
	}
	good := AppendDumpFooter(bytes.Clone(body))
	for name, p := range map[string][]byte{
		"version 11":     withVersion(body, 11),
		"version 0xffff": withVersion(body, 0xffff),
		"bad checksum":   append(bytes.Clone(good[:len(good)-1]), good[len(good)-1]^1),
		"changed body":   append([]byte{0x00, 0x05, 'j'}, good[3:]...),
		"nine bytes":     good[len(good)-9:],
		"empty":          nil,
	} {
		if _, err := VerifyDump(p); err != ErrDumpPayload {
			t.Errorf("%s: %v", name, err)
		}
		if _, _, err := OpenDump(p); err != ErrDumpPayload {
			t.Errorf("%s: OpenDump %v", name, err)
		}
	}
	if ErrDumpPayload.Error() != "DUMP payload version or checksum are wrong" || ErrBadDataFormat.Error() != "Bad data format" {
		t.Fatal("error texts changed")
	}
}

func TestOpenDumpTypes(t *testing.T) {
	for typ := range 256 {
		_, _, err := OpenDump(AppendDumpFooter([]byte{byte(typ), 0}))
		if known := IsObjectType(Type(typ)); known != (err == nil) {
			t.Errorf("type %d: IsObjectType %v, OpenDump %v", typ, known, err)
		}
		if err != nil && !errors.Is(err, ErrBadDataFormat) {
			t.Errorf("type %d: %v", typ, err)
		}
	}
	// An empty body: like Redis, the type is read from the footer itself.
	typ, _, err := OpenDump(AppendDumpFooter(nil))
	if err != nil || typ != Type(Version) {
		t.Fatalf("empty body: %d, %v", typ, err)
	}
}

func FuzzOpenDump(f *testing.F) {
	f.Add(AppendDumpFooter(AppendString([]byte{0}, []byte("hello"), true)))
	f.Add(AppendDumpFooter([]byte{byte(TypeHashListpack)}))
	f.Add([]byte("0123456789"))
	f.Fuzz(func(t *testing.T, payload []byte) {
		typ, r, err := OpenDump(payload)
		if err != nil {
			if err != ErrDumpPayload && err != ErrBadDataFormat {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !IsObjectType(typ) {
			t.Fatalf("accepted type %d", typ)
		}
		// Whatever the value, decoding it must fail cleanly or succeed.
		decodeValue(typ, r)
	})
}

// FUNCTION DUMP payloads are OpFunction2 records, each a library's source
// as an RDB string, in the same footer.
func TestRedisFunctionDump(t *testing.T) {
	rc := redis(t)
	defer rc.must("FUNCTION", "FLUSH")
	for _, code := range []string{
		"#!lua name=short\nredis.register_function('f', function() return 1 end)",
		"#!lua name=long\n" + strings.Repeat("-- padding padding padding\n", 20) +
			"redis.register_function('g', function() return 2 end)",
	} {
		rc.must("FUNCTION", "FLUSH")
		rc.must("FUNCTION", "LOAD", code)
		dump := rc.must("FUNCTION", "DUMP").([]byte)
		want := AppendDumpFooter(AppendString([]byte{OpFunction2}, []byte(code), true))
		if !bytes.Equal(dump, want) {
			t.Fatalf("Redis %x\nours  %x", dump, want)
		}
		if _, err := VerifyDump(dump); err != nil {
			t.Fatal(err)
		}
		r := NewReader(bytes.NewReader(dump))
		if op, _ := r.ReadByte(); op != OpFunction2 {
			t.Fatalf("opcode %d", op)
		}
		if s, err := r.ReadString(); err != nil || string(s) != code {
			t.Fatalf("code %q, %v", s, err)
		}
		if r.Offset() != int64(len(dump)-dumpFooterLen) {
			t.Fatalf("records end at %d of %d", r.Offset(), len(dump))
		}
		// RESTORE and FUNCTION RESTORE report a bad footer alike.
		bad := bytes.Clone(dump)
		bad[len(bad)-1] ^= 1
		for _, cmd := range [][]any{{"FUNCTION", "RESTORE", bad}, {"RESTORE", "k", 0, bad}} {
			if reply := rc.do(cmd...); reply != redisError("ERR "+ErrDumpPayload.Error()) {
				t.Fatalf("%s said %v", cmd[0], reply)
			}
		}
	}
}
