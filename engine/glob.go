package engine

// globMatch reports whether str matches the glob pattern by Redis's rules
// (stringmatchlen), used by KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET and
// COMMAND LIST. A star matches any run of bytes, a question mark any one
// byte, a bracketed class one byte of the class ("[^...]" negates it, "a-z"
// is a range either way round, an unterminated class runs to the end of
// the pattern) and a backslash makes the next byte literal, inside classes
// too.
func globMatch(pattern, str []byte, nocase bool) bool {
	skipLonger := false
	return globMatchAt(pattern, str, nocase, &skipLonger, 0)
}

// globMatchAt is one level of the match. skipLonger is shared by all
// levels: once the rest of the pattern after a '*' failed to match at every
// position, earlier stars cannot help, which keeps hostile patterns such as
// "*a*a*a*a*b" from taking exponential time.
func globMatchAt(p, s []byte, nocase bool, skipLonger *bool, depth int) bool {
	if depth > 1000 {
		return false
	}
	at := func(b []byte, i int) byte { // past the end reads as NUL, as in C
		if i < len(b) {
			return b[i]
		}
		return 0
	}
	for len(p) > 0 && len(s) > 0 {
		switch p[0] {
		case '*':
			for len(p) > 1 && p[1] == '*' {
				p = p[1:]
			}
			if len(p) == 1 {
				return true
			}
			for len(s) > 0 {
				if globMatchAt(p[1:], s, nocase, skipLonger, depth+1) {
					return true
				}
				if *skipLonger {
					return false
				}
				s = s[1:]
			}
			*skipLonger = true
			return false
		case '?':
			s = s[1:]
		case '[':
			p = p[1:]
			negate := at(p, 0) == '^'
			if negate {
				p = p[1:]
			}
			match := false
			for {
				switch {
				case at(p, 0) == '\\' && len(p) >= 2:
					p = p[1:]
					if p[0] == s[0] {
						match = true
					}
				case at(p, 0) == ']' && len(p) > 0:
					goto classDone
				case len(p) == 0:
					// Unterminated class: step back so the common advance
					// below leaves the pattern empty.
					goto classEnd
				case len(p) >= 3 && p[1] == '-':
					// C compares the bytes as (signed) chars, so bytes
					// from 0x80 sort below the ASCII ones in a range.
					lo, hi, c := int8(p[0]), int8(p[2]), int8(s[0])
					if lo > hi {
						lo, hi = hi, lo
					}
					if nocase {
						lo, hi, c = int8(lower(byte(lo))), int8(lower(byte(hi))), int8(lower(byte(c)))
					}
					p = p[2:]
					if c >= lo && c <= hi {
						match = true
					}
				default:
					if p[0] == s[0] || nocase && lower(p[0]) == lower(s[0]) {
						match = true
					}
				}
				p = p[1:]
			}
		classEnd:
			if negate {
				match = !match
			}
			if !match {
				return false
			}
			s = s[1:]
			if len(s) == 0 {
				return len(p) == 0
			}
			continue
		classDone:
			if negate {
				match = !match
			}
			if !match {
				return false
			}
			s = s[1:]
		case '\\':
			if len(p) >= 2 {
				p = p[1:]
			}
			fallthrough
		default:
			if p[0] != s[0] && !(nocase && lower(p[0]) == lower(s[0])) {
				return false
			}
			s = s[1:]
		}
		p = p[1:]
		if len(s) == 0 {
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			break
		}
	}
	return len(p) == 0 && len(s) == 0
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
