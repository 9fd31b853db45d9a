package engine

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/redwasm/redwasm/engine/hll"
)

// config holds the parameters the engine honours, in their parsed form.
// Each parameter is declared once, as a configParam, by the file of the
// feature that reads it: CONFIG GET/SET and Options.Config go through
// that table only. A feature adds its parameters from its own file:
//
//	func init() {
//		registerConfig(
//			intParam("list-max-listpack-size", -5, 1<<31-1, func(c *config) *int { return &c.listMaxListpackSize }),
//		)
//	}
type config struct {
	databases          int
	requirepass        string
	hz                 int
	protoMaxBulkLen    int64
	enableDebugCommand int    // protectedNo, protectedYes or protectedLocal
	maxmemory          uint64 // bytes of used_memory allowed, 0 for no limit (evict.go)
	maxmemoryPolicy    int    // index into maxmemoryPolicies
	maxmemorySamples   int
	evictionTenacity   int
	maxmemoryClients   int64 // bytes, or a percentage of maxmemory when negative
	lfuLogFactor       int
	lfuDecayTime       int
	activeExpireEffort int
	timeout            int // seconds a client may stay idle, 0 for ever
	latencyTracking    bool
	latencyPercentiles []float64
	outputLimits       outputLimits
	// notifyKeyspaceEvents holds the notify* class flags enabled.
	notifyKeyspaceEvents int
	extra                map[string]string // parameters the host owns: port, bind, dir...

	// Encoding thresholds of the collection types (list.go, hash.go, set.go).
	listMaxListpackSize    int
	listCompressDepth      int
	hashMaxListpackEntries int
	hashMaxListpackValue   int64
	setMaxIntsetEntries    int
	zsetMaxListpackEntries int // zset.go
	zsetMaxListpackValue   int64
	hllSparseMaxBytes      int64 // hyperloglog.go
	streamNodeMaxBytes     int64 // stream_cmds.go
	streamNodeMaxEntries   int

	persist persistConfig // persist.go

	busyReplyThreshold int // ms; scripting.go
}

func newConfig() *config {
	return &config{
		databases:          16,
		hz:                 10,
		protoMaxBulkLen:    512 * 1024 * 1024,
		maxmemoryPolicy:    policyNoEviction,
		maxmemorySamples:   5,
		evictionTenacity:   10,
		lfuLogFactor:       10,
		lfuDecayTime:       1,
		activeExpireEffort: 1,
		latencyTracking:    true,
		latencyPercentiles: []float64{50, 99, 99.9},
		outputLimits:       defaultOutputLimits(),
		extra:              map[string]string{},

		listMaxListpackSize:    -2,
		hashMaxListpackEntries: 512,
		hashMaxListpackValue:   64,
		setMaxIntsetEntries:    512,
		zsetMaxListpackEntries: 128,
		zsetMaxListpackValue:   64,
		hllSparseMaxBytes:      hll.DefaultSparseMaxBytes,
		streamNodeMaxBytes:     4096,
		streamNodeMaxEntries:   100,

		persist: defaultPersistConfig(),

		busyReplyThreshold: 5000,
	}
}

// configParam declares one parameter.
type configParam struct {
	name string
	// alias is a second name, such as lua-time-limit for
	// busy-reply-threshold. Redis treats it as a parameter of its own that
	// shares the value: CONFIG GET lists both, and CONFIG SET may set both
	// in one call.
	alias     string
	immutable bool // settable only at start-up (Options.Config)
	// protected parameters (dir, dbfilename) are settable by CONFIG SET
	// only as enable-protected-configs allows.
	protected bool
	// get renders the value as CONFIG GET shows it.
	get func(cfg *config) string
	// set parses and stores a value, or returns a configError with
	// Redis's reason and leaves the value alone.
	set func(e *Engine, v string) error
	// apply, if set, acts on a changed value (resize, restart a timer)
	// once every parameter of a CONFIG SET is stored; an error undoes the
	// whole CONFIG SET.
	apply func(e *Engine) error
}

// configError is a CONFIG SET failure; its text is Redis's reason.
type configError string

func (e configError) Error() string { return string(e) }

// configParams is the table. Files add to it from init with
// registerConfig; nothing changes it afterwards.
var configParams []configParam

// registerConfig adds parameters to the table.
func registerConfig(params ...configParam) {
	configParams = append(configParams, params...)
}

var (
	configIndexOnce sync.Once
	configIndex     map[string]*configParam // by lower-case name and alias
)

