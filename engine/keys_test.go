package engine

import (
	"strconv"
	"strings"
	"testing"
)

// TestGetKeysFidelity asks both servers for the keys of a sample call of
// every implemented command that has keys, built from the command's
// argument grammar: once with the required arguments only, once with every
// optional argument too.
func TestGetKeysFidelity(t *testing.T) {
	p, _ := newPair(t)
	var cmds []*Command
	for _, cmd := range implementedCommands() {
		cmds = append(cmds, cmd)
		cmds = append(cmds, implementedSubcommands(cmd)...)
	}
	for _, cmd := range cmds {
		if !cmd.hasKeys() {
			continue
		}
		for _, full := range []bool{false, true} {
			n := 0
			args := append(strings.Split(cmd.FullName, "|"), sampleArgs(cmd.Args, full, &n)...)
			p.Check(append([]string{"COMMAND", "GETKEYS"}, args...)...)
			p.Check(append([]string{"COMMAND", "GETKEYSANDFLAGS"}, args...)...)
		}
	}
}

// sampleArgs builds a call from an argument grammar: required arguments,
// and optional ones too when full is set. Keys and values are numbered so
// that each is recognisable in the reply.
func sampleArgs(args []Arg, full bool, n *int) []string {
	var out []string
	for _, a := range args {
		if a.Optional && !full {
			continue
		}
		out = append(out, sampleArg(a, full, n)...)
	}
	return out
}

func sampleArg(a Arg, full bool, n *int) []string {
	var out []string
	if a.Token != "" {
		out = append(out, a.Token)
	}
	*n++
	switch a.Type {
	case "key":
		out = append(out, "key"+strconv.Itoa(*n))
	case "integer":
		out = append(out, "1")
	case "double":
		out = append(out, "1.5")
	case "unix-time":
		out = append(out, "1700000000")
	case "pattern":
		out = append(out, "*")
	case "pure-token":
	case "oneof":
		out = append(out, sampleArg(a.Args[0], full, n)...)
	case "block":
		out = append(out, sampleArgs(a.Args, full, n)...)
	default:
		out = append(out, "v"+strconv.Itoa(*n))
	}
	return out
}
