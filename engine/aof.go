package engine

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/redwasm/redwasm/engine/resp"
)

// The AOF form: every effect is a RESP array of bulk strings, a SELECT
// goes before an effect in another database than the last one, and
// effects of one transaction or script come between MULTI and EXEC, as
// Redis 7.0 writes appendonly.aof.N.incr.aof. The same form serves the
// base of an AOF written with aof-use-rdb-preamble no: the dataset as the
// commands that rebuild it.

// appendRESPCommand appends args as a RESP array of bulk strings.
func appendRESPCommand(dst []byte, args ...[]byte) []byte {
	dst = append(dst, '*')
	dst = strconv.AppendInt(dst, int64(len(args)), 10)
	dst = append(dst, '\r', '\n')
	for _, a := range args {
		dst = appendBulk(dst, a)
	}
	return dst
}

func appendBulk(dst, b []byte) []byte {
	dst = append(dst, '$')
	dst = strconv.AppendInt(dst, int64(len(b)), 10)
	dst = append(dst, '\r', '\n')
	dst = append(dst, b...)
	return append(dst, '\r', '\n')
}

func appendBulkString(dst []byte, s string) []byte {
	dst = append(dst, '$')
	dst = strconv.AppendInt(dst, int64(len(s)), 10)
	dst = append(dst, '\r', '\n')
	dst = append(dst, s...)
	return append(dst, '\r', '\n')
}

// aofEncoder turns effects into AOF bytes, remembering the database the
// log is in.
type aofEncoder struct {
	selected int // database of the last SELECT written, -1 for none yet
	// stamped is the last second written as a "#TS:" annotation, with
	// aof-timestamp-enabled.
	stamped int64
}

// appendTimestamp appends Redis's "#TS:<unix seconds>" annotation when
// the second changed since the last one.
func (a *aofEncoder) appendTimestamp(dst []byte, unix int64) []byte {
	if unix <= a.stamped {
		return dst
	}
	a.stamped = unix
	dst = append(dst, "#TS:"...)
	dst = strconv.AppendInt(dst, unix, 10)
	return append(dst, '\r', '\n')
}

func (a *aofEncoder) append(dst []byte, effects []Effect) []byte {
	var num [20]byte
	for _, ef := range effects {
		if ef.DB != a.selected {
			dst = appendRESPCommand(dst, []byte("SELECT"), strconv.AppendInt(num[:0], int64(ef.DB), 10))
			a.selected = ef.DB
		}
		dst = appendRESPCommand(dst, ef.Args...)
	}
	return dst
}

// aofItemsPerCommand is how many elements one rewritten command carries
// (Redis's AOF_REWRITE_ITEMS_PER_CMD).
const aofItemsPerCommand = 64

// writeAOFCommands writes ds as the commands that rebuild it: FUNCTION
// LOAD for every library, then per database a SELECT and, per key, SET,
// RPUSH, SADD, ZADD or HMSET (in batches of 64 elements), then PEXPIREAT
// for a key with a TTL. This is Redis's rewriteAppendOnlyFileRio.
func writeAOFCommands(ds *dataset) []byte {
	var out []byte
	for _, code := range ds.functions {
		out = appendRESPCommand(out, []byte("FUNCTION"), []byte("LOAD"), []byte(code))
	}
	var num [32]byte
	for _, db := range ds.dbs {
		if db.keys == 0 {
			continue
		}
		out = appendRESPCommand(out, []byte("SELECT"), strconv.AppendInt(num[:0], int64(db.id), 10))
		db.each(func(key string, o object, expire int64) bool {
			out = appendRebuild(out, key, o.v)
			if expire >= 0 {
				out = append(out, "*3\r\n$9\r\nPEXPIREAT\r\n"...)
				out = appendBulkString(out, key)
				out = appendBulk(out, strconv.AppendInt(num[:0], expire, 10))
			}
			return true
		})
	}
	return out
}

