package lua

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// FUNCTION libraries travel in RDB files both ways: Redis loads the
// engine's files and the engine Redis's, libraries included.

func TestFunctionsInRDBFromEngineToRedis(t *testing.T) {
	p, e, _ := newPair(t)
	p.Check("FUNCTION", "LOAD", lib("saved", "s1", "s2"))
	p.Check("FUNCTION", "LOAD", "#!lua name=other\nredis.register_function{function_name='o', callback=function() return 'o' end, flags={'no-writes'}, description='d'}")
	p.Check("SET", "k", "v")
	var file bytes.Buffer
	if err := e.SaveRDB(&file); err != nil {
		t.Fatal(err)
	}
	srv := redistest.Shared(t)
	if err := os.WriteFile(filepath.Join(srv.Dir(), "dump.rdb"), file.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Redis forgets its own libraries and loads the engine's file.
	onRedis(t, p, "FUNCTION", "FLUSH")
	onRedis(t, p, "FLUSHALL")
	onRedis(t, p, "DEBUG", "RELOAD", "NOSAVE")
	p.CheckUnordered("FUNCTION", "LIST", "WITHCODE")
	p.Check("FCALL", "s2", "0")
	p.Check("GET", "k")
}

// onRedis runs a command on the redis-server side only.
func onRedis(t *testing.T, p *redistest.Pair, args ...string) {
	t.Helper()
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	if err := p.Real.Send(resp.AppendCommand(nil, argv...)); err != nil {
		t.Fatal(err)
	}
	if reply, err := p.Real.Read(redistest.ReplyTimeout); err != nil || reply[0] == '-' {
		t.Fatalf("%q: %q %v", args, reply, err)
	}
}

func TestFunctionsInRDBFromRedisToEngine(t *testing.T) {
	p, e, _ := newPair(t)
	p.Check("FUNCTION", "LOAD", lib("fromredis", "r1"))
	p.Check("FUNCTION", "LOAD", "#!lua name=flagged\nredis.register_function{function_name='fl', callback=function() return 'fl' end, flags={'allow-oom', 'no-cluster'}}")
	p.Check("SET", "k", "v")
	p.Both("SAVE")
	srv := redistest.Shared(t)
	data, err := os.ReadFile(filepath.Join(srv.Dir(), "dump.rdb"))
	if err != nil {
		t.Fatal(err)
	}
	// The engine loads Redis's file over its own libraries and keys.
	if err := e.LoadRDB(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	p.CheckUnordered("FUNCTION", "LIST", "WITHCODE")
	p.Check("FCALL", "fl", "0")
	p.Check("GET", "k")
	p.Check("FUNCTION", "STATS")
}
