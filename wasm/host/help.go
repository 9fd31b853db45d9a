package host

import (
	"sort"
	"strings"

	"github.com/redwasm/redwasm/engine"
	"github.com/redwasm/redwasm/engine/resp"
)

// redis-cli's help: the topics it knows (every command and subcommand of
// the table, and the command groups), HELP's text, the grey hint of
// arguments it shows after the cursor and Tab completion. The layouts and
// rules are redis-cli 7.0's; the summaries are the project's own.

// A HelpEntry is one help topic: a command with its arguments, or a group.
type HelpEntry struct {
	Name    string   // "GET", "CLIENT KILL", or a group: "@string"
	Words   []string // Name split: "CLIENT", "KILL"
	Params  string   // the arguments as redis-cli writes them
	Summary string
	Since   string
	Group   string // "sorted-set", as redis-cli names groups
	IsGroup bool
}

// helpGroups are redis-cli 7.0's command groups, in its order.
var helpGroups = []string{
	"generic", "string", "list", "set", "sorted-set", "hash", "pubsub",
	"transactions", "connection", "server", "scripting", "hyperloglog",
	"cluster", "geo", "stream", "bitmap",
}

var helpTopics = buildHelp()

// HelpTopics returns redis-cli's help topics in its order: the groups,
// then every command and subcommand by name.
func HelpTopics() []HelpEntry { return helpTopics }

func buildHelp() []HelpEntry {
	var entries []HelpEntry
	for _, g := range helpGroups {
		entries = append(entries, HelpEntry{Name: "@" + g, Words: []string{"@" + g}, IsGroup: true})
	}
	var cmds []HelpEntry
	for _, cmd := range engine.Commands() {
		cmds = append(cmds, commandHelp(cmd, strings.ToUpper(cmd.Name)))
		for _, sub := range cmd.Subcommands {
			cmds = append(cmds, commandHelp(sub, strings.ToUpper(cmd.Name)+" "+strings.ToUpper(sub.Name)))
		}
	}
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].Name < cmds[j].Name })
	return append(entries, cmds...)
}

func commandHelp(cmd *engine.Command, name string) HelpEntry {
	return HelpEntry{
		Name:    name,
		Words:   strings.Fields(name),
		Params:  Params(cmd.Args),
		Summary: cmd.Summary,
		Since:   cmd.Since,
		Group:   strings.ReplaceAll(cmd.Group, "_", "-"),
	}
}

// Params writes a command's arguments as redis-cli's help does:
// "key value [NX|XX] [GET] ...". Names are lower case and tokens upper
// case; alternatives are joined by "|", blocks by spaces, optional parts
// are bracketed and repeated ones followed by "[name ...]". The quotes of the "" token vanish, as they do in
// redis-cli's generated table.
func Params(args []engine.Arg) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = param(a)
	}
	return strings.ReplaceAll(strings.Join(parts, " "), `"`, "")
}

func param(a engine.Arg) string {
	var s string
	switch a.Type {
	case "block":
		s = joinParams(a.Args, " ")
	case "oneof":
		s = joinParams(a.Args, "|")
	case "pure-token":
		s = strings.ToUpper(a.Token)
	default:
		s = strings.ToLower(a.Name)
	}
	token := ""
	if a.Token != "" && a.Type != "pure-token" {
		token = strings.ToUpper(a.Token) + " "
	}
	switch {
	case a.Multiple && a.MultipleToken:
		s = token + s
		s = s + " [" + s + " ...]"
	case a.Multiple:
		s = token + s + " [" + s + " ...]"
	default:
		s = token + s
	}
	if a.Optional {
		s = "[" + s + "]"
	}
	return s
}

func joinParams(args []engine.Arg, sep string) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = param(a)
	}
	return strings.Join(parts, sep)
}

