package engine

import (
	"fmt"
	"strconv"
	"strings"
)

// config holds the parameters the engine honours, in their parsed form.
// Each parameter is declared once in configParams with its type, default
// and limits; CONFIG GET/SET and Options.Config read that table.
type config struct {
	databases       int
	requirepass     string
	hz              int
	protoMaxBulkLen int64
	outputLimits    outputLimits
	// notifyKeyspaceEvents holds the notify* class flags enabled.
	notifyKeyspaceEvents int
	extra                map[string]string // parameters the host owns: port, bind, dir...

	// Encoding thresholds of the collection types (list.go, hash.go, set.go).
	listMaxListpackSize    int
	listCompressDepth      int
	hashMaxListpackEntries int
	hashMaxListpackValue   int
	setMaxIntsetEntries    int
}

// configParam declares one parameter.
type configParam struct {
	name      string
	alias     string // e.g. lua-time-limit for busy-reply-threshold
	immutable bool   // settable only at start-up
	get       func(cfg *config) string
	set       func(e *Engine, v string) error
}

// configError is a CONFIG SET failure; its text is Redis's reason.
type configError string

func (e configError) Error() string { return string(e) }

func intParam(name string, min, max int64, field func(*config) *int) configParam {
	return configParam{
		name: name,
		get:  func(cfg *config) string { return strconv.Itoa(*field(cfg)) },
		set: func(e *Engine, v string) error {
			n, err := parseConfigInt(v, min, max)
			if err != nil {
				return err
			}
			*field(e.cfg) = int(n)
			return nil
		},
	}
}

// aliasParam gives a configuration parameter its old name.
func aliasParam(p configParam, alias string) configParam {
	p.alias = alias
	return p
}

func parseConfigInt(v string, min, max int64) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, configError("argument couldn't be parsed into an integer")
	}
	if n < min || n > max {
		return 0, configError(fmt.Sprintf("argument must be between %d and %d inclusive", min, max))
	}
	return n, nil
}

// hostParam is a parameter the engine only stores, for the host that owns
// it (the native server's port, bind, dir...).
func hostParam(name, def string) configParam {
	return configParam{
		name: name,
		get: func(cfg *config) string {
			if v, ok := cfg.extra[name]; ok {
				return v
			}
			return def
		},
		set: func(e *Engine, v string) error { e.cfg.extra[name] = v; return nil },
	}
}

var configParams = []configParam{
	func() configParam {
		p := intParam("databases", 1, 1<<31-1, func(c *config) *int { return &c.databases })
		p.immutable = true
		return p
	}(),
	intParam("hz", 1, 500, func(c *config) *int { return &c.hz }),
	{
		name: "requirepass",
		get:  func(cfg *config) string { return cfg.requirepass },
		set:  func(e *Engine, v string) error { e.cfg.requirepass = v; return nil },
	},
	{
		name: "proto-max-bulk-len",
		get:  func(cfg *config) string { return strconv.FormatInt(cfg.protoMaxBulkLen, 10) },
		set: func(e *Engine, v string) error {
			n, err := parseMemory(v)
			if err != nil {
				return err
			}
			if n < 1024*1024 {
				return configError("argument must be a memory value bigger than 1mb")
			}
			e.cfg.protoMaxBulkLen = n
			return nil
		},
	},
	hostParam("port", "6379"),
	hostParam("enable-debug-command", "no"),
	hostParam("bind", "* -::*"),
}

func newConfig() *config {
	return &config{
		databases:       16,
		hz:              10,
		protoMaxBulkLen: 512 * 1024 * 1024,
		outputLimits:    defaultOutputLimits(),
		extra:           map[string]string{},

		listMaxListpackSize:    -2,
		hashMaxListpackEntries: 512,
		hashMaxListpackValue:   64,
		setMaxIntsetEntries:    512,
	}
}

func findConfigParam(name string) *configParam {
	name = strings.ToLower(name)
	for i := range configParams {
		if p := &configParams[i]; p.name == name || p.alias == name {
			return p
		}
	}
	return nil
}

// set sets a parameter at start-up, where immutable ones are allowed.
func (cfg *config) set(e *Engine, name, value string) error {
	p := findConfigParam(name)
	if p == nil {
		return fmt.Errorf("unknown configuration parameter %q", name)
	}
	if err := p.set(e, value); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

// parseMemory parses a memory size as redis.conf writes them: 1024, 1k,
// 1kb, 1m, 1mb, 1g, 1gb (k = 1000, kb = 1024).
func parseMemory(v string) (int64, error) {
	s := strings.ToLower(v)
	mul := int64(1)
	for _, u := range []struct {
		suffix string
		mul    int64
	}{{"kb", 1024}, {"mb", 1024 * 1024}, {"gb", 1024 * 1024 * 1024}, {"k", 1000}, {"m", 1000 * 1000}, {"g", 1000 * 1000 * 1000}, {"b", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mul = strings.TrimSuffix(s, u.suffix), u.mul
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, configError("argument must be a memory value")
	}
	return n * mul, nil
}
