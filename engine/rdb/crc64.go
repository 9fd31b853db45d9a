package rdb

import "encoding/binary"

// crcJonesReflected is the Jones CRC-64 polynomial 0xad93d23594c935a9 with
// its bits reversed, the form a reflected (LSB-first) CRC uses.
const crcJonesReflected = 0x95ac9329ac4bc9b5

// crcTables holds the slicing-by-8 tables: crcTables[0] is the classic
// byte-at-a-time table; crcTables[k][b] is the CRC of byte b followed by k
// zero bytes, which lets the loop fold eight input bytes per step.
var crcTables = makeCRCTables()

func makeCRCTables() *[8][256]uint64 {
	t := new([8][256]uint64)
	for i := range 256 {
		crc := uint64(i)
		for range 8 {
			if crc&1 == 1 {
				crc = crc>>1 ^ crcJonesReflected
			} else {
				crc >>= 1
			}
		}
		t[0][i] = crc
	}
	for i := range 256 {
		crc := t[0][i]
		for k := 1; k < 8; k++ {
			crc = t[0][crc&0xff] ^ crc>>8
			t[k][i] = crc
		}
	}
	return t
}

// CRC64 extends crc with the bytes of p, exactly as Redis's crc64(): the
// reflected Jones polynomial with no initial or final inversion. Start a new
// checksum with crc 0. It guards RDB files and DUMP payloads; the check value
// of "123456789" is 0xe9c6d914c4b8d9ca.
func CRC64(crc uint64, p []byte) uint64 {
	t := crcTables
	for len(p) >= 8 {
		crc ^= binary.LittleEndian.Uint64(p)
		crc = t[7][crc&0xff] ^
			t[6][crc>>8&0xff] ^
			t[5][crc>>16&0xff] ^
			t[4][crc>>24&0xff] ^
			t[3][crc>>32&0xff] ^
			t[2][crc>>40&0xff] ^
			t[1][crc>>48&0xff] ^
			t[0][crc>>56]
		p = p[8:]
	}
	for _, b := range p {
		crc = t[0][byte(crc)^b] ^ crc>>8
	}
	return crc
}
