package engine

import (
	"github.com/redwasm/redwasm/engine/resp"
)

// A Writer receives one command's reply, piece by piece. Aggregates are a
// header (Array, Map, Set, Push with their element count; a map of n pairs
// is followed by 2n values) and then their elements. The engine's RESP
// encoder turns the RESP3-only types into their RESP2 forms for RESP2
// clients; the Lua bridge builds Lua values instead. Handlers write through
// the Client and never learn which writer is behind it.
type Writer interface {
	Simple(s string)
	Error(msg string) // msg carries its code: "ERR ...", "WRONGTYPE ..."
	Int(n int64)
	Bulk(b []byte)
	BulkString(s string)
	NullBulk()  // RESP2 $-1
	NullArray() // RESP2 *-1
	Array(n int)
	Map(n int)
	Set(n int)
	Push(n int)
	Double(f float64)
	// DoubleText is a double already formatted, for the replies Redis
	// prints its own way (GEOPOS coordinates): a RESP3 double with that
	// text, a bulk string in RESP2.
	DoubleText(text string)
	Bool(v bool)
	BigNumber(digits string)
	Verbatim(format, text string)
}

// respWriter encodes replies as RESP bytes into a client's output buffer,
// in the client's protocol version.
type respWriter struct {
	out   *[]byte
	proto *int
}

func (w respWriter) Simple(s string)     { *w.out = resp.AppendSimple(*w.out, s) }
func (w respWriter) Error(msg string)    { *w.out = resp.AppendError(*w.out, msg) }
func (w respWriter) Int(n int64)         { *w.out = resp.AppendInt(*w.out, n) }
func (w respWriter) Bulk(b []byte)       { *w.out = resp.AppendBulk(*w.out, b) }
func (w respWriter) BulkString(s string) { *w.out = resp.AppendBulkString(*w.out, s) }
func (w respWriter) Array(n int)         { *w.out = resp.AppendHeader(*w.out, '*', n) }

func (w respWriter) NullBulk() {
	if *w.proto == 3 {
		*w.out = append(*w.out, resp.Null3...)
	} else {
		*w.out = append(*w.out, resp.NullBulk2...)
	}
}

func (w respWriter) NullArray() {
	if *w.proto == 3 {
		*w.out = append(*w.out, resp.Null3...)
	} else {
		*w.out = append(*w.out, resp.NullArray2...)
	}
}

func (w respWriter) Map(n int) {
	if *w.proto == 3 {
		*w.out = resp.AppendHeader(*w.out, '%', n)
	} else {
		*w.out = resp.AppendHeader(*w.out, '*', 2*n)
	}
}

func (w respWriter) Set(n int) {
	if *w.proto == 3 {
		*w.out = resp.AppendHeader(*w.out, '~', n)
	} else {
		*w.out = resp.AppendHeader(*w.out, '*', n)
	}
}

func (w respWriter) Push(n int) {
	if *w.proto == 3 {
		*w.out = resp.AppendHeader(*w.out, '>', n)
	} else {
		*w.out = resp.AppendHeader(*w.out, '*', n)
	}
}

func (w respWriter) Double(f float64) {
	if *w.proto == 3 {
		*w.out = resp.AppendDouble3(*w.out, f)
		return
	}
	var tmp [32]byte
	*w.out = resp.AppendBulk(*w.out, resp.AppendFloat(tmp[:0], f))
}

func (w respWriter) DoubleText(text string) {
	if *w.proto == 3 {
		*w.out = append(append(append(*w.out, ','), text...), '\r', '\n')
		return
	}
	*w.out = resp.AppendBulkString(*w.out, text)
}

func (w respWriter) Bool(v bool) {
	switch {
	case *w.proto == 3:
		*w.out = resp.AppendBool3(*w.out, v)
	case v:
		*w.out = resp.AppendInt(*w.out, 1)
	default:
		*w.out = resp.AppendInt(*w.out, 0)
	}
}

func (w respWriter) BigNumber(digits string) {
	if *w.proto == 3 {
		*w.out = resp.AppendBigNumber3(*w.out, digits)
	} else {
		*w.out = resp.AppendBulkString(*w.out, digits)
	}
}

func (w respWriter) Verbatim(format, text string) {
	if *w.proto == 3 {
		*w.out = resp.AppendVerbatim3(*w.out, format, text)
	} else {
		*w.out = resp.AppendBulkString(*w.out, text)
	}
}
