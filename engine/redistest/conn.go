package redistest

import (
	"bytes"
	"fmt"
	"net"
	"time"

	"github.com/redwasm/redwasm/engine/resp"
)

// A Conn sends requests and reads whole replies as raw bytes. Both sides
// of a Pair are Conns: a TCP connection to redis-server, or an adapter to
// the engine.
type Conn interface {
	// Send writes raw request bytes.
	Send(req []byte) error
	// Read returns the next complete reply's raw bytes, waiting up to
	// timeout for it.
	Read(timeout time.Duration) ([]byte, error)
	Close() error
}

// NetConn is a Conn over a network connection.
type NetConn struct {
	c   net.Conn
	buf []byte
}

// Dial connects to a RESP server.
func Dial(addr string) (*NetConn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &NetConn{c: c}, nil
}

func (n *NetConn) Send(req []byte) error {
	_, err := n.c.Write(req)
	return err
}

func (n *NetConn) Read(timeout time.Duration) ([]byte, error) {
	return readReply(&n.buf, timeout, func(p []byte, deadline time.Time) (int, error) {
		n.c.SetReadDeadline(deadline)
		return n.c.Read(p)
	})
}

func (n *NetConn) Close() error { return n.c.Close() }

// readReply takes one complete reply from *buf, reading more with read
// until the deadline.
func readReply(buf *[]byte, timeout time.Duration, read func([]byte, time.Time) (int, error)) ([]byte, error) {
	deadline := time.Now().Add(timeout)
	var tmp [16384]byte
	for {
		if len(*buf) > 0 {
			_, n, err := resp.ParseReply(*buf)
			if err == nil {
				reply := bytes.Clone((*buf)[:n])
				*buf = (*buf)[n:]
				return reply, nil
			}
			if err != resp.ErrIncomplete {
				return nil, fmt.Errorf("malformed reply %q: %v", *buf, err)
			}
		}
		m, err := read(tmp[:], deadline)
		*buf = append(*buf, tmp[:m]...)
		if err != nil && m == 0 {
			return nil, err
		}
	}
}

// NoReply is returned by Read when nothing arrived in time.
var errNoReply = fmt.Errorf("no reply")
