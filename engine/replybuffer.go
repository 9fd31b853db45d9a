package engine

// replyBuffer is a Writer that keeps a reply's pieces to write them later.
// Redis writes some replies before their length is known and patches the
// length in afterwards (addReplyDeferredLen); where the pieces cannot be
// counted ahead without repeating work that has side effects (XREADGROUP,
// XCLAIM, XAUTOCLAIM), a handler writes them here, counts them, writes the
// header and then replays them.
type replyBuffer struct {
	ops  []replyOp
	data []byte // the bytes of the string pieces, back to back
}

type replyOp struct {
	kind replyKind
	n    int64 // integer, aggregate length, or the length of the piece in data
	f    float64
	b    bool
	s    string // simple strings, errors, big numbers, verbatim format, double texts
}

type replyKind uint8

const (
	replySimple replyKind = iota
	replyError
	replyInt
	replyBulk
	replyNullBulk
	replyNullArray
	replyArray
	replyMap
	replySet
	replyPush
	replyDouble
	replyDoubleText
	replyBool
	replyBigNumber
	replyVerbatim
)

func (r *replyBuffer) op(o replyOp) { r.ops = append(r.ops, o) }

func (r *replyBuffer) Simple(s string)  { r.op(replyOp{kind: replySimple, s: s}) }
func (r *replyBuffer) Error(msg string) { r.op(replyOp{kind: replyError, s: msg}) }
func (r *replyBuffer) Int(n int64)      { r.op(replyOp{kind: replyInt, n: n}) }
func (r *replyBuffer) Bulk(b []byte) {
	r.data = append(r.data, b...)
	r.op(replyOp{kind: replyBulk, n: int64(len(b))})
}
func (r *replyBuffer) BulkString(s string) {
	r.data = append(r.data, s...)
	r.op(replyOp{kind: replyBulk, n: int64(len(s))})
}
func (r *replyBuffer) NullBulk()               { r.op(replyOp{kind: replyNullBulk}) }
func (r *replyBuffer) NullArray()              { r.op(replyOp{kind: replyNullArray}) }
func (r *replyBuffer) Array(n int)             { r.op(replyOp{kind: replyArray, n: int64(n)}) }
func (r *replyBuffer) Map(n int)               { r.op(replyOp{kind: replyMap, n: int64(n)}) }
func (r *replyBuffer) Set(n int)               { r.op(replyOp{kind: replySet, n: int64(n)}) }
func (r *replyBuffer) Push(n int)              { r.op(replyOp{kind: replyPush, n: int64(n)}) }
func (r *replyBuffer) Double(f float64)        { r.op(replyOp{kind: replyDouble, f: f}) }
func (r *replyBuffer) DoubleText(text string)  { r.op(replyOp{kind: replyDoubleText, s: text}) }
func (r *replyBuffer) Bool(v bool)             { r.op(replyOp{kind: replyBool, b: v}) }
func (r *replyBuffer) BigNumber(digits string) { r.op(replyOp{kind: replyBigNumber, s: digits}) }
func (r *replyBuffer) Verbatim(format, text string) {
	r.data = append(r.data, text...)
	r.op(replyOp{kind: replyVerbatim, s: format, n: int64(len(text))})
}

// replay writes the kept pieces to w, in order.
func (r *replyBuffer) replay(w Writer) {
	off := int64(0)
	for _, o := range r.ops {
		switch o.kind {
		case replySimple:
			w.Simple(o.s)
		case replyError:
			w.Error(o.s)
		case replyInt:
			w.Int(o.n)
		case replyBulk:
			w.Bulk(r.data[off : off+o.n])
			off += o.n
		case replyNullBulk:
			w.NullBulk()
		case replyNullArray:
			w.NullArray()
		case replyArray:
			w.Array(int(o.n))
		case replyMap:
			w.Map(int(o.n))
		case replySet:
			w.Set(int(o.n))
		case replyPush:
			w.Push(int(o.n))
		case replyDouble:
			w.Double(o.f)
		case replyDoubleText:
			w.DoubleText(o.s)
		case replyBool:
			w.Bool(o.b)
		case replyBigNumber:
			w.BigNumber(o.s)
		case replyVerbatim:
			w.Verbatim(o.s, string(r.data[off:off+o.n]))
			off += o.n
		}
	}
}

// buffered runs fn with the client's replies going to a buffer, and
// returns the buffer. The buffered replies are written with replay.
func (c *Client) buffered(fn func()) *replyBuffer {
	buf := &replyBuffer{}
	saved := c.reply
	c.reply = buf
	defer func() { c.reply = saved }()
	fn()
	return buf
}
