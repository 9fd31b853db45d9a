package server

import (
	"net"
	"sync"

	"github.com/redwasm/redwasm/engine"
)

const readSize = 16 * 1024

// conn is one client connection. mu serialises exchanges with the engine
// and writes to the socket, so replies leave in the order they were made
// whichever goroutine sends them.
type conn struct {
	nc     net.Conn
	client *engine.Client
	wake   chan struct{}
	done   chan struct{} // closed when the connection ends

	beforeReply func() error // see Server.BeforeReply

	mu     sync.Mutex
	in     []byte // received bytes not yet consumed by the engine
	out    []byte
	closed bool
}

// notify is the engine's hook for output arriving outside an exchange. It
// runs with the engine locked, so it only signals.
func (c *conn) notify() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *conn) readLoop() {
	defer c.shutdown()
	buf := make([]byte, readSize)
	for {
		n, err := c.nc.Read(buf)
		if n > 0 {
			c.mu.Lock()
			c.in = append(c.in, buf[:n]...)
			ok := c.exchange()
			c.mu.Unlock()
			if !ok {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// wakeLoop delivers output the engine produced between requests, and
// resumes a client whose blocking command was served while it had more
// requests waiting.
func (c *conn) wakeLoop() {
	for {
		select {
		case <-c.wake:
		case <-c.done:
			return
		}
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return
		}
		ok := c.exchange()
		c.mu.Unlock()
		if !ok {
			c.nc.Close()
			return
		}
	}
}

// exchange runs what input is complete, writes the output and reports
// whether the connection stays open. c.mu is held.
func (c *conn) exchange() bool {
	n, out, closing := c.client.Exchange(c.in, c.out[:0])
	if c.beforeReply != nil && len(out) > 0 {
		if err := c.beforeReply(); err != nil {
			return false
		}
	}
	c.in = c.in[n:]
	if len(c.in) == 0 && cap(c.in) > 4*readSize {
		c.in = nil // let a large request's buffer go
	}
	if len(out) > 0 {
		if _, err := c.nc.Write(out); err != nil {
			return false
		}
	}
	if cap(out) <= 4*readSize {
		c.out = out
	} else {
		c.out = nil
	}
	return !closing
}

func (c *conn) shutdown() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.nc.Close()
	c.client.Close()
	close(c.done)
}