// findConfigParam finds a parameter by name or alias, ignoring case. A
// parameter found by its alias comes back under the alias's name, so that
// errors and CONFIG GET name it as the client did.
func findConfigParam(name string) *configParam {
	configIndexOnce.Do(func() {
		configIndex = map[string]*configParam{}
		for i := range configParams {
			p := configParams[i]
			if configIndex[p.name] != nil {
				panic("engine: config parameter " + p.name + " declared twice")
			}
			configIndex[p.name] = &p
			if p.alias != "" {
				a := p
				a.name, a.alias = p.alias, p.name
				configIndex[a.name] = &a
			}
		}
	})
	return configIndex[strings.ToLower(name)]
}

// eachConfigParam calls fn for every parameter and alias, in no
// particular order (CONFIG GET's order is Redis's hash order).
func eachConfigParam(fn func(p *configParam)) {
	findConfigParam("")
	for _, p := range configIndex {
		fn(p)
	}
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
	if p.apply != nil {
		if err := p.apply(e); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
	}
	return nil
}

// Parameter constructors, one per kind of value Redis has. Each takes an
// accessor of the config field it stores into.

// boolParam is a yes/no parameter.
func boolParam(name string, field func(*config) *bool) configParam {
	return configParam{
		name: name,
		get: func(cfg *config) string {
			if *field(cfg) {
				return "yes"
			}
			return "no"
		},
		set: func(e *Engine, v string) error {
			switch strings.ToLower(v) {
			case "yes":
				*field(e.cfg) = true
			case "no":
				*field(e.cfg) = false
			default:
				return configError("argument must be 'yes' or 'no'")
			}
			return nil
		},
	}
}

// intParam is an integer parameter within [min, max], written in plain
// digits (no sign, spaces or leading zeros, as Redis's string2ll).
func intParam(name string, min, max int64, field func(*config) *int) configParam {
	return configParam{
		name: name,
		get:  func(cfg *config) string { return strconv.Itoa(*field(cfg)) },
		set: func(e *Engine, v string) error {
			n, ok := parseIntArg([]byte(v))
			if !ok {
				return configError("argument couldn't be parsed into an integer")
			}
			if err := checkConfigRange(n, min, max); err != nil {
				return err
			}
			*field(e.cfg) = int(n)
			return nil
		},
	}
}

// memoryParam is a size in bytes within [min, max], written as redis.conf
// allows: 1024, 1k, 1kb, 1m, 1mb, 1g, 1gb.
func memoryParam(name string, min, max int64, field func(*config) *int64) configParam {
	return configParam{
		name: name,
		get:  func(cfg *config) string { return strconv.FormatInt(*field(cfg), 10) },
		set: func(e *Engine, v string) error {
			u, ok := memtoull(v)
			if !ok {
				return configError("argument must be a memory value")
			}
			n := int64(u) // Redis stores the unsigned result in a long long
			if err := checkConfigRange(n, min, max); err != nil {
				return err
			}
			*field(e.cfg) = n
			return nil
		},
	}
}

func checkConfigRange(n, min, max int64) error {
	if n < min || n > max {
		return configError(fmt.Sprintf("argument must be between %d and %d inclusive", min, max))
	}
	return nil
}

// enumParam is one of a fixed list of names, matched ignoring case; the
// field holds the index of the name.
func enumParam(name string, names []string, field func(*config) *int) configParam {
	return configParam{
		name: name,
		get:  func(cfg *config) string { return names[*field(cfg)] },
		set: func(e *Engine, v string) error {
			for i, n := range names {
				if strings.EqualFold(n, v) {
					*field(e.cfg) = i
					return nil
				}
			}
			return configError("argument(s) must be one of the following: " + strings.Join(names, ", "))
		},
	}
}

// stringParam is a free-form string.
func stringParam(name string, field func(*config) *string) configParam {
	return configParam{
		name: name,
		get:  func(cfg *config) string { return *field(cfg) },
		set:  func(e *Engine, v string) error { *field(e.cfg) = v; return nil },
	}
}

// hostParam is a parameter the engine only stores, for the host that owns
// it (the native server's port and bind address).
func hostParam(name, def string, check func(v string) error) configParam {
	return configParam{
		name: name,
		get: func(cfg *config) string {
			if v, ok := cfg.extra[name]; ok {
				return v
			}
			return def
		},
		set: func(e *Engine, v string) error {
			if check != nil {
				if err := check(v); err != nil {
					return err
				}
			}
			e.cfg.extra[name] = v
			return nil
		},
	}
}

func immutable(p configParam) configParam {
	p.immutable = true
	return p
}

// aliasParam gives a parameter its old name.
func aliasParam(p configParam, alias string) configParam {
	p.alias = alias
	return p
}

