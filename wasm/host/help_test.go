package host

import (
	"bufio"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// olderGrammar holds the four topics whose grammar in the project's
// command spec is a later revision than the one redis-cli 7.0.15 was built
// with (REPLICAOF NO ONE as an alternative, BITFIELD's operations
// optional): the rule is the same, the data differs.
var olderGrammar = map[string]string{
	"REPLICAOF host port|NO ONE": "REPLICAOF host port",
	"SLAVEOF host port|NO ONE":   "SLAVEOF host port",
	"BITFIELD key [GET encoding offset|[OVERFLOW WRAP|SAT|FAIL] SET encoding offset value|INCRBY encoding offset increment [GET encoding offset|[OVERFLOW WRAP|SAT|FAIL] SET encoding offset value|INCRBY encoding offset increment ...]]": "BITFIELD key GET encoding offset|[OVERFLOW WRAP|SAT|FAIL] SET encoding offset value|INCRBY encoding offset increment [GET encoding offset|[OVERFLOW WRAP|SAT|FAIL] SET encoding offset value|INCRBY encoding offset increment ...]",
	"BITFIELD_RO key [GET encoding offset [GET encoding offset ...]]": "BITFIELD_RO key GET encoding offset [GET encoding offset ...]",
}

// redis-cli 7.0.15 prints its help without a server: every topic's
// arguments must read as it writes them.
func TestParamsMatchRedisCLI(t *testing.T) {
	cliPath, err := exec.LookPath("redis-cli")
	if err != nil {
		if ci() {
			t.Fatal("redis-cli not installed")
		}
		t.Skip("redis-cli not installed")
	}
	ours := map[string]HelpEntry{}
	for _, e := range HelpTopics() {
		ours[e.Name] = e
	}
	ansi := regexp.MustCompile("\x1b\\[[0-9;]*m")
	compared := 0
	for _, g := range helpGroups {
		out, err := exec.Command(cliPath, "help", "@"+g).Output()
		if err != nil {
			t.Fatalf("redis-cli help @%s: %v", g, err)
		}
		sc := bufio.NewScanner(strings.NewReader(ansi.ReplaceAllString(string(out), "")))
		var theirs []string
		for sc.Scan() {
			line := strings.TrimRight(sc.Text(), "\r")
			if !strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "  summary:") || strings.HasPrefix(line, "  since:") {
				continue
			}
			theirs = append(theirs, line[2:])
		}
		// Our listing of the group names the same commands in the same
		// order, with the same arguments.
		var mine []string
		for _, e := range HelpTopics() {
			if !e.IsGroup && e.Group == g {
				line := e.Name + " " + e.Params
				if old, ok := olderGrammar[line]; ok {
					line = old
				}
				mine = append(mine, line)
			}
		}
		if strings.Join(mine, "\n") != strings.Join(theirs, "\n") {
			for i := 0; i < max(len(mine), len(theirs)); i++ {
				var m, th string
				if i < len(mine) {
					m = mine[i]
				}
				if i < len(theirs) {
					th = theirs[i]
				}
				if m != th {
					t.Errorf("@%s entry %d:\n ours:      %q\n redis-cli: %q", g, i, m, th)
				}
			}
		}
		compared += len(theirs)
	}
	if compared < 300 {
		t.Fatalf("only %d topics compared", compared)
	}
}

func TestHint(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"", ""},
		{"   ", ""},
		{"nosuchcommand", ""},
		{"set", " key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"},
		{"SET ", "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"},
		{"set k", " value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"},
		{"set k v", " [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"},
		{"set k v nx", " [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"},
		{"get k", " "},
		{"get k ", ""},
		{"client kill", " ip:port|[ID client-id]|[TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB]|[USER username]|[ADDR ip:port]|[LADDR ip:port]|[SKIPME yes/no] [[ID client-id]|[TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB]|[USER username]|[ADDR ip:port]|[LADDR ip:port]|[SKIPME yes/no] ...]"},
		{"CLIENT", " "},
		{"object encoding ", "key"},
		{`set "unbalanced`, ""},
	} {
		if got := Hint(tc.line); got != tc.want {
			t.Errorf("Hint(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestCompletions(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"getr", []string{"GETRANGE"}},
		{"client ki", []string{"CLIENT KILL"}},
		{"help @str", []string{"help @string", "help @stream"}},
		{"HELP   get", []string{"HELP   GET", "HELP   GETBIT", "HELP   GETDEL", "HELP   GETEX", "HELP   GETRANGE", "HELP   GETSET"}},
		{"@str", nil},
		{"zzz", nil},
	} {
		got := Completions(tc.line)
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("Completions(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestHelpText(t *testing.T) {
	got := HelpText([]string{"get"})
	want := "\n  GET key\n  summary: " + lookupTopic(t, "GET").Summary + "\n  since: 1.0.0\n  group: string\n\n"
	if got != want {
		t.Errorf("HELP get = %q, want %q", got, want)
	}
	client := HelpText([]string{"CLIENT"})
	if !strings.Contains(client, "\n  CLIENT KILL ") || !strings.Contains(client, "\n  CLIENT LIST ") {
		t.Errorf("HELP CLIENT lacks subcommands:\n%s", client)
	}
	group := HelpText([]string{"@hyperloglog"})
	if strings.Count(group, "summary:") != 5 || strings.Contains(group, "group:") {
		t.Errorf("HELP @hyperloglog:\n%s", group)
	}
	if HelpText(nil) != helpOverview {
		t.Errorf("HELP alone is not the overview")
	}
	if got := HelpText([]string{"nosuch"}); got != "\n" {
		t.Errorf("HELP nosuch = %q", got)
	}
}

func lookupTopic(t *testing.T, name string) HelpEntry {
	for _, e := range HelpTopics() {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("no topic %s", name)
	return HelpEntry{}
}
