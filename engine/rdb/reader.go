package rdb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// ErrCorrupt is wrapped by every error about malformed data, in the stream
// or inside a listpack, ziplist, zipmap or intset. Running out of data is
// io.ErrUnexpectedEOF instead, and a failing source's error is passed on.
var ErrCorrupt = errors.New("rdb: corrupt data")

// A Reader's buffer starts small, or at the size of an in-memory source
// (one with a Len method, like bytes.Reader), and doubles with each refill
// up to readerBufSize, so a short DUMP payload costs little and a file is
// read in large chunks.
const (
	readerMinBuf  = 512
	readerBufSize = 64 << 10
)

// Reader decodes RDB primitives from a stream: a file, a socket, or a
// DUMP payload through bytes.NewReader. It keeps the CRC64 and the count
// of the bytes consumed so far, which an RDB loader compares with the
// checksum after OpEOF.
//
// Lengths in the data are never trusted for allocation: a string is read
// in chunks as its bytes arrive, so a hostile length costs at most about
// twice the input actually supplied.
type Reader struct {
	src    io.Reader
	buf    []byte // unread bytes are buf[r:w]
	r, w   int
	crc    uint64
	offset int64
	srcErr error // sticky error from src
}

// NewReader returns a Reader consuming src.
func NewReader(src io.Reader) *Reader {
	return &Reader{src: src}
}

// Offset returns the number of bytes consumed so far.
func (r *Reader) Offset() int64 { return r.offset }

// Checksum returns the CRC64 of the bytes consumed so far.
func (r *Reader) Checksum() uint64 { return r.crc }

// corrupt returns an ErrCorrupt error describing what is wrong at the
// current offset.
func (r *Reader) corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s at offset %d", ErrCorrupt, fmt.Sprintf(format, args...), r.offset)
}

// truncated reports that the data ran out, or passes on the source's own
// error if it failed otherwise.
func (r *Reader) truncated() error {
	at := r.offset + int64(r.w-r.r)
	if r.srcErr != nil && r.srcErr != io.EOF && r.srcErr != io.ErrNoProgress {
		return fmt.Errorf("rdb: reading at offset %d: %w", at, r.srcErr)
	}
	return fmt.Errorf("rdb: data ends at offset %d: %w", at, io.ErrUnexpectedEOF)
}

// fill reads more data from src into the buffer; it returns an error only
// when no more data is coming.
func (r *Reader) fill() error {
	if r.srcErr != nil {
		return r.truncated()
	}
	switch {
	case r.buf == nil:
		size := readerMinBuf
		if l, ok := r.src.(interface{ Len() int }); ok {
			size = max(l.Len(), 16)
		}
		r.buf = make([]byte, min(size, readerBufSize))
	case len(r.buf) < readerBufSize:
		nb := make([]byte, min(2*len(r.buf), readerBufSize))
		r.w = copy(nb, r.buf[r.r:r.w])
		r.r = 0
		r.buf = nb
	case r.r > 0:
		r.w = copy(r.buf, r.buf[r.r:r.w])
		r.r = 0
	}
	for range 100 { // tolerate sources that return (0, nil) a few times
		n, err := r.src.Read(r.buf[r.w:])
		r.w += n
		if err != nil {
			r.srcErr = err
		}
		if n > 0 {
			return nil
		}
		if err != nil {
			return r.truncated()
		}
	}
	r.srcErr = io.ErrNoProgress
	return r.truncated()
}

// consume marks b, the next len(b) buffered bytes, as read.
func (r *Reader) consume(b []byte) {
	r.crc = CRC64(r.crc, b)
	r.offset += int64(len(b))
}

// peek returns the next n (at most 255) bytes without consuming them; they
// stay valid until the next read.
func (r *Reader) peek(n int) ([]byte, error) {
	for r.w-r.r < n {
		if err := r.fill(); err != nil {
			return nil, err
		}
	}
	return r.buf[r.r : r.r+n], nil
}

// next consumes and returns the next n (small) bytes; they stay valid
// until the next read.
func (r *Reader) next(n int) ([]byte, error) {
	b, err := r.peek(n)
	if err != nil {
		return nil, err
	}
	r.r += n
	r.consume(b)
	return b, nil
}

