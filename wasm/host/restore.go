package host

import (
	"errors"
	"fmt"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/resp"
)

// RDB is what the host needs from the engine's RDB support: whole-dataset
// snapshots for compaction, export and import. The engine's RDB writer and
// loader are being built; until the engine has these methods, EngineRDB
// returns nil and the host runs without snapshots (the log alone keeps the
// data, and export/import answer ErrNoRDB).
type RDB interface {
	// SaveRDB returns the whole dataset as an RDB file.
	SaveRDB() []byte
	// LoadRDB replaces the dataset with the one in an RDB file.
	LoadRDB(rdb []byte) error
}

// ErrNoRDB is returned for what needs RDB support while the engine has none.
var ErrNoRDB = errors.New("RDB snapshots are not available in this build yet")

// EngineRDB returns e's RDB support, or nil while it has none.
func EngineRDB(e *engine.Engine) RDB {
	r, _ := any(e).(RDB)
	return r
}

// logReplayer is the engine's own replay of an AOF-form log, when it has
// one: faster and stricter than replaying through a client.
type logReplayer interface {
	ReplayLog(log []byte) error
}

// Restored describes what Restore loaded.
type Restored struct {
	SnapshotBytes, LogBytes int64
	Commands                int64 // commands replayed from the log
}

// Restore loads a store's snapshot and replays its log into e, which
// should be empty. progress, when not nil, is called now and then with
// the bytes of the log replayed so far.
func Restore(e *engine.Engine, snapshot, log []byte, progress func(done, total int64)) (Restored, error) {
	r := Restored{SnapshotBytes: int64(len(snapshot)), LogBytes: int64(len(log))}
	if len(snapshot) > 0 {
		rdb := EngineRDB(e)
		if rdb == nil {
			return r, fmt.Errorf("the stored snapshot needs RDB support: %w", ErrNoRDB)
		}
		if err := rdb.LoadRDB(snapshot); err != nil {
			return r, fmt.Errorf("loading the snapshot: %w", err)
		}
	}
	if len(log) == 0 {
		return r, nil
	}
	if rp, ok := any(e).(logReplayer); ok {
		return r, rp.ReplayLog(log)
	}
	n, err := replayThroughClient(e, log, progress)
	r.Commands = n
	return r, err
}

// ReplayError reports log commands that failed when replayed: the log
// does not describe a state the engine can reach.
type ReplayError struct {
	Failed int64  // how many commands answered an error
	First  string // the first error
}

func (e *ReplayError) Error() string {
	return fmt.Sprintf("%d commands of the log failed when replayed, the first with: %s", e.Failed, e.First)
}

// replayChunk bounds how much log one Exchange runs, so progress reports
// come regularly and the reply buffer stays small.
const replayChunk = 1 << 20

// replayThroughClient runs the log's commands on a client of e, as Redis
// loads an AOF with a fake client.
func replayThroughClient(e *engine.Engine, log []byte, progress func(done, total int64)) (int64, error) {
	c := e.NewClient(engine.ClientOptions{Addr: "replay"})
	defer c.Close()
	var (
		out            []byte
		done, commands int64
		failure        ReplayError
	)
	total := int64(len(log))
	for len(log) > 0 {
		chunk := log[:min(len(log), replayChunk)]
		consumed, o, closing := c.Exchange(chunk, out[:0])
		out = o
		if consumed == 0 {
			if len(chunk) < len(log) {
				// A command longer than the chunk: give it all the rest.
				consumed, out, closing = c.Exchange(log, out[:0])
			}
			if consumed == 0 {
				return commands, fmt.Errorf("the log ends inside a command (%d bytes left)", len(log))
			}
		}
		if closing {
			return commands, errors.New("the log closed its replay connection")
		}
		commands += countReplies(out, &failure)
		log = log[consumed:]
		done += int64(consumed)
		if progress != nil {
			progress(done, total)
		}
	}
	if failure.Failed > 0 {
		return commands, &failure
	}
	return commands, nil
}

// countReplies counts the replies in out and notes the errors among them.
func countReplies(out []byte, failure *ReplayError) int64 {
	var n int64
	for len(out) > 0 {
		v, m, err := resp.ParseReply(out)
		if err != nil {
			break
		}
		out = out[m:]
		n++
		if v.Type == resp.Error {
			if failure.Failed == 0 {
				failure.First = string(v.Str)
			}
			failure.Failed++
		}
	}
	return n
}
