package engine

import (
	"sort"
	"strings"
)

// COMMAND and its subcommands: the command table, seen from a client.
// Only implemented commands are listed; the others do not exist as far as
// a client can tell.

func init() {
	implement(map[string]Handler{
		"command":                 commandCommand,
		"command|count":           commandCountCommand,
		"command|info":            commandInfoCommand,
		"command|docs":            commandDocsCommand,
		"command|list":            commandListCommand,
		"command|getkeys":         commandGetKeysCommand,
		"command|getkeysandflags": commandGetKeysCommand,
		"command|help":            commandHelpCommand,
	})
}

// implementedCommands returns the implemented top-level commands.
func implementedCommands() []*Command {
	var out []*Command
	for _, cmd := range commandList {
		if cmd.Implemented() {
			out = append(out, cmd)
		}
	}
	return out
}

// implementedSubcommands returns cmd's implemented subcommands by name.
func implementedSubcommands(cmd *Command) []*Command {
	var out []*Command
	for _, sub := range cmd.Subcommands {
		if sub.Implemented() {
			out = append(out, sub)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// lookupByFullName finds an implemented command by "name" or
// "container|sub", as COMMAND INFO and DOCS accept them.
func lookupByFullName(name []byte) *Command {
	parts := strings.SplitN(string(name), "|", 3)
	if len(parts) > 2 {
		return nil
	}
	cmd := LookupCommand(parts...)
	if cmd == nil || !cmd.Implemented() || len(parts) == 2 && cmd.Parent == nil {
		return nil
	}
	return cmd
}

// COMMAND
func commandCommand(c *Client, args [][]byte) {
	cmds := implementedCommands()
	c.Array(len(cmds))
	for _, cmd := range cmds {
		c.commandInfo(cmd)
	}
}

// COMMAND COUNT
func commandCountCommand(c *Client, args [][]byte) {
	c.Int(int64(len(implementedCommands())))
}

// COMMAND INFO [command-name ...]
func commandInfoCommand(c *Client, args [][]byte) {
	if len(args) == 2 {
		commandCommand(c, args)
		return
	}
	c.Array(len(args) - 2)
	for _, name := range args[2:] {
		if cmd := lookupByFullName(name); cmd != nil {
			c.commandInfo(cmd)
		} else {
			c.NullBulk()
		}
	}
}

// commandInfo replies with one command's COMMAND INFO entry.
func (c *Client) commandInfo(cmd *Command) {
	c.Array(10)
	c.BulkString(cmd.FullName)
	c.Int(int64(cmd.Arity))
	c.statusSet(cmd.Flags.Names())
	c.Int(int64(cmd.FirstKey))
	c.Int(int64(cmd.LastKey))
	c.Int(int64(cmd.KeyStep))
	c.statusSet(cmd.ACL.Names())
	c.Set(len(cmd.Tips))
	for _, tip := range cmd.Tips {
		c.BulkString(tip)
	}
	c.Set(len(cmd.KeySpecs))
	for _, ks := range cmd.KeySpecs {
		c.keySpec(ks)
	}
	subs := implementedSubcommands(cmd)
	c.Set(len(subs))
	for _, sub := range subs {
		c.commandInfo(sub)
	}
}

// statusSet replies with a set of simple strings.
func (c *Client) statusSet(items []string) {
	c.Set(len(items))
	for _, s := range items {
		c.Simple(s)
	}
}

func (c *Client) keySpec(ks KeySpec) {
	c.Map(3)
	c.BulkString("flags")
	c.statusSet(ks.Flags.Names())
	c.BulkString("begin_search")
	c.Map(2)
	c.BulkString("type")
	switch {
	case ks.Index > 0:
		c.BulkString("index")
		c.BulkString("spec")
		c.Map(1)
		c.BulkString("index")
		c.Int(int64(ks.Index))
	case ks.Keyword != "":
		c.BulkString("keyword")
		c.BulkString("spec")
		c.Map(2)
		c.BulkString("keyword")
		c.BulkString(ks.Keyword)
		c.BulkString("startfrom")
		c.Int(int64(ks.StartFrom))
	default:
		c.BulkString("unknown")
		c.BulkString("spec")
		c.Map(0)
	}
	c.BulkString("find_keys")
	c.Map(2)
	c.BulkString("type")
	switch ks.FindKind {
	case FindRange:
		c.BulkString("range")
		c.BulkString("spec")
		c.Map(3)
		c.BulkString("lastkey")
		c.Int(int64(ks.LastKey))
		c.BulkString("keystep")
		c.Int(int64(ks.Step))
		c.BulkString("limit")
		c.Int(int64(ks.Limit))
	case FindKeyNum:
		c.BulkString("keynum")
		c.BulkString("spec")
		c.Map(3)
		c.BulkString("keynumidx")
		c.Int(int64(ks.KeyNumIdx))
		c.BulkString("firstkey")
		c.Int(int64(ks.FirstKey))
		c.BulkString("keystep")
		c.Int(int64(ks.Step))
	default:
		c.BulkString("unknown")
		c.BulkString("spec")
		c.Map(0)
	}
}

// COMMAND DOCS [command-name ...]
func commandDocsCommand(c *Client, args [][]byte) {
	var cmds []*Command
	if len(args) == 2 {
		cmds = implementedCommands()
	} else {
		for _, name := range args[2:] {
			if cmd := lookupByFullName(name); cmd != nil {
				cmds = append(cmds, cmd)
			}
		}
	}
	c.Map(len(cmds))
	for _, cmd := range cmds {
		c.BulkString(cmd.FullName)
		c.commandDocs(cmd)
	}
}

func (c *Client) commandDocs(cmd *Command) {
	subs := implementedSubcommands(cmd)
	n := 3
	for _, present := range []bool{cmd.Complexity != "", len(cmd.DocFlags) > 0, cmd.DeprecatedSince != "",
		cmd.ReplacedBy != "", len(cmd.Args) > 0, len(subs) > 0} {
		if present {
			n++
		}
	}
	c.Map(n)
	c.BulkString("summary")
	c.BulkString(cmd.Summary)
	c.BulkString("since")
	c.BulkString(cmd.Since)
	c.BulkString("group")
	c.BulkString(cmd.Group)
	if cmd.Complexity != "" {
		c.BulkString("complexity")
		c.BulkString(cmd.Complexity)
	}
	if len(cmd.DocFlags) > 0 {
		c.BulkString("doc_flags")
		c.statusSet(cmd.DocFlags)
	}
	if cmd.DeprecatedSince != "" {
		c.BulkString("deprecated_since")
		c.BulkString(cmd.DeprecatedSince)
	}
	if cmd.ReplacedBy != "" {
		c.BulkString("replaced_by")
		c.BulkString(cmd.ReplacedBy)
	}
	if len(cmd.Args) > 0 {
		c.BulkString("arguments")
		c.argDocs(cmd.Args)
	}
	if len(subs) > 0 {
		c.BulkString("subcommands")
		c.Map(len(subs))
		for _, sub := range subs {
			c.BulkString(sub.FullName)
			c.commandDocs(sub)
		}
	}
}

func (c *Client) argDocs(args []Arg) {
	c.Array(len(args))
	for _, a := range args {
		var flags []string
		if a.Optional {
			flags = append(flags, "optional")
		}
		if a.Multiple {
			flags = append(flags, "multiple")
		}
		if a.MultipleToken {
			flags = append(flags, "multiple_token")
		}
		n := 2
		for _, present := range []bool{a.KeySpecIndex >= 0, a.Token != "", a.Since != "",
			a.DeprecatedSince != "", len(flags) > 0, len(a.Args) > 0} {
			if present {
				n++
			}
		}
		c.Map(n)
		c.BulkString("name")
		c.BulkString(a.Name)
		c.BulkString("type")
		c.BulkString(a.Type)
		if a.KeySpecIndex >= 0 {
			c.BulkString("key_spec_index")
			c.Int(int64(a.KeySpecIndex))
		}
		if a.Token != "" {
			c.BulkString("token")
			c.BulkString(a.Token)
		}
		if a.Since != "" {
			c.BulkString("since")
			c.BulkString(a.Since)
		}
		if a.DeprecatedSince != "" {
			c.BulkString("deprecated_since")
			c.BulkString(a.DeprecatedSince)
		}
		if len(flags) > 0 {
			c.BulkString("flags")
			c.statusSet(flags)
		}
		if len(a.Args) > 0 {
			c.BulkString("arguments")
			c.argDocs(a.Args)
		}
	}
}

// COMMAND LIST [FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]
func commandListCommand(c *Client, args [][]byte) {
	keep := func(*Command) bool { return true }
	switch {
	case len(args) == 2:
	case len(args) == 5 && equalFold(args[2], "filterby"):
		value := args[4]
		switch {
		case equalFold(args[3], "module"):
			keep = func(*Command) bool { return false } // no modules here
		case equalFold(args[3], "aclcat"):
			cat := aclCategoryByName(string(value))
			keep = func(cmd *Command) bool { return cat != 0 && cmd.ACL&cat != 0 }
		case equalFold(args[3], "pattern"):
			keep = func(cmd *Command) bool { return globMatch(value, []byte(cmd.FullName), true) }
		default:
			c.Error(ErrSyntax)
			return
		}
	default:
		c.Error(ErrSyntax)
		return
	}
	var names []string
	for _, cmd := range implementedCommands() {
		if keep(cmd) {
			names = append(names, cmd.FullName)
		}
		for _, sub := range implementedSubcommands(cmd) {
			if keep(sub) {
				names = append(names, sub.FullName)
			}
		}
	}
	c.Array(len(names))
	for _, name := range names {
		c.BulkString(name)
	}
}

func aclCategoryByName(name string) ACLCategories {
	for i, n := range ACLCategoryNames {
		if strings.EqualFold(n, name) {
			return 1 << i
		}
	}
	return 0
}

// COMMAND GETKEYS command [arg ...]
// COMMAND GETKEYSANDFLAGS command [arg ...]
func commandGetKeysCommand(c *Client, args [][]byte) {
	withFlags := equalFold(args[1], "getkeysandflags")
	argv := args[2:]
	cmd := lookup(argv)
	switch {
	case cmd == nil || !cmd.Implemented():
		c.Error("ERR Invalid command specified")
		return
	case !cmd.hasKeys():
		c.Error("ERR The command has no key arguments")
		return
	case (cmd.Arity > 0 && len(argv) != cmd.Arity) || len(argv) < -cmd.Arity:
		c.Error("ERR Invalid number of arguments specified for command")
		return
	}
	keys := commandKeys(cmd, argv)
	if len(keys) == 0 && !cmd.Is(FlagNoMandatoryKeys) {
		c.Error("ERR Invalid arguments specified for command")
		return
	}
	c.Array(len(keys))
	for _, k := range keys {
		if withFlags {
			c.Array(2)
			c.Bulk(argv[k.pos])
			c.statusSet(k.flags.Names())
		} else {
			c.Bulk(argv[k.pos])
		}
	}
}

// COMMAND HELP
func commandHelpCommand(c *Client, args [][]byte) {
	c.help("COMMAND", commandHelp)
}

var commandHelp = []string{
	"(no subcommand)",
	"    Return details about all Redis commands.",
	"COUNT",
	"    Return the total number of commands in this Redis server.",
	"LIST",
	"    Return a list of all commands in this Redis server.",
	"INFO [<command-name> ...]",
	"    Return details about multiple Redis commands.",
	"    If no command names are given, documentation details for all",
	"    commands are returned.",
	"DOCS [<command-name> ...]",
	"    Return documentation details about multiple Redis commands.",
	"    If no command names are given, documentation details for all",
	"    commands are returned.",
	"GETKEYS <full-command>",
	"    Return the keys from a full Redis command.",
	"GETKEYSANDFLAGS <full-command>",
	"    Return the keys and the access flags from a full Redis command.",
}

// help replies with a HELP text in Redis's format: a header line naming
// the command, the lines, and the closing HELP line.
func (c *Client) help(command string, lines []string) {
	c.Array(len(lines) + 3)
	c.Simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range lines {
		c.Simple(l)
	}
	c.Simple("HELP")
	c.Simple("    Prints this help.")
}
