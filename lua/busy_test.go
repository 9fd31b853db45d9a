package lua

import (
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// asyncConn is a redistest.Conn to an engine client whose exchanges run
// in a goroutine of their own, as a network connection's would: a client
// running a long script holds its exchange while others go on.
type asyncConn struct {
	c     *engine.Client
	mu    sync.Mutex
	in    []byte
	out   []byte
	kick  chan struct{}
	ready chan struct{}
	stop  chan struct{}
	done  chan struct{}
}

func newAsyncConn(e *engine.Engine) *asyncConn {
	a := &asyncConn{kick: make(chan struct{}, 1), ready: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{})}
	a.c = e.NewClient(engine.ClientOptions{Addr: "127.0.0.1:40001", LocalAddr: "127.0.0.1:6379", Notify: a.poke})
	go a.loop()
	return a
}

func (a *asyncConn) poke() {
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

func (a *asyncConn) loop() {
	defer close(a.done)
	for {
		select {
		case <-a.stop:
			return
		case <-a.kick:
		}
		a.mu.Lock()
		input := append([]byte(nil), a.in...)
		a.mu.Unlock()
		n, out, _ := a.c.Exchange(input, nil)
		a.mu.Lock()
		a.in = a.in[n:]
		a.out = append(a.out, out...)
		a.mu.Unlock()
		select {
		case a.ready <- struct{}{}:
		default:
		}
	}
}

func (a *asyncConn) Send(req []byte) error {
	a.mu.Lock()
	a.in = append(a.in, req...)
	a.mu.Unlock()
	a.poke()
	return nil
}

func (a *asyncConn) Read(timeout time.Duration) ([]byte, error) {
	deadline := time.After(timeout)
	for {
		a.mu.Lock()
		if len(a.out) > 0 {
			_, n, err := resp.ParseReply(a.out)
			if err == nil {
				reply := append([]byte(nil), a.out[:n]...)
				a.out = a.out[n:]
				a.mu.Unlock()
				return reply, nil
			}
		}
		a.mu.Unlock()
		select {
		case <-a.ready:
		case <-deadline:
			return nil, errors.New("no reply")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func (a *asyncConn) Close() error {
	close(a.stop)
	<-a.done
	a.c.Close()
	return nil
}

// busyPair is two clients on each side: one runs a script, the other
// talks to the server meanwhile.
func busyPair(t *testing.T, threshold string) (runner, other *redistest.Pair) {
	t.Helper()
	p, e, _ := newPair(t)
	p.Both("CONFIG", "SET", "busy-reply-threshold", threshold)
	t.Cleanup(func() { p.Both("CONFIG", "SET", "busy-reply-threshold", "5000") })
	runner = p.Another(newAsyncConn(e))
	return runner, p
}

// The margins are generous: the threshold is 100 ms, and the other
// client waits 400 ms before it checks the script is busy.
const (
	busyThreshold = "100"
	busyWait      = 400 * time.Millisecond
)

var durationField = regexp.MustCompile(`duration_ms\r\n:\d+`)

func TestBusyEvalKilled(t *testing.T) {
	runner, other := busyPair(t, busyThreshold)
	loop := "local i = 0 while true do i = i + 1 end"
	other.Check("SCRIPT", "KILL")
	runner.Send("EVAL", loop, "0")
	time.Sleep(busyWait)
	other.Check("PING")
	other.Check("GET", "k")
	other.Check("EVAL", "return 1", "0")
	other.Check("FUNCTION", "KILL")
	other.Check("FUNCTION", "STATS")
	other.Check("MULTI")
	other.Check("SET", "k", "v")
	other.Check("EXEC")
	other.Check("SCRIPT", "KILL")
	runner.CheckReply("killed EVAL")
	other.Check("PING")
	other.Check("SCRIPT", "KILL")
	runner.Check("PING")
}

func TestBusyEvalKilledInsidePcall(t *testing.T) {
	runner, other := busyPair(t, busyThreshold)
	runner.Send("EVAL", "local ok, e = pcall(function() while true do end end) return {'caught', e}", "0")
	time.Sleep(busyWait)
	other.Check("SCRIPT", "KILL")
	runner.CheckReply("killed EVAL with pcall")
	runner.Send("EVAL", "while true do redis.pcall('ping') end", "0")
	time.Sleep(busyWait)
	other.Check("SCRIPT", "KILL")
	runner.CheckReply("killed EVAL calling commands")
}

func TestBusyEvalUnkillable(t *testing.T) {
	runner, other := busyPair(t, busyThreshold)
	// The script writes, then runs for a second by the clock.
	script := "redis.call('set', 'k', 'v') local s = tonumber(redis.call('time')[1]) " +
		"while tonumber(redis.call('time')[1]) < s + 2 do end return 'done'"
	runner.Send("EVAL", script, "0")
	time.Sleep(busyWait)
	other.Check("SCRIPT", "KILL")
	other.Check("FUNCTION", "KILL")
	other.Check("GET", "k")
	runner.CheckReply("unkillable EVAL")
	other.Check("GET", "k")
}

func TestBusyFunctionKilled(t *testing.T) {
	runner, other := busyPair(t, busyThreshold)
	runner.Check("FUNCTION", "LOAD", "#!lua name=busy\nredis.register_function('spin', function() while true do end end)")
	runner.Send("FCALL", "spin", "0", "arg")
	time.Sleep(busyWait)
	other.Check("PING")
	other.Check("SCRIPT", "KILL")
	other.Send("FUNCTION", "STATS")
	other.CheckReplyMasked("FUNCTION STATS", durationField, "duration_ms\r\n:?")
	other.Check("FUNCTION", "KILL")
	runner.CheckReply("killed FCALL")
	other.Check("FUNCTION", "STATS")
	other.Check("FUNCTION", "KILL")
}

func TestBusyBelowThreshold(t *testing.T) {
	runner, other := busyPair(t, "2000")
	// Under the threshold the script keeps the server to itself: the
	// other client waits, then gets its answer.
	script := "local s = tonumber(redis.call('time')[1]) while tonumber(redis.call('time')[1]) < s + 1 do end return 'done'"
	runner.Send("EVAL", script, "0")
	time.Sleep(100 * time.Millisecond)
	other.Send("PING")
	runner.CheckReply("slow EVAL")
	other.CheckReply("PING after the script")
}
