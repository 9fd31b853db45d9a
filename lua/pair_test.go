package lua

import (
	"testing"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/redistest"
)

// newEngine returns an engine with scripting attached, configured like
// the shared redis-server (no save points, debug commands on).
func newEngine(t testing.TB, opts Options) (*engine.Engine, *Scripting) {
	t.Helper()
	e, err := engine.New(engine.Options{Config: map[string]string{"enable-debug-command": "yes", "save": ""}})
	if err != nil {
		t.Fatal(err)
	}
	return e, Attach(e, opts)
}

// newConn connects a new client of e as a redistest.Conn.
func newConn(e *engine.Engine) *redistest.ExchangeConn {
	ch, notify := redistest.NotifyFunc()
	return redistest.NewExchangeConn(e.NewClient(engine.ClientOptions{
		Addr: "127.0.0.1:40000", LocalAddr: "127.0.0.1:6379", Notify: notify}), ch)
}

// newPair pairs a client of the shared redis-server with one of a fresh
// engine with scripting. Both start with no keys, scripts or libraries.
func newPair(t *testing.T) (*redistest.Pair, *engine.Engine, *Scripting) {
	t.Helper()
	e, s := newEngine(t, Options{})
	p := redistest.NewPair(t, newConn(e))
	p.Both("SCRIPT", "FLUSH")
	p.Both("FUNCTION", "FLUSH")
	p.Both("CONFIG", "SET", "busy-reply-threshold", "5000")
	return p, e, s
}

func engineClientOptions() engine.ClientOptions {
	return engine.ClientOptions{Addr: "127.0.0.1:40000", LocalAddr: "127.0.0.1:6379"}
}
