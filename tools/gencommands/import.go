package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// importSpecs reads Redis's src/commands/*.json files from dir and returns
// their facts, dropping the prose (summaries, history, key spec notes) and
// the Sentinel-only commands a redis-server does not have.
func importSpecs(dir string) ([]commandSpec, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var specs []commandSpec
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var doc map[string]struct {
			commandSpec
			GetKeysFunction string `json:"get_keys_function"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		for name, c := range doc {
			if contains(c.Flags, "ONLY_SENTINEL") {
				continue
			}
			s := c.commandSpec
			s.Name = name
			s.GetKeys = c.GetKeysFunction != ""
			specs = append(specs, s)
		}
	}
	sort.Slice(specs, func(i, j int) bool { return fullName(specs[i]) < fullName(specs[j]) })
	return specs, nil
}

// fullName is the name summaries.tsv uses: "GET", "CLIENT KILL".
func fullName(s commandSpec) string {
	if s.Container != "" {
		return s.Container + " " + s.Name
	}
	return s.Name
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
