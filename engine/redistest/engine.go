package redistest

import (
	"time"
)

// An Exchanger is a client of an in-process engine: engine.Client.
type Exchanger interface {
	// Exchange runs the complete requests at the start of input, appends
	// pending output to out and returns how much input it consumed.
	Exchange(input, out []byte) (consumed int, _ []byte, closing bool)
	Close()
}

// ExchangeConn is a Conn to an in-process engine client. It lives here,
// not in the engine, so that the engine's own tests can use this package.
type ExchangeConn struct {
	x      Exchanger
	notify <-chan struct{}
	in     []byte
	out    []byte
}

// NewExchangeConn wraps an engine client. notify must receive a value
// whenever the client's notify function is called.
func NewExchangeConn(x Exchanger, notify <-chan struct{}) *ExchangeConn {
	return &ExchangeConn{x: x, notify: notify}
}

// NotifyFunc returns a channel and the function to give the engine as
// the client's notify hook; the pair feeds NewExchangeConn.
func NotifyFunc() (chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	return ch, func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

func (ec *ExchangeConn) Send(req []byte) error {
	ec.in = append(ec.in, req...)
	ec.exchange()
	return nil
}

func (ec *ExchangeConn) exchange() {
	n, out, _ := ec.x.Exchange(ec.in, ec.out)
	ec.out = out
	ec.in = ec.in[n:]
}

func (ec *ExchangeConn) Read(timeout time.Duration) ([]byte, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	return readReply(&ec.out, timeout, func(p []byte, _ time.Time) (int, error) {
		for {
			// Output may be pending from a notification or earlier input.
			ec.exchange()
			if len(ec.out) > 0 {
				return 0, nil
			}
			select {
			case <-ec.notify:
			case <-deadline.C:
				return 0, errNoReply
			}
		}
	})
}

func (ec *ExchangeConn) Close() error {
	ec.x.Close()
	return nil
}