// appendRebuild appends the commands that create key with value v.
func appendRebuild(out []byte, key string, v value) []byte {
	var items []string
	var name string
	switch v := v.(type) {
	case *stringValue:
		out = append(out, "*3\r\n$3\r\nSET\r\n"...)
		out = appendBulkString(out, key)
		return appendBulk(out, v.b)
	case *listValue:
		name = "RPUSH"
		items = make([]string, 0, v.Len())
		for i := 0; i < v.n; i++ {
			items = append(items, v.at(i))
		}
	case *setValue:
		name = "SADD"
		items = v.members()
	case *hashValue:
		name = "HMSET"
		v.Each(func(f, val string) bool {
			items = append(items, f, val)
			return true
		})
	case *zsetValue:
		name = "ZADD"
		var buf [32]byte
		v.Each(false, func(m string, score float64) bool {
			items = append(items, string(resp.AppendFloat(buf[:0], score)), m)
			return true
		})
	case *streamValue:
		return appendStreamRebuild(out, key, v)
	}
	per := aofItemsPerCommand
	if name == "HMSET" || name == "ZADD" {
		per *= 2 // pairs count as one item
	}
	for len(items) > 0 {
		n := min(len(items), per)
		out = append(out, '*')
		out = strconv.AppendInt(out, int64(2+n), 10)
		out = append(out, '\r', '\n')
		out = appendBulkString(out, name)
		out = appendBulkString(out, key)
		for _, it := range items[:n] {
			out = appendBulkString(out, it)
		}
		items = items[n:]
	}
	return out
}

// AOF loading errors, as Redis words them in its log.
var (
	// errAOFFormat is a log that is not a sequence of RESP arrays.
	errAOFFormat = errors.New("Bad file format reading the append only file")
	// errAOFTruncated is a log whose last command is incomplete.
	errAOFTruncated = errors.New("Unexpected end of file reading the append only file")
)

// aofReplay is the outcome of replaying a log.
type aofReplay struct {
	commands int
	// valid is the length of the prefix that replayed completely: short
	// of len(log) when the log ends inside a command or inside MULTI
	// without EXEC.
	valid     int
	truncated bool
	openMulti bool // the log ended inside MULTI without EXEC
}

// aofCommand is one parsed command of a log.
type aofCommand struct {
	args [][]byte
	end  int // offset after it
}

// parseAOFCommand parses the command at log[pos:] as Redis's AOF loader
// does: annotation lines starting with '#' are skipped, then "*<argc>"
// and argc times "$<len>" and the bytes, each followed by two bytes
// Redis does not look at. It returns errAOFTruncated when the log ends
// first and errAOFFormat when a line is not what it must be.
func parseAOFCommand(log []byte, pos int) (aofCommand, error) {
	line := func() ([]byte, error) {
		if pos >= len(log) {
			return nil, errAOFTruncated
		}
		nl := bytes.IndexByte(log[pos:], '\n')
		if nl < 0 {
			return nil, errAOFTruncated
		}
		l := log[pos : pos+nl]
		pos += nl + 1
		return l, nil
	}
	var l []byte
	var err error
	for {
		if l, err = line(); err != nil {
			return aofCommand{}, err
		}
		if len(l) == 0 || l[0] != '#' {
			break
		}
	}
	if len(l) == 0 || l[0] != '*' {
		return aofCommand{}, errAOFFormat
	}
	argc := parseIntPrefix(l[1:])
	if argc < 1 {
		return aofCommand{}, errAOFFormat
	}
	args := make([][]byte, 0, min(argc, 1024))
	for range argc {
		if l, err = line(); err != nil {
			return aofCommand{}, err
		}
		if len(l) == 0 || l[0] != '$' {
			return aofCommand{}, errAOFFormat
		}
		n := parseIntPrefix(l[1:])
		if n < 0 || n > math.MaxInt32*2 {
			return aofCommand{}, errAOFFormat
		}
		if int64(len(log)-pos) < n+2 {
			return aofCommand{}, errAOFTruncated
		}
		args = append(args, log[pos:pos+int(n)])
		pos += int(n) + 2
	}
	return aofCommand{args: args, end: pos}, nil
}

// loggable reports whether cmd can be an effect in a log: a write, a
// command that may replicate (scripts in older logs), or SELECT. Other
// commands (SHUTDOWN, DEBUG, CONFIG, blocking reads) never are, and a log
// holding them is refused rather than run.
func loggable(cmd *Command) bool {
	return cmd.Is(FlagWrite) || cmd.Is(FlagMayReplicate) || cmd.FullName == "select"
}

