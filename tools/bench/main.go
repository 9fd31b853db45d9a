// Command bench measures redwasm side by side with the reference, because
// the machines it runs on are shared and noisy: only ratios measured in one
// run mean anything.
//
//	go run ./tools/bench                  # every section
//	go run ./tools/bench -sections resp   # only the RESP server comparison
//
// Each section lives in its own file and registers itself in sections.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

// A section is one group of measurements.
type section struct {
	name string
	doc  string
	run  func() error
}

var sections = map[string]section{}

func register(s section) { sections[s.name] = s }

func main() {
	only := flag.String("sections", "", "comma-separated `sections` to run (default all): "+names())
	flag.Parse()
	var chosen []string
	if *only == "" {
		chosen = strings.Split(names(), ",")
	} else {
		chosen = strings.Split(*only, ",")
	}
	failed := false
	for _, name := range chosen {
		s, ok := sections[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "bench: no section %q (have %s)\n", name, names())
			os.Exit(2)
		}
		fmt.Printf("== %s: %s\n", s.name, s.doc)
		if err := s.run(); err != nil {
			fmt.Fprintf(os.Stderr, "bench: %s: %v\n", name, err)
			failed = true
		}
		fmt.Println()
	}
	if failed {
		os.Exit(1)
	}
}

func names() string {
	var out []string
	for n := range sections {
		out = append(out, n)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}
