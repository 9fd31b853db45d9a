package engine

import (
	"strings"
)

// A Command is one entry of the command table: the facts Redis 7.0 states
// about a command or subcommand, and its handler when redwasm implements it.
// The table is generated (commands_gen.go); handlers attach at init.
type Command struct {
	Name       string // lower case; for subcommands just the subcommand: "kill"
	FullName   string // Redis's fullname: "get", "client|kill"
	Summary    string // the project's one-line summary
	Group      string
	Since      string
	Complexity string
	// Arity follows Redis: n means exactly n arguments counting the
	// command (and subcommand) name, -n means at least n.
	Arity           int
	Flags           CommandFlags
	ACL             ACLCategories
	KeySpecs        []KeySpec
	Args            []Arg
	Tips            []string
	DocFlags        []string
	DeprecatedSince string
	ReplacedBy      string

	// The legacy (first, last, step) key positions of COMMAND INFO.
	FirstKey, LastKey, KeyStep int

	Parent      *Command
	Subcommands map[string]*Command // by lower-case name; nil if none

	container string // the parent's name, linked into Parent at init

	handler Handler
}

// A Handler runs a command. args[0] is the command name (args[1] the
// subcommand name for subcommands); the arity is already checked. Handlers
// reply through c, never knowing where the reply goes, and must copy any
// argument they keep: args alias the client's input buffer.
type Handler func(c *Client, args [][]byte)

// Implemented reports whether redwasm implements the command. Commands it
// does not implement answer like unknown commands and are absent from
// COMMAND's lists.
func (cmd *Command) Implemented() bool {
	if cmd.Subcommands != nil && cmd.handler == nil {
		for _, sub := range cmd.Subcommands {
			if sub.handler != nil {
				return true
			}
		}
		return false
	}
	return cmd.handler != nil
}

// Is reports whether the command has all the given flags.
func (cmd *Command) Is(f CommandFlags) bool { return cmd.Flags&f == f }

// CommandFlags are Redis's command flags. Their order is the order in which
// COMMAND INFO lists them.
type CommandFlags uint32

// The command flags, in COMMAND INFO's order.
const (
	FlagWrite CommandFlags = 1 << iota
	FlagReadonly
	FlagDenyOOM
	FlagModule
	FlagAdmin
	FlagPubSub
	FlagNoScript
	FlagBlocking
	FlagLoading
	FlagStale
	FlagSkipMonitor
	FlagSkipSlowlog
	FlagAsking
	FlagFast
	FlagNoAuth
	FlagNoMandatoryKeys
	FlagNoAsyncLoading
	FlagNoMulti
	FlagMovableKeys
	FlagAllowBusy
	// Flags COMMAND INFO never shows.
	FlagMayReplicate
	FlagSentinel
	FlagOnlySentinel
	FlagProtected
	FlagTouchesArbitraryKeys
)

var flagNames = []string{
	"write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript",
	"blocking", "loading", "stale", "skip_monitor", "skip_slowlog", "asking",
	"fast", "no_auth", "no_mandatory_keys",
	"no_async_loading", "no_multi", "movablekeys", "allow_busy",
}

