// Package rdb is the byte layer of Redis's RDB format, version 10 as Redis
// 7.0 writes it: the pieces an RDB file or a DUMP payload is made of,
// encoded byte for byte as Redis encodes them and decoded with the checks
// Redis applies to untrusted input. It knows nothing of the engine's
// values; an RDB writer and loader build on it.
//
// # Writing
//
// Encoders are append functions over byte slices, so one code path builds
// DUMP payloads in memory and RDB files:
//
//   - AppendLength, AppendString (integer encoding, LZF compression, or
//     verbatim, chosen as rdbSaveRawString chooses), AppendInt,
//     AppendLZFString, AppendBinaryDouble, AppendStringDouble,
//     AppendMillisecondTime, AppendFileHeader.
//   - ListpackBuilder builds a listpack entry by entry, choosing integer or
//     string encodings as Redis does (ParseInt64 is that rule).
//     AppendIntset builds an intset.
//   - CompressLZF is Redis's lzf_compress, output-space rules included, so
//     compressed strings match Redis's bytes.
//   - AppendDumpFooter turns a type byte and an encoded value into a DUMP
//     payload. A Writer passes file bytes to an io.Writer while keeping the
//     CRC64 that WriteEOF appends.
//
// A DUMP of a hash in its listpack encoding, for example, is
//
//	var lp rdb.ListpackBuilder
//	for _, f := range fieldsAndValues {
//		lp.AppendString(f)
//	}
//	payload := []byte{byte(rdb.TypeHashListpack)}
//	payload = rdb.AppendString(payload, lp.Finish(), true)
//	payload = rdb.AppendDumpFooter(payload)
//
// # Reading
//
// A Reader decodes the same primitives from an io.Reader (a file, or a
// payload through bytes.NewReader), keeping the offset and CRC64 of what it
// has consumed. OpenDump verifies a RESTORE payload and returns its type
// and a Reader positioned on the value. Blobs inside values are parsed
// with ParseListpack, ParseIntset, ParseZiplist and ParseZipmap, which
// check the whole structure first (Redis's deep integrity checks) and
// return a value whose entries can then be walked without further checks.
// ParseCDouble reads a score stored as text the way Redis does (strtod).
//
// Malformed input gives an error wrapping ErrCorrupt, input that ends
// early one wrapping io.ErrUnexpectedEOF; nothing panics, and no length
// read from the input is allocated before the bytes behind it arrive.
// Module data cannot be loaded: ReadModuleID names the module in a
// *ModuleError.
//
// # Fidelity
//
// Redis 7.0.15 is the reference, and the tests hold this package to a
// running redis-server: DUMP payloads of values in every encoding are
// rebuilt here byte for byte, payloads in the older encodings are loaded
// by both sides and compared, and corrupted payloads are accepted or
// refused exactly as RESTORE does. Where Redis's loader has quirks, they
// are kept so that whatever Redis loads, this package loads: a special
// encoding byte read where a length is expected counts as a 6-bit length;
// an LZF string declaring length 0 loads as empty whatever its data; bytes
// between a DUMP value and its footer are ignored, and a value may run on
// into the footer (OpenDump's Reader covers the whole payload).
//
// One thing cannot be matched in every case: Redis's lzf leaves its hash
// table uninitialised between calls, so an entry left by an earlier
// compression can, rarely, let Redis find a match that a fresh table does
// not. CompressLZF always starts fresh; across tens of thousands of
// compared strings no difference has shown up.
//
// # Not here
//
// Which encoding a value gets (listpack or hashtable, the intset width,
// how a list splits into quicklist nodes, whether list nodes are kept
// compressed) and the text of zset scores (Redis 7.0's "%.17g") belong to
// the engine's types; so do the checks that need to know what a blob
// holds, such as duplicate hash fields or an odd number of pair entries.
// Streams are read and written with these primitives and listpacks, but
// their layout is not modelled here.
package rdb
