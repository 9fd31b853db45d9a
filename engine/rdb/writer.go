package rdb

import (
	"encoding/binary"
	"io"
)

// Writer passes RDB bytes on to an io.Writer while keeping their CRC64, so
// a file can end with its checksum. Build each record with the append
// functions into a scratch slice and Write it:
//
//	w := rdb.NewWriter(bufio.NewWriter(f))
//	buf = rdb.AppendFileHeader(buf[:0])
//	w.Write(buf)
//	...
//	w.WriteEOF()
//
// The first error sticks: later writes do nothing and return it.
type Writer struct {
	w   io.Writer
	crc uint64
	n   int64
	err error
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w}
}

// Write writes p and adds it to the checksum.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.w.Write(p)
	w.crc = CRC64(w.crc, p[:n])
	w.n += int64(n)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	w.err = err
	return n, err
}

// Checksum returns the CRC64 of the bytes written so far.
func (w *Writer) Checksum() uint64 { return w.crc }

// Offset returns the number of bytes written so far.
func (w *Writer) Offset() int64 { return w.n }

// WriteEOF ends an RDB file: OpEOF, then the CRC64 of every byte before
// it, OpEOF included, in 8 little-endian bytes.
func (w *Writer) WriteEOF() error {
	if _, err := w.Write([]byte{OpEOF}); err != nil {
		return err
	}
	_, err := w.Write(binary.LittleEndian.AppendUint64(nil, w.crc))
	return err
}
