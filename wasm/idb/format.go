package idb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"strings"
)

// FormatVersion is the version of the stored records. A database written
// by a newer version is refused rather than misread.
const FormatVersion = 1

// Record kinds.
const (
	kindMeta     byte = 'M' // the database's header: which generation is current
	kindSnapshot byte = 'S' // a piece of the current snapshot
	kindLog      byte = 'L' // one committed group of effects
)

// Every stored value is a record: a 24-byte header and a payload. The
// header is the magic "RWDB", the format version (uint16), the kind, a
// zero byte, the segment and sequence number (uint32 each), the payload
// length (uint32) and a CRC-32C (Castagnoli) of everything else: header
// and payload.
//
// The log is split in segments, as Redis 7.0's multi-part AOF splits it in
// files: a rewrite starts a new segment, and its snapshot (the base)
// replaces the segments before it. A log record carries its segment and
// its number in the segment from 0; the header and the snapshot's pieces
// carry the first segment the snapshot does not cover. So a missing,
// repeated or misplaced record shows.
const recordHeader = 24

var magic = [4]byte{'R', 'W', 'D', 'B'}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// A record is one decoded record. Payload aliases the decoded bytes.
type record struct {
	kind    byte
	segment uint32
	seq     uint32
	payload []byte
}

func encodeRecord(kind byte, segment, seq uint32, payload []byte) []byte {
	b := make([]byte, recordHeader, recordHeader+len(payload))
	copy(b, magic[:])
	binary.LittleEndian.PutUint16(b[4:], FormatVersion)
	b[6] = kind
	binary.LittleEndian.PutUint32(b[8:], segment)
	binary.LittleEndian.PutUint32(b[12:], seq)
	binary.LittleEndian.PutUint32(b[16:], uint32(len(payload)))
	b = append(b, payload...)
	binary.LittleEndian.PutUint32(b[20:], checksum(b))
	return b
}

// checksum is the CRC of a record with its CRC field left out.
func checksum(b []byte) uint32 {
	crc := crc32.Update(0, castagnoli, b[:20])
	return crc32.Update(crc, castagnoli, b[recordHeader:])
}

func decodeRecord(b []byte) (record, error) {
	if len(b) < recordHeader || [4]byte(b[:4]) != magic {
		return record{}, errors.New("not a redwasm record")
	}
	if v := binary.LittleEndian.Uint16(b[4:]); v != FormatVersion {
		if v > FormatVersion {
			return record{}, fmt.Errorf("written by a newer redwasm (format %d; this one reads %d)", v, FormatVersion)
		}
		return record{}, fmt.Errorf("unknown format %d", v)
	}
	n := binary.LittleEndian.Uint32(b[16:])
	if uint64(len(b)-recordHeader) != uint64(n) {
		return record{}, fmt.Errorf("length %d, but %d bytes stored", n, len(b)-recordHeader)
	}
	if binary.LittleEndian.Uint32(b[20:]) != checksum(b) {
		return record{}, errors.New("checksum mismatch")
	}
	return record{kind: b[6], segment: binary.LittleEndian.Uint32(b[8:]), seq: binary.LittleEndian.Uint32(b[12:]), payload: b[recordHeader:]}, nil
}

// The header (meta record) names the base segment in its segment field;
// its payload is the snapshot's length (uint64), its number of pieces
// (uint32) and its CRC-32C (uint32).
type meta struct {
	base        uint32 // the first log segment the snapshot does not hold
	snapshotLen uint64
	pieces      uint32
	snapshotCRC uint32
}

func encodeMeta(m meta) []byte {
	p := binary.LittleEndian.AppendUint64(nil, m.snapshotLen)
	p = binary.LittleEndian.AppendUint32(p, m.pieces)
	p = binary.LittleEndian.AppendUint32(p, m.snapshotCRC)
	return encodeRecord(kindMeta, m.base, 0, p)
}

// CorruptError reports stored data that fails its checks. Readable holds
// what could still be read: the snapshot when it is intact, and the log
// groups up to the first bad one (ReadableLog). Replaying them gives the
// state of the database at some earlier commit, or, when the snapshot is
// lost (SnapshotLost), only the writes of the log.
type CorruptError struct {
	Problems     []string
	Snapshot     []byte
	ReadableLog  []byte
	SnapshotLost bool
}

func (e *CorruptError) Error() string {
	return "the stored database is damaged: " + strings.Join(e.Problems, "; ")
}

// assemble checks the stored records and puts the snapshot and the log
// back together. meta is nil for a database with no header yet; logs come
// in key order (segment, then number). It returns the header and the
// highest segment stored.
func assemble(metaBytes []byte, pieces, logs [][]byte) (snapshot, log []byte, m meta, lastSegment uint32, err error) {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	headerOK := true
	if metaBytes == nil {
		if len(pieces) > 0 || len(logs) > 0 {
			bad("the header is missing")
			headerOK = false
		}
	} else if r, err := decodeRecord(metaBytes); err != nil {
		bad("header: %v", err)
		headerOK = false
	} else if r.kind != kindMeta || len(r.payload) != 16 {
		bad("header: not a header record")
		headerOK = false
	} else {
		m = meta{base: r.segment, snapshotLen: binary.LittleEndian.Uint64(r.payload), pieces: binary.LittleEndian.Uint32(r.payload[8:]), snapshotCRC: binary.LittleEndian.Uint32(r.payload[12:])}
	}

	snapshotOK := headerOK
	if headerOK {
		if uint32(len(pieces)) != m.pieces {
			bad("the snapshot has %d pieces, the header says %d", len(pieces), m.pieces)
			snapshotOK = false
		}
		for i, p := range pieces {
			r, err := decodeRecord(p)
			switch {
			case err != nil:
				bad("snapshot piece %d: %v", i, err)
			case r.kind != kindSnapshot || r.segment != m.base || r.seq != uint32(i):
				bad("snapshot piece %d is out of place (segment %d, piece %d)", i, r.segment, r.seq)
			default:
				snapshot = append(snapshot, r.payload...)
				continue
			}
			snapshotOK = false
		}
		if snapshotOK && (uint64(len(snapshot)) != m.snapshotLen || crc32.Checksum(snapshot, castagnoli) != m.snapshotCRC) {
			bad("the snapshot does not match its header")
			snapshotOK = false
		}
	}
	if !snapshotOK {
		snapshot = nil
	}

	logOK := true
	lastSegment = m.base
	segment, next := ^uint32(0), uint32(0) // the segment being read and the record number expected
	for i, l := range logs {
		r, err := decodeRecord(l)
		if err == nil && r.segment != segment {
			segment, next = r.segment, 0
		}
		switch {
		case err != nil:
			bad("log record %d: %v", i, err)
		case r.kind != kindLog || (headerOK && r.segment < m.base) || r.seq != next:
			bad("log record %d is out of place (segment %d, record %d)", i, r.segment, r.seq)
		default:
			next++
			lastSegment = max(lastSegment, r.segment)
			if logOK {
				log = append(log, r.payload...)
			}
			continue
		}
		logOK = false
	}
	if len(problems) > 0 {
		return nil, nil, m, lastSegment, &CorruptError{Problems: problems, Snapshot: snapshot, ReadableLog: log, SnapshotLost: !snapshotOK && (!headerOK || m.pieces > 0)}
	}
	return snapshot, log, m, lastSegment, nil
}
