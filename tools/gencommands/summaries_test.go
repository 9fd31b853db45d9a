package main

import (
	"os"
	"strings"
	"testing"
)

// maxSummaryLen keeps summaries short enough for one console line.
const maxSummaryLen = 100

func TestSummariesFile(t *testing.T) {
	data, err := os.ReadFile("summaries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if !strings.HasSuffix(text, "\n") {
		t.Fatal("summaries.tsv does not end with a newline")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) == 0 || lines[0] == "" {
		t.Fatal("summaries.tsv is empty")
	}

	prev := ""
	for i, line := range lines {
		n := i + 1
		if strings.Count(line, "\t") != 1 {
			t.Errorf("line %d: want exactly one tab: %q", n, line)
			continue
		}
		name, summary, _ := strings.Cut(line, "\t")
		if err := checkName(name); err != "" {
			t.Errorf("line %d: name %q: %s", n, name, err)
		}
		if i > 0 && name <= prev {
			t.Errorf("line %d: name %q is a duplicate or out of order after %q", n, name, prev)
		}
		prev = name
		if err := checkSummary(summary); err != "" {
			t.Errorf("line %d (%s): summary %q: %s", n, name, summary, err)
		}
	}
}

// checkName returns why name is not an upper-case command name, optionally
// followed by one subcommand, or "" if it is fine.
func checkName(name string) string {
	words := strings.Split(name, " ")
	if len(words) > 2 {
		return "more than two words"
	}
	for _, w := range words {
		if w == "" {
			return "empty word"
		}
		for _, r := range w {
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return "not upper-case letters, digits, '-' or '_'"
			}
		}
	}
	return ""
}

// checkSummary returns why summary is not a usable one-line summary, or ""
// if it is fine.
func checkSummary(summary string) string {
	switch {
	case strings.TrimSpace(summary) == "":
		return "empty"
	case summary != strings.TrimSpace(summary):
		return "leading or trailing space"
	case len(summary) >= maxSummaryLen:
		return "too long"
	case strings.HasSuffix(summary, "."):
		return "ends with a period"
	}
	for _, r := range summary {
		if r < ' ' || r > '~' {
			return "not printable ASCII"
		}
	}
	return ""
}

func TestCheckSummaryRejectsBadSummaries(t *testing.T) {
	bad := []string{"", "  ", "Returns a value.", " Returns", strings.Repeat("x", maxSummaryLen), "Returns caf\u00e9"}
	for _, s := range bad {
		if checkSummary(s) == "" {
			t.Errorf("checkSummary(%q) accepted a bad summary", s)
		}
	}
	if msg := checkSummary("Returns the value of a key"); msg != "" {
		t.Errorf("checkSummary rejected a good summary: %s", msg)
	}
}

func TestCheckNameRejectsBadNames(t *testing.T) {
	for _, s := range []string{"", "get", "CLIENT  KILL", "A B C", "CLIENT kill"} {
		if checkName(s) == "" {
			t.Errorf("checkName(%q) accepted a bad name", s)
		}
	}
	for _, s := range []string{"GET", "CLIENT NO-EVICT", "EVAL_RO", "RESTORE-ASKING"} {
		if msg := checkName(s); msg != "" {
			t.Errorf("checkName(%q) rejected a good name: %s", s, msg)
		}
	}
}
