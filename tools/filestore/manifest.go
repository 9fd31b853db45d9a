package filestore

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/redwasm/redwasm/engine/resp"
)

// A manifest lists the files of an AOF, one per line, as Redis 7.0 writes
// appendonly.aof.manifest:
//
//	file appendonly.aof.1.base.rdb seq 1 type b
//	file appendonly.aof.1.incr.aof seq 1 type i
//
// Type b is the base (at most one), i an incremental file (in order), h a
// file a rewrite replaced and that is waiting to be deleted. Lines are
// split as redis-cli splits arguments (names may be quoted); blank lines
// and lines starting with '#' are ignored.

type fileKind byte

const (
	kindBase    fileKind = 'b'
	kindIncr    fileKind = 'i'
	kindHistory fileKind = 'h'
)

type aofFile struct {
	name string
	seq  int64
	kind fileKind
}

type manifest struct {
	base    *aofFile
	incrs   []aofFile
	history []aofFile
}

var errManifest = errors.New("Invalid AOF manifest file format")

// parseManifest reads a manifest with Redis's checks.
func parseManifest(b []byte) (manifest, error) {
	var m manifest
	lastIncr := int64(0)
	for _, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if len(line) > 1024 {
			return m, fmt.Errorf("%w: line too long", errManifest)
		}
		words, ok := resp.SplitArgs(line)
		if !ok || len(words) < 6 || len(words)%2 != 0 {
			return m, fmt.Errorf("%w: %q", errManifest, line)
		}
		var f aofFile
		for i := 0; i < len(words); i += 2 {
			switch string(words[i]) {
			case "file":
				f.name = string(words[i+1])
			case "seq":
				n, err := strconv.ParseInt(string(words[i+1]), 10, 64)
				if err != nil {
					return m, fmt.Errorf("%w: seq %q", errManifest, words[i+1])
				}
				f.seq = n
			case "type":
				if len(words[i+1]) != 1 {
					return m, fmt.Errorf("%w: type %q", errManifest, words[i+1])
				}
				f.kind = fileKind(words[i+1][0])
			}
		}
		if f.name == "" || f.seq == 0 || strings.ContainsAny(f.name, "/\\") {
			return m, fmt.Errorf("%w: %q", errManifest, line)
		}
		switch f.kind {
		case kindBase:
			if m.base != nil {
				return m, fmt.Errorf("%w: more than one base file", errManifest)
			}
			m.base = &f
		case kindIncr:
			if f.seq <= lastIncr {
				return m, fmt.Errorf("%w: incr files out of order", errManifest)
			}
			lastIncr = f.seq
			m.incrs = append(m.incrs, f)
		case kindHistory:
			m.history = append(m.history, f)
		default:
			return m, fmt.Errorf("%w: unknown type %q", errManifest, f.kind)
		}
	}
	return m, nil
}

// format renders the manifest as Redis writes it: base, history, then
// incremental files.
func (m manifest) format() []byte {
	var b bytes.Buffer
	line := func(f aofFile) {
		name := f.name
		if needsQuotes(name) {
			name = strconv.Quote(name)
		}
		fmt.Fprintf(&b, "file %s seq %d type %c\n", name, f.seq, f.kind)
	}
	if m.base != nil {
		line(*m.base)
	}
	for _, f := range m.history {
		line(f)
	}
	for _, f := range m.incrs {
		line(f)
	}
	return b.Bytes()
}

func needsQuotes(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || c == '"' || c == '\'' || c == '\\' {
			return true
		}
	}
	return false
}

// nextSeq returns the sequence number for the next base file (incr
// false) or incremental file, one more than any such file of the manifest
// has, as Redis counts base and incremental files apart.
func (m manifest) nextSeq(incr bool) int64 {
	seq := int64(0)
	all := append([]aofFile(nil), m.incrs...)
	all = append(all, m.history...)
	if m.base != nil {
		all = append(all, *m.base)
	}
	for _, f := range all {
		isIncr := f.kind == kindIncr || strings.Contains(f.name, ".incr.")
		if isIncr == incr {
			seq = max(seq, f.seq)
		}
	}
	return seq + 1
}