func withApply(p configParam, apply func(e *Engine) error) configParam {
	p.apply = apply
	return p
}

// Values of enable-debug-command (and Redis's other protected-command
// switches).
const (
	protectedNo = iota
	protectedYes
	protectedLocal
)

func init() {
	registerConfig(
		immutable(intParam("databases", 1, 1<<31-1, func(c *config) *int { return &c.databases })),
		// Redis accepts any hz and clamps it to 1..500 when applying it.
		withApply(intParam("hz", 0, 1<<31-1, func(c *config) *int { return &c.hz }), func(e *Engine) error {
			e.cfg.hz = max(1, min(500, e.cfg.hz))
			return nil
		}),
		stringParam("requirepass", func(c *config) *string { return &c.requirepass }),
		memoryParam("proto-max-bulk-len", 1024*1024, 1<<63-1, func(c *config) *int64 { return &c.protoMaxBulkLen }),
		immutable(enumParam("enable-debug-command", []string{"no", "yes", "local"}, func(c *config) *int { return &c.enableDebugCommand })),
		intParam("lfu-log-factor", 0, 1<<31-1, func(c *config) *int { return &c.lfuLogFactor }),
		intParam("lfu-decay-time", 0, 1<<31-1, func(c *config) *int { return &c.lfuDecayTime }),
		intParam("active-expire-effort", 1, 10, func(c *config) *int { return &c.activeExpireEffort }),
		intParam("timeout", 0, 1<<31-1, func(c *config) *int { return &c.timeout }),
		boolParam("latency-tracking", func(c *config) *bool { return &c.latencyTracking }),
		configParam{
			name: "latency-tracking-info-percentiles",
			get:  func(cfg *config) string { return formatPercentiles(cfg.latencyPercentiles) },
			set: func(e *Engine, v string) error {
				p, err := parsePercentiles(v)
				if err == nil {
					e.cfg.latencyPercentiles = p
				}
				return err
			},
		},
		// The host listens where these say when it starts; it does not
		// move at run time, so unlike Redis they cannot be changed then.
		immutable(hostParam("port", "6379", func(v string) error {
			n, ok := parseIntArg([]byte(v))
			if !ok {
				return configError("argument couldn't be parsed into an integer")
			}
			return checkConfigRange(n, 0, 65535)
		})),
		immutable(hostParam("bind", "* -::*", nil)),
	)
}

// parsePercentiles reads latency-tracking-info-percentiles: numbers from
// 0 to 100, each after a single space.
func parsePercentiles(v string) ([]float64, error) {
	if v == "" {
		return nil, nil
	}
	var out []float64
	for _, f := range strings.Split(v, " ") {
		p, ok := parseFloat([]byte(f))
		if !ok {
			return nil, configError("Invalid latency-tracking-info-percentiles parameters")
		}
		if p < 0 || p > 100 {
			return nil, configError("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")
		}
		out = append(out, p)
	}
	return out, nil
}

func formatPercentiles(ps []float64) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = trimFloat(p)
	}
	return strings.Join(parts, " ")
}

// trimFloat formats f as C's "%f" with the trailing zeros (and a bare
// point) removed, as Redis writes percentiles.
func trimFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', 6, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// parseMemory parses a memory size for parameters that take one among
// other values (client-output-buffer-limit).
func parseMemory(v string) (int64, error) {
	n, ok := memtoull(v)
	if !ok {
		return 0, configError("argument must be a memory value")
	}
	return int64(n), nil
}

// memtoull parses a memory size as Redis's memtoull: digits with an
// optional unit b, k (1000), kb (1024), m, mb, g, gb in any case. Like
// Redis it accepts an empty number (0) and saturates on overflow of the
// digits, then wraps on overflow of the unit multiplication.
func memtoull(v string) (uint64, bool) {
	if strings.HasPrefix(v, "-") {
		return 0, false
	}
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	digits, unit := v[:i], strings.ToLower(v[i:])
	var mul uint64
	switch unit {
	case "", "b":
		mul = 1
	case "k":
		mul = 1000
	case "kb":
		mul = 1024
	case "m":
		mul = 1000 * 1000
	case "mb":
		mul = 1024 * 1024
	case "g":
		mul = 1000 * 1000 * 1000
	case "gb":
		mul = 1024 * 1024 * 1024
	default:
		return 0, false
	}
	if len(digits) >= 128 {
		return 0, false
	}
	var n uint64
	if digits != "" {
		var err error
		n, err = strconv.ParseUint(digits, 10, 64)
		if err != nil {
			n = 1<<64 - 1 // strtoull saturates
		}
	}
	return n * mul, true
}
