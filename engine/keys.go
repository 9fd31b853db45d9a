package engine

import "github.com/redwasm/redwasm/engine/resp"

// keyRef is one key found in a command's arguments: its index in argv
// and what the command does with it.
type keyRef struct {
	pos   int
	flags KeyFlags
}

// keyFinders are the commands whose keys the key specs cannot describe
// reliably (movable or variably-flagged keys), Redis's getkeys_proc
// functions. Type files register theirs beside the command.
var keyFinders = map[string]func(argv [][]byte) []keyRef{}

// commandKeys finds the keys of a full command line argv (argv[0] is the
// command name), as Redis's getKeysFromCommandWithSpecs does: by the key
// specs when they are reliable, else by the command's own finder. It
// returns no keys when argv lacks the keys the specs promise.
func commandKeys(cmd *Command, argv [][]byte) []keyRef {
	var anyKey, varFlags bool
	for _, ks := range cmd.KeySpecs {
		anyKey = anyKey || ks.Flags&KeyNotKey == 0
		varFlags = varFlags || ks.Flags&KeyVariableFlags != 0
	}
	if anyKey && !varFlags {
		if keys, ok := keysBySpecs(cmd, argv); ok {
			return keys
		}
	}
	if find := keyFinders[cmd.FullName]; find != nil {
		return find(argv)
	}
	return nil
}

// hasKeys reports whether a command can have keys at all.
func (cmd *Command) hasKeys() bool {
	if keyFinders[cmd.FullName] != nil {
		return true
	}
	for _, ks := range cmd.KeySpecs {
		if ks.Flags&KeyNotKey == 0 {
			return true
		}
	}
	return false
}

// keysBySpecs applies the key specs to argv, Redis's
// getKeysUsingKeySpecs. It fails on a spec it cannot follow, on key
// positions out of bounds and on incomplete specs.
func keysBySpecs(cmd *Command, argv [][]byte) ([]keyRef, bool) {
	argc := len(argv)
	var keys []keyRef
	for _, ks := range cmd.KeySpecs {
		if ks.Flags&KeyNotKey != 0 {
			continue
		}
		first := 0
		switch {
		case ks.Index > 0:
			first = ks.Index
		case ks.Keyword != "":
			start, end := ks.StartFrom, argc-1
			if ks.StartFrom <= 0 {
				start, end = argc+ks.StartFrom, 1
			}
			// end itself is not searched: a keyword there could have no
			// key after it.
			for i := start; i != end; {
				if i >= argc || i < 1 {
					break
				}
				if equalFold(argv[i], ks.Keyword) {
					first = i + 1
					break
				}
				if start <= end {
					i++
				} else {
					i--
				}
			}
			if first == 0 {
				continue // keyword absent: no keys from this spec
			}
		default:
			return nil, false
		}
		var last, step int
		switch ks.FindKind {
		case FindRange:
			step = ks.Step
			switch {
			case ks.LastKey >= 0:
				last = first + ks.LastKey
			case ks.Limit == 0:
				last = argc + ks.LastKey
			default:
				last = first + ((argc-first)/ks.Limit + ks.LastKey)
			}
		case FindKeyNum:
			step = ks.Step
			if ks.KeyNumIdx >= argc || first+ks.KeyNumIdx >= argc {
				return nil, false
			}
			n, ok := resp.ParseInt(argv[first+ks.KeyNumIdx])
			if !ok || n < 0 || n > int64(argc) {
				return nil, false
			}
			first += ks.FirstKey
			last = first + int(n) - 1
		default:
			return nil, false
		}
		if last >= argc || last < first || first >= argc {
			return nil, false
		}
		for i := first; i <= last; i += step {
			keys = append(keys, keyRef{pos: i, flags: ks.Flags})
		}
		if ks.Flags&KeyIncomplete != 0 {
			return nil, false
		}
	}
	return keys, true
}
