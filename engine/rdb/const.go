package rdb

// Version is the RDB format version Redis 7.0 writes, in file headers and
// in DUMP payload footers. Redis 7.0 loads every version from 1 up to this
// one and refuses anything newer.
const Version = 10

// Type is the byte that precedes a serialized value and says how the value
// is encoded. The numbers are fixed on disk; they are not Redis's in-memory
// encodings.
type Type byte

// Value types. The comment on each says what follows the type byte.
const (
	TypeString Type = 0 // a string (see Reader.ReadString)
	TypeList   Type = 1 // length, then that many strings (RDB < 7; Redis 7.0 still loads it)
	TypeSet    Type = 2 // length, then that many strings
	TypeZSet   Type = 3 // length, then pairs of member string and string double (RDB < 8)
	TypeHash   Type = 4 // length, then pairs of field and value strings

	TypeZSet2       Type = 5 // length, then pairs of member string and binary double
	TypeModulePreGA Type = 6 // module value from Redis 4.0 release candidates
	TypeModule2     Type = 7 // module value: module id, then opcode-tagged fields

	TypeHashZipmap    Type = 9  // a string holding a zipmap (Redis < 2.6)
	TypeListZiplist   Type = 10 // a string holding a ziplist (Redis < 3.2)
	TypeSetIntset     Type = 11 // a string holding an intset
	TypeZSetZiplist   Type = 12 // a string holding a ziplist of member, score pairs (Redis < 7.0)
	TypeHashZiplist   Type = 13 // a string holding a ziplist of field, value pairs (Redis < 7.0)
	TypeListQuicklist Type = 14 // length, then that many strings holding ziplists (Redis 3.2 to 6.2)

	TypeStreamListpacks Type = 15 // a stream, listpacks keyed by entry id (Redis 5.0 to 6.2)
	TypeHashListpack    Type = 16 // a string holding a listpack of field, value pairs
	TypeZSetListpack    Type = 17 // a string holding a listpack of member, score pairs

	// TypeListQuicklist2 is how Redis 7.0 writes every list: the number of
	// nodes, then for each node its container kind (ContainerPlain or
	// ContainerPacked) and a string holding the element itself (plain) or a
	// listpack of elements (packed).
	TypeListQuicklist2 Type = 18

	TypeStreamListpacks2 Type = 19 // a stream with the metadata Redis 7.0 added

	// TypeSetListpack and TypeStreamListpacks3 belong to RDB 11 (Redis 7.2).
	// Redis 7.0 does not know them: IsObjectType reports false for them, and
	// a loader faithful to 7.0 rejects them.
	TypeSetListpack      Type = 20
	TypeStreamListpacks3 Type = 21
)

// Quicklist node containers, written before each node of TypeListQuicklist2.
const (
	ContainerPlain  = 1 // the node is one element, stored as a string
	ContainerPacked = 2 // the node is a listpack of elements
)

// Opcode bytes appear in an RDB file where a value type could, and announce
// something other than a key.
const (
	OpFunction2     byte = 245 // a function library: one string, its source code
	OpFunctionPreGA byte = 246 // a function library as 7.0 release candidates wrote it
	OpModuleAux     byte = 247 // module data outside the keyspace
	OpIdle          byte = 248 // LRU idle time of the next key, a length in seconds
	OpFreq          byte = 249 // LFU counter of the next key, one byte
	OpAux           byte = 250 // a metadata field: two strings, name and value
	OpResizeDB      byte = 251 // sizing hint: two lengths, keys and keys with expiry
	OpExpireTimeMs  byte = 252 // expiry of the next key: 8-byte little-endian Unix ms
	OpExpireTime    byte = 253 // expiry of the next key: 4-byte little-endian Unix s (old)
	OpSelectDB      byte = 254 // the database of the following keys: a length
	OpEOF           byte = 255 // end of the file; an 8-byte CRC64 follows
)

// IsObjectType reports whether Redis 7.0 accepts t as a value type. Types 8,
// 20 and up are unknown to it.
func IsObjectType(t Type) bool {
	return t <= TypeModule2 || (t >= TypeHashZipmap && t <= TypeStreamListpacks2)
}

// Length prefixes. The top two bits of the first byte of a length say how
// long it is; 0b11 instead announces a specially encoded string.
const (
	len6Bit  = 0b00 // 00xxxxxx: 0 to 63
	len14Bit = 0b01 // 01xxxxxx xxxxxxxx: 64 to 16383, big endian
	len32Bit = 0x80 // exactly 0x80, then 4 bytes big endian
	len64Bit = 0x81 // exactly 0x81, then 8 bytes big endian
	lenEnc   = 0b11 // 11eeeeee: a special encoding eeeeee follows
)

// Special string encodings, the low six bits after the 0b11 length prefix.
const (
	encInt8  = 0 // 1-byte signed integer
	encInt16 = 1 // 2-byte little-endian signed integer
	encInt32 = 2 // 4-byte little-endian signed integer
	encLZF   = 3 // compressed length, raw length, LZF data
)

// Old-style (string) double markers, used by TypeZSet.
const (
	doubleNaN    = 253
	doublePosInf = 254
	doubleNegInf = 255
)

// moduleNameCharset maps 6-bit groups of a module type id to the characters
// of the module type's 9-character name.
const moduleNameCharset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// ModuleTypeName decodes a module type id, as it appears at the start of a
// module value or module aux record, into the module type's name and its
// encoding version: the upper 54 bits hold nine 6-bit characters, the lower
// 10 bits the version.
func ModuleTypeName(id uint64) (name string, encver uint) {
	var b [9]byte
	rest := id >> 10
	for i := 8; i >= 0; i-- {
		b[i] = moduleNameCharset[rest&63]
		rest >>= 6
	}
	return string(b[:]), uint(id & 1023)
}
