package server

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/redwasm/redwasm/engine"
)

// Server serves one engine to any number of connections.
type Server struct {
	e *engine.Engine

	mu        sync.Mutex
	listeners []net.Listener
	conns     map[*conn]struct{}
	closed    bool

	cronStop context.CancelFunc
	wg       sync.WaitGroup

	beforeReply func() error
}

// BeforeReply makes the server call fn after the engine ran a
// connection's commands and before their replies are written: the place
// for engine.FlushAOF, so that no client sees a write acknowledged that
// the AOF does not hold. When fn fails the connection closes without the
// replies. Set it before Serve.
func (s *Server) BeforeReply(fn func() error) {
	s.mu.Lock()
	s.beforeReply = fn
	s.mu.Unlock()
}

// New returns a server for e. It starts the engine's periodic work (active
// expiry and the like), which stops with Close.
func New(e *engine.Engine) *Server {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{e: e, conns: map[*conn]struct{}{}, cronStop: cancel}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		e.RunCron(ctx)
	}()
	return s
}

// Serve accepts connections on ln until Close. It returns nil after Close.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errors.New("server: closed")
	}
	s.listeners = append(s.listeners, ln)
	s.mu.Unlock()
	for {
		nc, err := ln.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return err
		}
		s.accept(nc)
	}
}

// Close stops listening and closes every connection.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	for _, ln := range s.listeners {
		ln.Close()
	}
	for c := range s.conns {
		c.nc.Close()
	}
	s.mu.Unlock()
	s.cronStop()
	s.wg.Wait()
	return nil
}

func (s *Server) accept(nc net.Conn) {
	if tc, ok := nc.(*net.TCPConn); ok {
		tc.SetNoDelay(true)
		tc.SetKeepAlive(true)
	}
	c := &conn{nc: nc, wake: make(chan struct{}, 1), done: make(chan struct{}), beforeReply: s.beforeReply}
	c.client = s.e.NewClient(engine.ClientOptions{
		Addr:      nc.RemoteAddr().String(),
		LocalAddr: nc.LocalAddr().String(),
		Notify:    c.notify,
	})
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		c.readLoop()
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
	}()
	go func() {
		defer s.wg.Done()
		c.wakeLoop()
	}()
}
