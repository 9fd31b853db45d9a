package engine

import (
	"fmt"
	"strconv"
	"strings"
)

// Client output limits (client-output-buffer-limit): a client whose
// pending output grows past its class's hard limit, or stays past the soft
// limit for long enough, is disconnected, so a slow subscriber cannot make
// the server's memory grow without bound.

type outputLimit struct {
	hard, soft int64 // bytes; 0 = none
	softSecs   int64
}

// outputLimits by class: normal, replica, pubsub.
type outputLimits [3]outputLimit

const (
	classNormal = iota
	classReplica
	classPubSub
)

var outputClassNames = []string{"normal", "slave", "pubsub"}

func defaultOutputLimits() outputLimits {
	return outputLimits{
		{0, 0, 0},
		{256 << 20, 64 << 20, 60},
		{32 << 20, 8 << 20, 60},
	}
}

func (l outputLimits) String() string {
	var parts []string
	for i, lim := range l {
		parts = append(parts, fmt.Sprintf("%s %d %d %d", outputClassNames[i], lim.hard, lim.soft, lim.softSecs))
	}
	return strings.Join(parts, " ")
}

// parseOutputLimits reads "<class> <hard> <soft> <seconds>" groups into
// the current limits, as CONFIG SET client-output-buffer-limit does.
func parseOutputLimits(cur outputLimits, v string) (outputLimits, error) {
	f := strings.Fields(v)
	if len(f)%4 != 0 {
		return cur, configError("Wrong number of arguments in buffer limit configuration.")
	}
	for i := 0; i < len(f); i += 4 {
		class := -1
		switch strings.ToLower(f[i]) {
		case "normal":
			class = classNormal
		case "slave", "replica":
			class = classReplica
		case "pubsub":
			class = classPubSub
		default:
			return cur, configError("Invalid client class specified in buffer limit configuration.")
		}
		hard, err1 := parseMemory(f[i+1])
		soft, err2 := parseMemory(f[i+2])
		secs, err3 := strconv.ParseInt(f[i+3], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil || secs < 0 {
			return cur, configError("Error in hard, soft or soft_seconds setting in buffer limit configuration.")
		}
		cur[class] = outputLimit{hard: hard, soft: soft, softSecs: secs}
	}
	return cur, nil
}

func init() {
	configParams = append(configParams, configParam{
		name: "client-output-buffer-limit",
		get:  func(cfg *config) string { return cfg.outputLimits.String() },
		set: func(e *Engine, v string) error {
			l, err := parseOutputLimits(e.cfg.outputLimits, v)
			if err == nil {
				e.cfg.outputLimits = l
			}
			return err
		},
	})
}

// outputClass is the limit class of a client.
func (c *Client) outputClass() int {
	if c.subscribed() {
		return classPubSub
	}
	return classNormal
}

// checkOutputLimit disconnects the client if its pending output is past
// its limits.
func (c *Client) checkOutputLimit() {
	lim := c.e.cfg.outputLimits[c.outputClass()]
	size := int64(len(c.out))
	switch {
	case lim.hard > 0 && size >= lim.hard:
	case lim.soft > 0 && size >= lim.soft:
		if c.softLimitSince == 0 {
			c.softLimitSince = c.e.now
			return
		}
		if c.e.now-c.softLimitSince <= lim.softSecs*1000 {
			return
		}
	default:
		c.softLimitSince = 0
		return
	}
	c.e.removeClient(c)
}
