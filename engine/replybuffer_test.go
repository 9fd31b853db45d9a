package engine

import (
	"bytes"
	"testing"
)

// TestReplyBufferReplaysEveryPiece writes the same reply directly and
// through a replyBuffer, in both protocols: the bytes must be the same.
func TestReplyBufferReplaysEveryPiece(t *testing.T) {
	write := func(w Writer) {
		w.Array(14)
		w.Simple("OK")
		w.Error("ERR oops")
		w.Int(-42)
		w.Bulk([]byte("bulk\x00bytes"))
		w.BulkString("")
		w.NullBulk()
		w.NullArray()
		w.Map(1)
		w.BulkString("k")
		w.Set(2)
		w.Int(1)
		w.Int(2)
		w.Push(0)
		w.Double(1.5)
		w.Bool(true)
		w.BigNumber("123456789012345678901234567890")
		w.Verbatim("txt", "some text")
	}
	for _, proto := range []int{2, 3} {
		var direct, replayed []byte
		write(respWriter{out: &direct, proto: &proto})
		var buf replyBuffer
		write(&buf)
		buf.replay(respWriter{out: &replayed, proto: &proto})
		if !bytes.Equal(direct, replayed) {
			t.Errorf("RESP%d:\n  direct   %q\n  replayed %q", proto, direct, replayed)
		}
	}
}
