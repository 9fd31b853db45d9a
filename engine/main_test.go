package engine

import (
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
)

func TestMain(m *testing.M) { redistest.Main(m) }

// newPair returns a differential pair: a client of the shared
// redis-server and a client of a fresh engine configured like it.
func newPair(t *testing.T) (*redistest.Pair, *Engine) {
	t.Helper()
	e := newTestEngine(t)
	return redistest.NewPair(t, newConn(e)), e
}

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	// Configured like the shared redis-server: debug commands on, no save
	// points (redistest starts it with --save '').
	e, err := New(Options{Config: map[string]string{"enable-debug-command": "yes", "save": ""}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// newConn connects a new client of e as a redistest.Conn.
func newConn(e *Engine) *redistest.ExchangeConn {
	ch, notify := redistest.NotifyFunc()
	return redistest.NewExchangeConn(e.NewClient(ClientOptions{Addr: "127.0.0.1:40000", LocalAddr: "127.0.0.1:6379", Notify: notify}), ch)
}