// ReadByte reads one byte: a value type, an opcode, or an LFU counter.
func (r *Reader) ReadByte() (byte, error) {
	b, err := r.next(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

// ReadRaw reads n bytes as they are, such as the 16-byte stream ids in a
// consumer group's pending list, into a new slice.
func (r *Reader) ReadRaw(n uint64) ([]byte, error) {
	if n > math.MaxInt {
		return nil, r.truncated()
	}
	out := make([]byte, 0, min(n, readerBufSize))
	for uint64(len(out)) < n {
		if r.r == r.w {
			if err := r.fill(); err != nil {
				return nil, err
			}
		}
		chunk := r.buf[r.r:min(r.w, r.r+int(n-uint64(len(out))))]
		r.r += len(chunk)
		r.consume(chunk)
		out = append(out, chunk...)
	}
	return out, nil
}

// readLength reads a length or, when the top bits are 0b11, the number of
// a special string encoding (encoded is then true).
func (r *Reader) readLength() (n uint64, encoded bool, err error) {
	first, err := r.ReadByte()
	if err != nil {
		return 0, false, err
	}
	switch {
	case first>>6 == lenEnc:
		return uint64(first & 0x3f), true, nil
	case first>>6 == len6Bit:
		return uint64(first & 0x3f), false, nil
	case first>>6 == len14Bit:
		b, err := r.ReadByte()
		if err != nil {
			return 0, false, err
		}
		return uint64(first&0x3f)<<8 | uint64(b), false, nil
	case first == len32Bit:
		b, err := r.next(4)
		if err != nil {
			return 0, false, err
		}
		return uint64(binary.BigEndian.Uint32(b)), false, nil
	case first == len64Bit:
		b, err := r.next(8)
		if err != nil {
			return 0, false, err
		}
		return binary.BigEndian.Uint64(b), false, nil
	}
	return 0, false, r.corrupt("unknown length encoding 0x%02x", first)
}

// ReadLength reads a length: a count of elements, a database number, a
// container kind. Like Redis's rdbLoadLen, it reads a special-encoding
// byte (0b11xxxxxx) where a length is expected as the length xxxxxx.
func (r *Reader) ReadLength() (uint64, error) {
	n, _, err := r.readLength()
	return n, err
}

// ReadString reads a string in any of its RDB forms, verbatim, integer
// encoded (returned as its decimal digits) or LZF compressed, into a new
// slice.
func (r *Reader) ReadString() ([]byte, error) {
	n, encoded, err := r.readLength()
	if err != nil {
		return nil, err
	}
	if !encoded {
		return r.ReadRaw(n)
	}
	switch n {
	case encInt8:
		b, err := r.next(1)
		if err != nil {
			return nil, err
		}
		return strconv.AppendInt(nil, int64(int8(b[0])), 10), nil
	case encInt16:
		b, err := r.next(2)
		if err != nil {
			return nil, err
		}
		return strconv.AppendInt(nil, int64(int16(binary.LittleEndian.Uint16(b))), 10), nil
	case encInt32:
		b, err := r.next(4)
		if err != nil {
			return nil, err
		}
		return strconv.AppendInt(nil, int64(int32(binary.LittleEndian.Uint32(b))), 10), nil
	case encLZF:
		return r.readLZFString()
	}
	return nil, r.corrupt("unknown string encoding %d", n)
}

func (r *Reader) readLZFString() ([]byte, error) {
	clen, err := r.ReadLength()
	if err != nil {
		return nil, err
	}
	rawLen, err := r.ReadLength()
	if err != nil {
		return nil, err
	}
	compressed, err := r.ReadRaw(clen)
	if err != nil {
		return nil, err
	}
	// Redis checks that decompression produced exactly rawLen bytes, and
	// lzf reports failure as 0 bytes: a declared length of 0 therefore
	// passes whatever the data, and loads as the empty string.
	if rawLen == 0 {
		return []byte{}, nil
	}
	if rawLen > math.MaxInt {
		return nil, r.corrupt("invalid LZF compressed string")
	}
	out, err := DecompressLZF(nil, compressed, int(rawLen))
	if err != nil {
		return nil, r.corrupt("invalid LZF compressed string")
	}
	return out, nil
}

// ReadBinaryDouble reads 8 little-endian bytes of IEEE 754 (zset scores
// since RDB 8).
func (r *Reader) ReadBinaryDouble() (float64, error) {
	b, err := r.next(8)
	if err != nil {
		return 0, err
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b)), nil
}

// ReadStringDouble reads a double in the old text form (TypeZSet): a
// length byte, 253 for NaN, 254 for +Inf, 255 for -Inf, else that many
// bytes of text parsed like C's sscanf("%lg"), which takes the longest
// leading part that is a number.
func (r *Reader) ReadStringDouble() (float64, error) {
	n, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	switch n {
	case doubleNaN:
		return math.NaN(), nil
	case doublePosInf:
		return math.Inf(1), nil
	case doubleNegInf:
		return math.Inf(-1), nil
	}
	b, err := r.next(int(n))
	if err != nil {
		return 0, err
	}
	v, ok := parseCDouble(b)
	if !ok {
		return 0, r.corrupt("invalid double %q", b)
	}
	return v, nil
}

// ReadMillisecondTime reads the 8-byte little-endian Unix time in
// milliseconds after OpExpireTimeMs, or the delivery time in a stream's
// pending list.
func (r *Reader) ReadMillisecondTime() (int64, error) {
	b, err := r.next(8)
	if err != nil {
		return 0, err
	}
	return int64(binary.LittleEndian.Uint64(b)), nil
}

// ReadSecondTime reads the 4-byte little-endian Unix time in seconds after
// the old OpExpireTime.
func (r *Reader) ReadSecondTime() (int64, error) {
	b, err := r.next(4)
	if err != nil {
		return 0, err
	}
	return int64(int32(binary.LittleEndian.Uint32(b))), nil
}

// ReadFileHeader reads the 9-byte signature of an RDB file and returns its
// version. Like Redis, it wants "REDIS" and reads the rest as atoi does,
// accepting versions 1 to Version.
func (r *Reader) ReadFileHeader() (int, error) {
	b, err := r.next(9)
	if err != nil {
		return 0, err
	}
	if string(b[:5]) != "REDIS" {
		return 0, fmt.Errorf("%w: wrong signature trying to load DB from file", ErrCorrupt)
	}
	v := atoi(b[5:])
	if v < 1 || v > Version {
		return 0, fmt.Errorf("%w: can't handle RDB format version %d", ErrCorrupt, v)
	}
	return v, nil
}

// ReadModuleID reads the module type id that starts a module value
// (TypeModule2, TypeModulePreGA) or an OpModuleAux record, and returns a
// *ModuleError naming the module: redwasm loads no modules, so such data
// always stops a load. It returns the read error instead if the id cannot
// be read.
func (r *Reader) ReadModuleID(aux bool) error {
	id, err := r.ReadLength()
	if err != nil {
		return err
	}
	return &ModuleError{ID: id, Aux: aux}
}

// ModuleError reports module data, which cannot be loaded without the
// module that wrote it.
type ModuleError struct {
	ID  uint64 // the module type id
	Aux bool   // module aux data rather than a key's value
}

func (e *ModuleError) Error() string {
	name, _ := ModuleTypeName(e.ID)
	if e.Aux {
		return fmt.Sprintf("The RDB file contains AUX module data I can't load: no matching module '%s'", name)
	}
	return fmt.Sprintf("The RDB file contains module data I can't load: no matching module type '%s'", name)
}

// Unwrap makes a ModuleError match ErrCorrupt: the data cannot be loaded.
func (e *ModuleError) Unwrap() error { return ErrCorrupt }

// atoi is C's atoi over b: leading white space, an optional sign, then
// digits up to the first non-digit.
func atoi(b []byte) int {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] >= '\t' && b[i] <= '\r') {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	v := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		v = v*10 + int(b[i]-'0')
	}
	if neg {
		return -v
	}
	return v
}
