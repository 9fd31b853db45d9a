package idb

import (
	"bytes"
	"errors"
	"hash/crc32"
	"testing"
)

// stored builds the records of a database: a snapshot in pieces and log
// groups, as Store writes them.
func stored(gen uint32, snapshot []byte, pieceSize int, groups ...string) (metaRec []byte, pieces, logs [][]byte) {
	var n uint32
	for off := 0; off < len(snapshot); off += pieceSize {
		pieces = append(pieces, encodeRecord(kindSnapshot, gen, n, snapshot[off:min(off+pieceSize, len(snapshot))]))
		n++
	}
	metaRec = encodeMeta(meta{base: gen, snapshotLen: uint64(len(snapshot)), pieces: n, snapshotCRC: crc32.Checksum(snapshot, castagnoli)})
	for i, g := range groups {
		logs = append(logs, encodeRecord(kindLog, gen, uint32(i), []byte(g)))
	}
	return
}

func TestAssembleRoundTrip(t *testing.T) {
	snap := bytes.Repeat([]byte("snapshot bytes "), 100)
	m, pieces, logs := stored(7, snap, 64, "one", "two", "three")
	// Two more segments after the base's, the first of them empty.
	logs = append(logs, encodeRecord(kindLog, 9, 0, []byte("four")), encodeRecord(kindLog, 9, 1, []byte("five")))
	s, l, got, last, err := assemble(m, pieces, logs)
	if err != nil || !bytes.Equal(s, snap) || string(l) != "onetwothreefourfive" || got.base != 7 || last != 9 {
		t.Fatalf("assemble = %q, %q, %+v, %d, %v", s, l, got, last, err)
	}
	// A new database: nothing stored at all.
	s, l, got, last, err = assemble(nil, nil, nil)
	if err != nil || s != nil || l != nil || got.base != 0 || last != 0 {
		t.Fatalf("empty: %q %q %+v %d %v", s, l, got, last, err)
	}
}

// Every single-byte change to any stored record is detected.
func TestAssembleDetectsEveryFlippedByte(t *testing.T) {
	m, pieces, logs := stored(2, []byte("a snapshot of some length"), 10, "first group", "second group")
	all := [][]byte{m}
	all = append(all, pieces...)
	all = append(all, logs...)
	for r, rec := range all {
		for i := range rec {
			for _, flip := range []byte{0x01, 0x80} {
				rec[i] ^= flip
				_, _, _, _, err := assemble(m, pieces, logs)
				rec[i] ^= flip
				var ce *CorruptError
				if !errors.As(err, &ce) {
					t.Fatalf("record %d byte %d ^%#x: err = %v", r, i, flip, err)
				}
			}
		}
	}
}

func TestAssembleReadablePart(t *testing.T) {
	snap := []byte("the snapshot")
	m, pieces, logs := stored(1, snap, 5, "g0;", "g1;", "g2;", "g3;")
	logs[2][recordHeader] ^= 1 // damage group 2
	_, _, _, _, err := assemble(m, pieces, logs)
	var ce *CorruptError
	if !errors.As(err, &ce) || !bytes.Equal(ce.Snapshot, snap) || string(ce.ReadableLog) != "g0;g1;" || ce.SnapshotLost {
		t.Fatalf("err = %#v", err)
	}

	// A lost snapshot piece: the snapshot is lost, the log still reads.
	m, pieces, logs = stored(1, snap, 5, "g0;")
	_, _, _, _, err = assemble(m, pieces[:2], logs)
	if !errors.As(err, &ce) || ce.Snapshot != nil || !ce.SnapshotLost || string(ce.ReadableLog) != "g0;" {
		t.Fatalf("err = %#v", err)
	}

	// A log record of a segment the snapshot replaced (a compaction
	// half-applied, which IndexedDB's atomic transactions rule out) is
	// reported; so is a gap in a segment's records.
	m, pieces, _ = stored(3, snap, 5)
	_, _, stale := stored(2, nil, 5, "old;")
	if _, _, _, _, err = assemble(m, pieces, stale); !errors.As(err, &ce) {
		t.Fatalf("stale record accepted: %v", err)
	}
	gap := [][]byte{encodeRecord(kindLog, 3, 0, []byte("a")), encodeRecord(kindLog, 3, 2, []byte("c"))}
	if _, _, _, _, err = assemble(m, pieces, gap); !errors.As(err, &ce) || string(ce.ReadableLog) != "a" {
		t.Fatalf("gap accepted: %v", err)
	}

	// Records with no header.
	if _, _, _, _, err = assemble(nil, pieces, nil); !errors.As(err, &ce) || !ce.SnapshotLost {
		t.Fatalf("headless records: %v", err)
	}
}

func TestDecodeRecordNewerFormat(t *testing.T) {
	rec := encodeRecord(kindLog, 1, 0, []byte("x"))
	rec[4] = FormatVersion + 1
	if _, err := decodeRecord(rec); err == nil || !bytes.Contains([]byte(err.Error()), []byte("newer redwasm")) {
		t.Fatalf("err = %v", err)
	}
}

func FuzzAssemble(f *testing.F) {
	m, pieces, logs := stored(1, []byte("snapshot"), 3, "a", "b")
	f.Add(m, pieces[0], logs[0], logs[1])
	f.Add([]byte("RWDB"), []byte{}, []byte("garbage"), []byte{})
	f.Fuzz(func(t *testing.T, m, piece, log1, log2 []byte) {
		s, l, _, _, err := assemble(m, [][]byte{piece}, [][]byte{log1, log2})
		if err == nil && len(s)+len(l) > len(m)+len(piece)+len(log1)+len(log2) {
			t.Fatal("more bytes out than in")
		}
	})
}