// Names lists the flags COMMAND INFO shows, in its order.
func (f CommandFlags) Names() []string {
	var names []string
	for i, name := range flagNames {
		if f&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	return names
}

// ACLCategories are the ACL categories of a command, in ACL CAT's order.
type ACLCategories uint32

// The ACL categories, in Redis's order.
const (
	ACLKeyspace ACLCategories = 1 << iota
	ACLRead
	ACLWrite
	ACLSet
	ACLSortedSet
	ACLList
	ACLHash
	ACLString
	ACLBitmap
	ACLHyperLogLog
	ACLGeo
	ACLStream
	ACLPubSub
	ACLAdmin
	ACLFast
	ACLSlow
	ACLBlocking
	ACLDangerous
	ACLConnection
	ACLTransaction
	ACLScripting
)

// ACLCategoryNames are the category names, indexed by bit.
var ACLCategoryNames = []string{
	"keyspace", "read", "write", "set", "sortedset", "list", "hash", "string",
	"bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast",
	"slow", "blocking", "dangerous", "connection", "transaction", "scripting",
}

// Names lists the categories with their '@', in Redis's order.
func (a ACLCategories) Names() []string {
	var names []string
	for i, name := range ACLCategoryNames {
		if a&(1<<i) != 0 {
			names = append(names, "@"+name)
		}
	}
	return names
}

// KeySpec says where a command's keys are, as Redis 7's key specs do.
type KeySpec struct {
	Flags KeyFlags
	// BeginSearch: by index (Index > 0), by keyword, or unknown.
	Index     int
	Keyword   string
	StartFrom int
	// FindKeys: a range (LastKey, Step, Limit), a key count
	// (KeyNumIdx, FirstKey, Step), or unknown.
	FindKind  FindKind
	LastKey   int
	Step      int
	Limit     int
	KeyNumIdx int
	FirstKey  int
}

// FindKind is how a key spec finds keys once it found where to begin.
type FindKind uint8

// The kinds of find_keys.
const (
	FindRange FindKind = iota
	FindKeyNum
	FindUnknown
)

// KeyFlags describe what a command does with a key.
type KeyFlags uint16

// Key spec flags, in COMMAND INFO's order.
const (
	KeyRO KeyFlags = 1 << iota
	KeyRW
	KeyOW
	KeyRM
	KeyAccess
	KeyUpdate
	KeyInsert
	KeyDelete
	KeyNotKey
	KeyIncomplete
	KeyVariableFlags
)

var keyFlagNames = []string{"RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags"}

// Names lists the flags as COMMAND INFO shows them.
func (f KeyFlags) Names() []string {
	var names []string
	for i, name := range keyFlagNames {
		if f&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	return names
}

// Arg is one node of a command's argument grammar, as COMMAND DOCS shows it
// and as the console's hints read it.
type Arg struct {
	Name            string
	Type            string // key, string, integer, double, pattern, unix-time, pure-token, oneof, block
	Token           string
	KeySpecIndex    int // -1 when not a key
	Optional        bool
	Multiple        bool
	MultipleToken   bool
	Since           string
	DeprecatedSince string
	Args            []Arg
}

// The index is built as a package variable, not in an init function, so
// that it exists before any file's init calls implement, whatever the
// files' order.
var commands, commandList = indexCommands(commandTable)

// indexCommands returns the top-level commands by lower-case name and in
// table order, with subcommands linked to their containers.
func indexCommands(table []*Command) (map[string]*Command, []*Command) {
	byName := make(map[string]*Command, len(table))
	var list []*Command
	for _, cmd := range table {
		if cmd.container == "" {
			byName[cmd.Name] = cmd
			list = append(list, cmd)
		}
	}
	for _, cmd := range table {
		if cmd.container != "" {
			parent := byName[cmd.container]
			cmd.Parent = parent
			if parent.Subcommands == nil {
				parent.Subcommands = make(map[string]*Command)
			}
			parent.Subcommands[cmd.Name] = cmd
		}
	}
	return byName, list
}

// implement attaches handlers to the table, by full name ("get",
// "client|kill"). Type files call it from init.
func implement(handlers map[string]Handler) {
	for name, h := range handlers {
		cmd := LookupCommand(strings.Split(name, "|")...)
		if cmd == nil || cmd.FullName != name {
			panic("engine: no command " + name + " in the table")
		}
		cmd.handler = h
	}
}

// Implement attaches a handler to a command of the table from outside the
// engine (scripting registers EVAL and friends this way). name is Redis's
// full name, e.g. "script|load".
func Implement(name string, h Handler) { implement(map[string]Handler{name: h}) }

// LookupCommand finds a command or subcommand by name, case-insensitively,
// whether implemented or not: LookupCommand("client", "kill").
func LookupCommand(names ...string) *Command {
	if len(names) == 0 {
		return nil
	}
	cmd := commands[strings.ToLower(names[0])]
	if cmd == nil || len(names) == 1 {
		return cmd
	}
	return cmd.Subcommands[strings.ToLower(names[1])]
}

// Commands returns the top-level commands of the table in name order,
// implemented or not.
func Commands() []*Command { return commandList }
