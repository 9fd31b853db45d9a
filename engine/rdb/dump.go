package rdb

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// A DUMP payload is a value as an RDB file stores it after the key (the
// type byte, then the encoded value), followed by a 10-byte footer: the
// RDB version in 2 little-endian bytes and the CRC64 of everything before
// the CRC, in 8 little-endian bytes. FUNCTION DUMP payloads use the same
// footer around a sequence of OpFunction2 records.

// The errors RESTORE reports (FUNCTION RESTORE too, for a bad footer).
// Their texts are Redis's, without the "ERR " prefix.
var (
	// ErrDumpPayload: the footer is missing, names a newer RDB version, or
	// its checksum does not match.
	ErrDumpPayload = errors.New("DUMP payload version or checksum are wrong")
	// ErrBadDataFormat: the footer is right but the value cannot be loaded.
	ErrBadDataFormat = errors.New("Bad data format")
)

// dumpFooterLen is the length of the version and checksum footer.
const dumpFooterLen = 10

// AppendDumpFooter appends the footer to payload, which must hold the type
// byte and the encoded value (or FUNCTION DUMP's records): Version, then
// the CRC64 of payload and version together.
func AppendDumpFooter(payload []byte) []byte {
	payload = binary.LittleEndian.AppendUint16(payload, Version)
	return binary.LittleEndian.AppendUint64(payload, CRC64(0, payload))
}

// VerifyDump checks a DUMP payload's footer as Redis's verifyDumpPayload
// does: at least 10 bytes, an RDB version no newer than Version (older
// ones are fine, as is 0), and a matching CRC64. It returns the version, or
// ErrDumpPayload.
func VerifyDump(payload []byte) (version int, err error) {
	if len(payload) < dumpFooterLen {
		return 0, ErrDumpPayload
	}
	footer := payload[len(payload)-dumpFooterLen:]
	version = int(binary.LittleEndian.Uint16(footer))
	if version > Version {
		return version, ErrDumpPayload
	}
	if CRC64(0, payload[:len(payload)-8]) != binary.LittleEndian.Uint64(footer[2:]) {
		return version, ErrDumpPayload
	}
	return version, nil
}

// OpenDump verifies a RESTORE payload and reads its value type. It returns
// ErrDumpPayload for a bad footer and ErrBadDataFormat when the type is
// missing or not one Redis 7.0 knows (see IsObjectType). The value is then
// decoded from the returned Reader; any failure there is, to RESTORE, a
// "Bad data format" too.
//
// The Reader runs over the whole payload after the type byte, footer
// included, because that is what Redis parses: bytes left between the end
// of the value and the footer are ignored, and a value that reads on into
// the footer is not rejected for it.
func OpenDump(payload []byte) (Type, *Reader, error) {
	if _, err := VerifyDump(payload); err != nil {
		return 0, nil, err
	}
	r := NewReader(bytes.NewReader(payload))
	t, err := r.ReadByte()
	if err != nil || !IsObjectType(Type(t)) {
		return 0, nil, ErrBadDataFormat
	}
	return Type(t), r, nil
}
