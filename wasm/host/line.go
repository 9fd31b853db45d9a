package host

import (
	"encoding/binary"
	"strings"
	"time"

	"github.com/redwasm/redwasm/engine/cli"
	"github.com/redwasm/redwasm/engine/resp"
)

// Flags of the state byte that starts OutLine and OutText payloads: what
// redis-cli's prompt shows at that point.
const (
	// LineInMulti: a transaction is open; redis-cli's prompt shows "(TX)".
	LineInMulti byte = 1 << 0
	// LineReading: redis-cli is reading messages (a subscription, MONITOR)
	// and shows no prompt until it is interrupted.
	LineReading byte = 1 << 1
)

// A lineSession is redis-cli's prompt over one connection: it turns typed
// lines into requests, matches the replies to the lines and prints them
// as redis-cli does, and follows what the prompt shows (the selected
// database, an open transaction, reading messages).
type lineSession struct {
	lines   []*pendingLine // typed lines not answered yet, oldest first
	partial []byte         // output that does not yet hold a whole reply

	db, preMultiDB int
	inMulti        bool
	reading        bool // printing every reply as it arrives
	monitor        bool // reading MONITOR output, which never ends
}

// A pendingLine is a typed line waiting for its replies.
type pendingLine struct {
	args    []string
	left    int64 // replies still to come
	text    []byte
	started time.Time
	// reads is set for a line after which redis-cli reads messages
	// (SUBSCRIBE, MONITOR): it is answered with its first reply, and what
	// follows is printed as it arrives.
	reads bool
}

// typed takes a line typed at the prompt and returns the requests to send
// to the engine for it, if any. Lines answered without the engine (blank,
// invalid, HELP) still wait their turn behind earlier lines.
func (s *lineSession) typed(line string, now time.Time) []byte {
	p := &pendingLine{started: now}
	s.lines = append(s.lines, p)
	parsed, err := cli.ParseLine(line)
	switch {
	case err != nil:
		p.text = append(p.text, err.Error()+"\n"...)
		return nil
	case len(parsed.Args) == 0:
		return nil
	case isHelp(parsed.Args[0]):
		p.text = append(p.text, HelpText(parsed.Args[1:])...)
		return nil
	}
	p.args = parsed.Args
	p.left = parsed.Repeat
	if pre := cli.Preamble(cli.TTY, p.args); pre != "" {
		p.text = append(p.text, pre...)
		p.reads = true
	} else if strings.EqualFold(p.args[0], "monitor") {
		p.reads = true
	}
	if p.reads {
		p.left = 1 // redis-cli sends it once and then only reads
	}
	argv := make([][]byte, len(p.args))
	for i, a := range p.args {
		argv[i] = []byte(a)
	}
	var req []byte
	for i := int64(0); i < p.left; i++ {
		req = resp.AppendCommand(req, argv...)
	}
	return req
}

func isHelp(name string) bool { return strings.EqualFold(name, "help") || name == "?" }

// replies prints the whole replies in the connection's new output and
// returns frames with OutLine for each line answered and OutText for what
// is printed between prompts.
func (s *lineSession) replies(out []byte, conn uint32, now time.Time, frames []byte) []byte {
	s.partial = append(s.partial, out...)
	pos := 0
	for {
		frames = s.answerReady(conn, now, frames)
		v, n, err := resp.ParseReply(s.partial[pos:])
		if err != nil {
			break // incomplete: the rest comes later
		}
		pos += n
		frames = s.reply(v, conn, frames)
	}
	s.partial = append(s.partial[:0], s.partial[pos:]...)
	return frames
}

// reply prints one reply.
func (s *lineSession) reply(v resp.Value, conn uint32, frames []byte) []byte {
	failed := v.Type == resp.Error
	if len(s.lines) > 0 && s.lines[0].left > 0 {
		p := s.lines[0]
		if v.Type == resp.Push && !p.reads {
			// A push that arrives before the reply: redis-cli shows it at once.
			return s.appendText(frames, conn, cli.FormatPush(cli.TTY, v))
		}
		p.text = append(p.text, cli.FormatReply(cli.TTY, p.args, v)...)
		p.left--
		s.follow(p.args, failed)
		if p.reads && !failed {
			s.reading = true
			s.monitor = strings.EqualFold(p.args[0], "monitor")
		}
		return frames
	}
	if s.reading {
		if failed && !s.monitor {
			s.reading = false // redis-cli leaves pub/sub mode on an error
		}
		return s.appendText(frames, conn, cli.Format(cli.TTY, v))
	}
	if v.Type == resp.Push {
		return s.appendText(frames, conn, cli.FormatPush(cli.TTY, v))
	}
	// A reply no line asked for (a request sent raw on this connection).
	return s.appendText(frames, conn, cli.Format(cli.TTY, v))
}

// follow tracks what redis-cli's prompt shows after a command's reply, as
// redis-cli does: it believes SELECT, MULTI, EXEC and DISCARD when their
// replies are not errors.
func (s *lineSession) follow(args []string, failed bool) {
	name := strings.ToLower(args[0])
	switch {
	case name == "select" && len(args) == 2 && !failed:
		s.db = atoi(args[1])
	case name == "multi" && len(args) == 1 && !failed:
		s.inMulti = true
		s.preMultiDB = s.db
	case name == "exec" && len(args) == 1 && s.inMulti:
		s.inMulti = false
		if failed {
			s.db = s.preMultiDB
		}
	case name == "discard" && len(args) == 1 && !failed:
		s.inMulti = false
		s.db = s.preMultiDB
	}
}

// answerReady answers the lines at the head of the queue whose replies
// are all in.
func (s *lineSession) answerReady(conn uint32, now time.Time, frames []byte) []byte {
	for len(s.lines) > 0 && s.lines[0].left == 0 {
		p := s.lines[0]
		s.lines[0] = nil
		s.lines = s.lines[1:]
		if p.args != nil && !p.reads {
			p.text = append(p.text, cli.Elapsed(cli.TTY, now.Sub(p.started))...)
		}
		frames = s.appendFrame(frames, conn, OutLine, p.text)
	}
	return frames
}

func (s *lineSession) appendText(frames []byte, conn uint32, text string) []byte {
	return s.appendFrame(frames, conn, OutText, []byte(text))
}

// appendFrame appends an OutLine or OutText frame: the prompt's state,
// the selected database, the text.
func (s *lineSession) appendFrame(frames []byte, conn uint32, kind byte, text []byte) []byte {
	frames = appendFrameHeader(frames, conn, kind, 5+len(text))
	frames = append(frames, s.state())
	frames = binary.LittleEndian.AppendUint32(frames, uint32(s.db))
	return append(frames, text...)
}

func (s *lineSession) state() byte {
	var st byte
	if s.inMulti {
		st |= LineInMulti
	}
	if s.reading {
		st |= LineReading
	}
	return st
}

// idle reports whether no typed line waits for a reply.
func (s *lineSession) idle() bool { return len(s.lines) == 0 }

// atoi reads a number as C's atoi does: leading spaces, a sign, digits,
// and nothing said about what follows.
func atoi(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	n := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
		if n > 1<<31 {
			n = 1 << 31 // C leaves overflow undefined; stay bounded
		}
	}
	if neg {
		n = -n
	}
	return n
}