// HelpText is what redis-cli prints for "HELP args...": an overview with
// no arguments, every command of a group for "@group", and for a command
// every topic whose first words are args ("HELP CLIENT" lists all CLIENT
// subcommands).
func HelpText(args []string) string {
	if len(args) == 0 {
		return helpOverview
	}
	var b strings.Builder
	group := ""
	if strings.HasPrefix(args[0], "@") {
		for _, g := range helpGroups {
			if strings.EqualFold(args[0][1:], g) {
				group = g
			}
		}
	}
	for _, e := range helpTopics {
		if e.IsGroup {
			continue
		}
		switch {
		case group != "" && e.Group == group:
			writeCommandHelp(&b, e, false)
		case group == "" && startsWithWords(e.Words, args):
			writeCommandHelp(&b, e, true)
		}
	}
	b.WriteString("\n")
	return b.String()
}

// helpOverview is the text of HELP with no topic.
const helpOverview = `redwasm console, speaking like redis-cli 7.0
Type "HELP @<group>" to list the commands of a group, e.g. HELP @string,
"HELP <command>" to describe a command, e.g. HELP SET,
or "HELP " and Tab to go through the topics.
Other console commands: CLEAR (or Ctrl+L) clears the screen.
`

func writeCommandHelp(b *strings.Builder, e HelpEntry, withGroup bool) {
	b.WriteString("\n  " + e.Name + " " + e.Params + "\n")
	b.WriteString("  summary: " + e.Summary + "\n")
	b.WriteString("  since: " + e.Since + "\n")
	if withGroup {
		b.WriteString("  group: " + e.Group + "\n")
	}
}

// startsWithWords reports whether words begins with args, ignoring case.
func startsWithWords(words, args []string) bool {
	if len(args) > len(words) {
		return false
	}
	for i, a := range args {
		if !strings.EqualFold(a, words[i]) {
			return false
		}
	}
	return true
}

// Hint is the grey text redis-cli shows after what is typed so far: the
// arguments of the command still to type. It is empty when the line names
// no command. The words typed after the command name are taken off the
// front of the arguments, up to the first optional one, and a space leads
// the hint unless the line ends with one.
//
// redis-cli 7.0 matches only the first word, so for a subcommand it shows
// its container's (empty) arguments; the console matches the longest run
// of words, as later redis-cli versions do, and shows the subcommand's.
func Hint(line string) string {
	args, ok := splitForHelp(line)
	if !ok || len(args) == 0 {
		return ""
	}
	var entry *HelpEntry
	for i := range helpTopics {
		e := &helpTopics[i]
		if e.IsGroup || len(e.Words) > len(args) || (entry != nil && len(e.Words) <= len(entry.Words)) {
			continue
		}
		if startsWithWords(args, e.Words) {
			entry = e
		}
	}
	if entry == nil {
		return ""
	}
	hint := entry.Params
	for toRemove := len(args) - len(entry.Words); toRemove > 0 && hint != ""; hint = hint[1:] {
		if hint[0] == '[' {
			break
		}
		if hint[0] == ' ' {
			toRemove--
		}
	}
	if !endsWithSpace(line) {
		hint = " " + hint
	}
	return hint
}

// Completions are what Tab offers for a line, in redis-cli's order: the
// topics whose name starts with the line, or after "HELP " with the rest
// of it, groups included.
func Completions(line string) []string {
	start, groups := 0, false
	if len(line) >= 5 && strings.EqualFold(line[:5], "help ") {
		start, groups = 5, true
		for start < len(line) && isCSpace(line[start]) {
			start++
		}
	}
	prefix := line[start:]
	var out []string
	for _, e := range helpTopics {
		if e.IsGroup && !groups {
			continue
		}
		if len(prefix) <= len(e.Name) && strings.EqualFold(prefix, e.Name[:len(prefix)]) {
			out = append(out, line[:start]+e.Name)
		}
	}
	return out
}

// splitForHelp splits a line as redis-cli's prompt does for hints.
func splitForHelp(line string) ([]string, bool) {
	parts, ok := resp.SplitArgs([]byte(line))
	if !ok {
		return nil, false
	}
	args := make([]string, len(parts))
	for i, p := range parts {
		args[i] = string(p)
	}
	return args, true
}

func endsWithSpace(s string) bool { return s != "" && isCSpace(s[len(s)-1]) }

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