// unknownAOFCommand is the error of a command the engine does not know.
type unknownAOFCommand struct{ name string }

func (u *unknownAOFCommand) Error() string {
	return fmt.Sprintf("Unknown command '%s' reading the append only file", u.name)
}

// replayAOF runs the commands of log in a client of its own, as Redis's
// fake AOF client: no checks, no replies, no effects recorded, no
// expiry while it runs (e.persist.loading). A transaction runs when its
// EXEC arrives; one left open at the end counts as a truncated tail. On
// errAOFTruncated the commands before the tail have run and the result
// says where the valid prefix ends.
func (e *Engine) replayAOF(log []byte) (aofReplay, error) {
	c := e.loaderClient()
	var res aofReplay
	var queued [][][]byte
	inMulti, beforeMulti := false, 0
	pos := 0
	for pos < len(log) {
		cmd, err := parseAOFCommand(log, pos)
		if err != nil {
			if errors.Is(err, errAOFTruncated) {
				if inMulti {
					res.valid, res.openMulti = beforeMulti, true
				} else {
					res.valid = pos
				}
				res.truncated = true
			}
			return res, err
		}
		name := cmd.args[0]
		switch {
		case equalFold(name, "multi") && !inMulti:
			inMulti, beforeMulti, queued = true, pos, nil
		case equalFold(name, "exec"):
			for _, args := range queued {
				if err := c.runLoaded(args); err != nil {
					return res, err
				}
			}
			inMulti, queued = false, nil
		case inMulti:
			if !equalFold(name, "multi") { // a nested MULTI does nothing
				queued = append(queued, cmd.args)
			}
		default:
			if err := c.runLoaded(cmd.args); err != nil {
				return res, err
			}
		}
		res.commands++
		pos = cmd.end
		if !inMulti {
			res.valid = pos
		}
	}
	if inMulti {
		// "Revert incomplete MULTI/EXEC transaction in AOF file"
		res.valid, res.truncated, res.openMulti = beforeMulti, true, true
		return res, errAOFTruncated
	}
	return res, nil
}

// loaderClient returns the client that replays a log: authenticated,
// database 0, not among the connected clients.
func (e *Engine) loaderClient() *Client {
	c := &Client{e: e, id: -1, db: e.dbs[0], proto: 2, created: e.clock.Now(), authenticated: true, noBlock: true}
	c.reply = respWriter{out: &c.out, proto: &c.proto}
	return c
}

// runLoaded runs one command of a log.
func (c *Client) runLoaded(args [][]byte) error {
	cmd := lookup(args)
	if cmd == nil || !cmd.Implemented() {
		return &unknownAOFCommand{name: string(args[0])}
	}
	if !loggable(cmd) {
		return fmt.Errorf("%w: '%s' is not a command an append only file holds", errAOFFormat, cmd.FullName)
	}
	if (cmd.Arity > 0 && len(args) != cmd.Arity) || len(args) < -cmd.Arity {
		return fmt.Errorf("%w: wrong number of arguments for '%s'", errAOFFormat, cmd.FullName)
	}
	c.e.refreshNow()
	saved := c.effect
	c.runningCmd, c.runningArgs = cmd, args
	cmd.handler(c, args)
	c.e.accountWrites()
	c.runningCmd, c.runningArgs = nil, nil
	c.effect = saved
	c.out = c.out[:0]
	return nil
}

// LoadAOF replaces the whole dataset with the one an AOF holds: base (an
// RDB file, commands, or nothing) then log, as loading at start-up does.
// Keys whose time has passed stay until they expire after the load; an
// incomplete last command, or a transaction without EXEC, is dropped when
// aof-load-truncated is yes. On error the dataset holds what loaded
// before it. With appendonly on, the AOF is then rewritten to hold the
// new dataset.
func (e *Engine) LoadAOF(base, log []byte) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refreshNow()
	if _, err := e.loadAOFData(base, log); err != nil {
		return err
	}
	e.afterImport()
	return nil
}
