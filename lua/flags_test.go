package lua

import (
	"testing"
	"time"
)

// Script flags change how EVAL and FCALL run, as in Redis: a script
// declaring no-writes runs as a read-only command (out of memory, under
// CLIENT PAUSE WRITE), allow-oom lets a writing script run out of memory.

func TestScriptFlagsOutOfMemory(t *testing.T) {
	p, _, _ := newPair(t)
	p.Check("SET", "existing", "v")
	p.Check("FUNCTION", "LOAD", "#!lua name=l\n"+
		"redis.register_function('w', function(k) return redis.call('set', k[1], 'x') end)\n"+
		"redis.register_function{function_name='ro', callback=function(k) return redis.call('get', k[1]) end, flags={'no-writes'}}\n"+
		"redis.register_function{function_name='oom', callback=function(k) return redis.call('set', k[1], 'y') end, flags={'allow-oom'}}")
	p.Both("CONFIG", "SET", "maxmemory", "1")
	t.Cleanup(func() { p.Both("CONFIG", "SET", "maxmemory", "0") })
	for _, proto := range []int{2, 3} {
		p.Proto(proto)
		p.Check("SET", "k", "v")
		p.Check("EVAL", "return redis.call('get', 'existing')", "0")
		p.Check("EVAL", "return redis.call('set', 'k', 'v')", "0")
		p.Check("EVAL", "return redis.pcall('set', 'k', 'v')", "0")
		p.Check("EVAL", "redis.call('del', 'nokey') return redis.pcall('set', 'k', 'v')", "0")
		p.Check("EVAL", "#!lua\nreturn 1", "0")
		p.Check("EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'existing')", "0")
		p.Check("EVAL", "#!lua flags=allow-oom\nreturn redis.call('set', 'k', 'v')", "0")
		p.Check("EVAL_RO", "return redis.call('get', 'existing')", "0")
		p.Check("FCALL", "w", "1", "k")
		p.Check("FCALL", "ro", "1", "existing")
		p.Check("FCALL_RO", "ro", "1", "existing")
		p.Check("FCALL", "oom", "1", "k")
		p.Check("MULTI")
		p.Check("EVAL", "#!lua flags=no-writes\nreturn 1", "0")
		p.Check("EXEC")
		p.Check("MULTI")
		p.Check("DISCARD")
	}
	p.Both("CONFIG", "SET", "maxmemory", "0")
	p.Check("GET", "k")
}

func TestScriptFlagsPauseWrite(t *testing.T) {
	p, e, _ := newPair(t)
	writer := p.Another(newConn(e))
	p.Check("FUNCTION", "LOAD", "#!lua name=l\n"+
		"redis.register_function{function_name='ro', callback=function() return 'ro' end, flags={'no-writes'}}\n"+
		"redis.register_function('w', function() return 'w' end)")
	p.Check("CLIENT", "PAUSE", "5000", "WRITE")
	writer.Check("EVAL", "#!lua flags=no-writes\nreturn 'runs'", "0")
	writer.Check("EVAL_RO", "return 'ro runs'", "0")
	writer.Check("FCALL", "ro", "0")
	writer.Check("FCALL_RO", "ro", "0")
	writer.Check("FCALL", "RO", "0")
	writer.Check("MULTI")
	writer.Check("EVAL", "#!lua flags=no-writes\nreturn 'in multi'", "0")
	writer.Check("EXEC")
	writer.Send("EVAL", "return 'postponed'", "0")
	writer.CheckNoReply("EVAL under CLIENT PAUSE WRITE", 200*time.Millisecond)
	p.Check("CLIENT", "UNPAUSE")
	writer.CheckReply("EVAL after the pause")

	p.Check("CLIENT", "PAUSE", "5000", "WRITE")
	writer.Send("FCALL", "w", "0")
	writer.CheckNoReply("FCALL under CLIENT PAUSE WRITE", 200*time.Millisecond)
	p.Check("CLIENT", "UNPAUSE")
	writer.CheckReply("FCALL after the pause")

	// Commands are postponed while queued in MULTI too.
	p.Check("CLIENT", "PAUSE", "5000", "WRITE")
	writer.Check("MULTI")
	writer.Send("EVAL", "#!lua\nreturn 'writes'", "0")
	writer.CheckNoReply("queueing a writing script under CLIENT PAUSE WRITE", 200*time.Millisecond)
	p.Check("CLIENT", "UNPAUSE")
	writer.CheckReply("queued after the pause")
	writer.Check("EXEC")
}
