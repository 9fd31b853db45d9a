package engine

import (
	"strconv"
	"time"

	"github.com/redwasm/redwasm/engine/resp"
)

func init() {
	implement(map[string]Handler{"monitor": monitorCommand})
}

// MONITOR
func monitorCommand(c *Client, args [][]byte) {
	if c.denyBlocking() {
		c.Error("ERR MONITOR isn't allowed for DENY BLOCKING client")
		return
	}
	if c.monitor {
		return
	}
	c.monitor = true
	c.e.monitors = append(c.e.monitors, c)
	c.OK()
}

// feedMonitors shows a command to the MONITOR clients, as Redis does:
// the time, the database and the client's address, then the arguments
// quoted.
func (e *Engine) feedMonitors(c *Client, cmd *Command, args [][]byte) {
	if len(e.monitors) == 0 || cmd.Is(FlagSkipMonitor) || cmd.Is(FlagAdmin) {
		return
	}
	e.feedMonitorLine(c, args)
}

// feedMonitorLine writes the MONITOR line of a command.
func (e *Engine) feedMonitorLine(c *Client, args [][]byte) {
	if len(e.monitors) == 0 {
		return
	}
	now := e.clock.Now()
	line := make([]byte, 0, 64)
	line = strconv.AppendInt(line, now.Unix(), 10)
	line = append(line, '.')
	usec := now.Nanosecond() / int(time.Microsecond)
	us := strconv.Itoa(usec)
	for i := len(us); i < 6; i++ {
		line = append(line, '0')
	}
	line = append(line, us...)
	line = append(line, " ["...)
	line = strconv.AppendInt(line, int64(c.db.id), 10)
	line = append(line, ' ')
	if c.scriptCaller != nil {
		line = append(line, "lua"...)
	} else {
		line = append(line, c.addr...)
	}
	line = append(line, "] "...)
	for i, a := range args {
		if i > 0 {
			line = append(line, ' ')
		}
		line = resp.AppendQuoted(line, a)
	}
	text := string(line)
	for _, m := range e.monitors {
		m.deliver(func(w Writer) { w.Simple(text) })
	}
}
