package lua

import (
	"strings"

	glua "github.com/yuin/gopher-lua"
)

// Lua 5.1 patterns, for string.find, match, gmatch and gsub, following
// lstrlib.c's backtracking matcher so that results and error messages are
// the same. gopher-lua's own matcher differs (%f, unfinished captures,
// malformed patterns).

const (
	maxCaptures     = 32 // LUA_MAXCAPTURES
	capUnfinished   = -1
	capPosition     = -2
	maxMatchDepth   = 100000 // C recursion has no limit; Go's guard
	patternSpecials = "^$*+?.([%-"
)

type capture struct {
	init, len int
}

type matchState struct {
	L     *glua.LState
	src   string
	pat   string
	level int
	depth int
	steps int // match calls, to poll for cancellation now and then
	cap   [maxCaptures]capture
}

// p returns the pattern byte at i, or 0 past its end (C's terminator).
func (ms *matchState) p(i int) byte {
	if i < len(ms.pat) {
		return ms.pat[i]
	}
	return 0
}

// s returns the subject byte at i, or 0 past its end.
func (ms *matchState) s(i int) byte {
	if i < len(ms.src) {
		return ms.src[i]
	}
	return 0
}

func (ms *matchState) checkCapture(l byte) int {
	i := int(l) - '1'
	if i < 0 || i >= ms.level || ms.cap[i].len == capUnfinished {
		raise(ms.L, "invalid capture index")
	}
	return i
}

func (ms *matchState) captureToClose() int {
	for level := ms.level - 1; level >= 0; level-- {
		if ms.cap[level].len == capUnfinished {
			return level
		}
	}
	raise(ms.L, "invalid pattern capture")
	return 0
}

// classEnd returns the index just past the single-character class at p.
func (ms *matchState) classEnd(p int) int {
	c := ms.p(p)
	p++
	switch c {
	case '%':
		if ms.p(p) == 0 {
			raise(ms.L, "malformed pattern (ends with '%%')")
		}
		return p + 1
	case '[':
		if ms.p(p) == '^' {
			p++
		}
		for {
			if ms.p(p) == 0 {
				raise(ms.L, "malformed pattern (missing ']')")
			}
			c := ms.p(p)
			p++
			if c == '%' && ms.p(p) != 0 {
				p++
			}
			if ms.p(p) == ']' {
				return p + 1
			}
		}
	}
	return p
}

// matchClass reports whether c is in the class %cl (C locale).
func matchClass(c, cl byte) bool {
	var res bool
	switch cl | 0x20 {
	case 'a':
		res = isAlpha(c)
	case 'c':
		res = c < 32 || c == 127
	case 'd':
		res = isDigit(c)
	case 'l':
		res = c >= 'a' && c <= 'z'
	case 'p':
		res = c > 32 && c < 127 && !isAlnum(c)
	case 's':
		res = isCSpace(c)
	case 'u':
		res = c >= 'A' && c <= 'Z'
	case 'w':
		res = isAlnum(c)
	case 'x':
		res = hexValue(c) >= 0
	case 'z':
		res = c == 0
	default:
		return cl == c
	}
	if cl >= 'a' && cl <= 'z' {
		return res
	}
	return !res
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// matchBracketClass matches c against the set [..] from p to ec (the ']').
func (ms *matchState) matchBracketClass(c byte, p, ec int) bool {
	sig := true
	if ms.p(p+1) == '^' {
		sig = false
		p++
	}
	for p++; p < ec; p++ {
		switch {
		case ms.p(p) == '%':
			p++
			if matchClass(c, ms.p(p)) {
				return sig
			}
		case ms.p(p+1) == '-' && p+2 < ec:
			p += 2
			if ms.p(p-2) <= c && c <= ms.p(p) {
				return sig
			}
		case ms.p(p) == c:
			return sig
		}
	}
	return !sig
}

func (ms *matchState) singleMatch(c byte, p, ep int) bool {
	switch ms.p(p) {
	case '.':
		return true
	case '%':
		return matchClass(c, ms.p(p+1))
	case '[':
		return ms.matchBracketClass(c, p, ep-1)
	}
	return ms.p(p) == c
}

func (ms *matchState) matchBalance(s, p int) int {
	if ms.p(p) == 0 || ms.p(p+1) == 0 {
		raise(ms.L, "unbalanced pattern")
	}
	if ms.s(s) != ms.p(p) || s >= len(ms.src) {
		return -1
	}
	b, e := ms.p(p), ms.p(p+1)
	cont := 1
	for s++; s < len(ms.src); s++ {
		switch ms.src[s] {
		case e:
			if cont--; cont == 0 {
				return s + 1
			}
		case b:
			cont++
		}
	}
	return -1
}

func (ms *matchState) maxExpand(s, p, ep int) int {
	i := 0
	for s+i < len(ms.src) && ms.singleMatch(ms.src[s+i], p, ep) {
		i++
	}
	for ; i >= 0; i-- {
		if res := ms.match(s+i, ep+1); res >= 0 {
			return res
		}
	}
	return -1
}

func (ms *matchState) minExpand(s, p, ep int) int {
	for {
		if res := ms.match(s, ep+1); res >= 0 {
			return res
		}
		if s < len(ms.src) && ms.singleMatch(ms.src[s], p, ep) {
			s++
		} else {
			return -1
		}
	}
}

func (ms *matchState) startCapture(s, p, what int) int {
	level := ms.level
	if level >= maxCaptures {
		raise(ms.L, "too many captures")
	}
	ms.cap[level] = capture{init: s, len: what}
	ms.level = level + 1
	res := ms.match(s, p)
	if res < 0 {
		ms.level--
	}
	return res
}

func (ms *matchState) endCapture(s, p int) int {
	l := ms.captureToClose()
	ms.cap[l].len = s - ms.cap[l].init
	res := ms.match(s, p)
	if res < 0 {
		ms.cap[l].len = capUnfinished
	}
	return res
}

func (ms *matchState) matchCapture(s int, l byte) int {
	i := ms.checkCapture(l)
	c := ms.cap[i]
	// A position capture's length is negative, huge as C's size_t: it
	// never matches.
	if c.len >= 0 && len(ms.src)-s >= c.len && ms.src[c.init:c.init+c.len] == ms.src[s:s+c.len] {
		return s + c.len
	}
	return -1
}

// match matches the pattern from p against the subject from s and returns
// the end of the match, or -1.
func (ms *matchState) match(s, p int) int {
	ms.depth++
	defer func() { ms.depth-- }()
	if ms.depth > maxMatchDepth {
		raise(ms.L, "pattern too complex")
	}
	// Backtracking can take exponential time; let a script deadline or
	// kill set on the state's context stop it.
	if ms.steps++; ms.steps&0xfff == 0 {
		if ctx := ms.L.Context(); ctx != nil && ctx.Err() != nil {
			raise(ms.L, "%s", ctx.Err().Error())
		}
	}
	for {
		switch ms.p(p) {
		case '(':
			if ms.p(p+1) == ')' {
				return ms.startCapture(s, p+2, capPosition)
			}
			return ms.startCapture(s, p+1, capUnfinished)
		case ')':
			return ms.endCapture(s, p+1)
		case 0:
			return s
		case '$':
			if ms.p(p+1) == 0 {
				if s == len(ms.src) {
					return s
				}
				return -1
			}
		case '%':
			switch c := ms.p(p + 1); {
			case c == 'b':
				if s = ms.matchBalance(s, p+2); s < 0 {
					return -1
				}
				p += 4
				continue
			case c == 'f':
				p += 2
				if ms.p(p) != '[' {
					raise(ms.L, "missing '[' after '%%f' in pattern")
				}
				ep := ms.classEnd(p)
				var previous byte
				if s > 0 {
					previous = ms.src[s-1]
				}
				if ms.matchBracketClass(previous, p, ep-1) || !ms.matchBracketClass(ms.s(s), p, ep-1) {
					return -1
				}
				p = ep
				continue
			case isDigit(c):
				if s = ms.matchCapture(s, c); s < 0 {
					return -1
				}
				p += 2
				continue
			}
		}
		// A single-character class, perhaps with a repetition suffix.
		ep := ms.classEnd(p)
		m := s < len(ms.src) && ms.singleMatch(ms.src[s], p, ep)
		switch ms.p(ep) {
		case '?':
			if m {
				if res := ms.match(s+1, ep+1); res >= 0 {
					return res
				}
			}
			p = ep + 1
		case '*':
			return ms.maxExpand(s, p, ep)
		case '+':
			if !m {
				return -1
			}
			return ms.maxExpand(s+1, p, ep)
		case '-':
			return ms.minExpand(s, p, ep)
		default:
			if !m {
				return -1
			}
			s++
			p = ep
		}
	}
}

// capture returns capture i of a match from s to e: a string, or a
// position for "()" captures.
func (ms *matchState) capture(i, s, e int) glua.LValue {
	if i >= ms.level {
		if i != 0 {
			raise(ms.L, "invalid capture index")
		}
		return glua.LString(ms.src[s:e])
	}
	c := ms.cap[i]
	switch c.len {
	case capUnfinished:
		raise(ms.L, "unfinished capture")
	case capPosition:
		return glua.LNumber(c.init + 1)
	}
	return glua.LString(ms.src[c.init : c.init+c.len])
}

// pushCaptures pushes the captures of a match (the whole match when the
// pattern has none and wholeMatch is set) and returns how many.
func (ms *matchState) pushCaptures(s, e int, wholeMatch bool) int {
	n := ms.level
	if n == 0 && wholeMatch {
		n = 1
	}
	for i := 0; i < n; i++ {
		ms.L.Push(ms.capture(i, s, e))
	}
	return n
}

// newMatchState prepares matching of a subject against a pattern, which
// like a C string ends at its first NUL.
func newMatchState(L *glua.LState, src, pat string) *matchState {
	if i := strings.IndexByte(pat, 0); i >= 0 {
		pat = pat[:i]
	}
	return &matchState{L: L, src: src, pat: pat}
}

func strFind(L *glua.LState) int  { return strFindAux(L, true) }
func strMatch(L *glua.LState) int { return strFindAux(L, false) }

func strFindAux(L *glua.LState, find bool) int {
	s := checkString(L, 1)
	pat := checkString(L, 2)
	init := posrelat(optInteger(L, 3, 1), len(s)) - 1
	if init < 0 {
		init = 0
	} else if init > int64(len(s)) {
		init = int64(len(s))
	}
	ms := newMatchState(L, s, pat)
	if find && (glua.LVAsBool(L.Get(4)) || !strings.ContainsAny(ms.pat, patternSpecials)) {
		// A plain search, for the whole pattern, NULs included.
		if i := strings.Index(s[init:], pat); i >= 0 {
			start := int(init) + i
			L.Push(glua.LNumber(start + 1))
			L.Push(glua.LNumber(start + len(pat)))
			return 2
		}
		L.Push(glua.LNil)
		return 1
	}
	p := 0
	anchor := ms.p(0) == '^'
	if anchor {
		p = 1
	}
	for s1 := int(init); ; s1++ {
		ms.level = 0
		if e := ms.match(s1, p); e >= 0 {
			if find {
				L.Push(glua.LNumber(s1 + 1))
				L.Push(glua.LNumber(e))
				return ms.pushCaptures(-1, -1, false) + 2
			}
			return ms.pushCaptures(s1, e, true)
		}
		if s1 >= len(s) || anchor {
			break
		}
	}
	L.Push(glua.LNil)
	return 1
}

func strGmatch(L *glua.LState) int {
	s := checkString(L, 1)
	pat := checkString(L, 2)
	pos := 0
	L.Push(L.NewFunction(func(L *glua.LState) int {
		ms := newMatchState(L, s, pat)
		for src := pos; src <= len(s); src++ {
			ms.level = 0
			if e := ms.match(src, 0); e >= 0 {
				pos = e
				if e == src {
					pos++ // an empty match: move on at least one byte
				}
				return ms.pushCaptures(src, e, true)
			}
		}
		return 0
	}))
	return 1
}

func strGsub(L *glua.LState) int {
	src := checkString(L, 1)
	pat := checkString(L, 2)
	repl := L.Get(3)
	maxN := optInt(L, 4, len(src)+1)
	switch repl.(type) {
	case glua.LNumber, glua.LString, *glua.LFunction, *glua.LTable:
	default:
		argError(L, 3, "string/function/table expected")
	}
	ms := newMatchState(L, src, pat)
	p := 0
	anchor := ms.p(0) == '^'
	if anchor {
		p = 1
	}
	var b strings.Builder
	n := 0
	s := 0
	for n < maxN {
		ms.level = 0
		e := ms.match(s, p)
		if e >= 0 {
			n++
			ms.addValue(&b, s, e, repl)
		}
		switch {
		case e > s:
			s = e
		case s < len(src):
			b.WriteByte(src[s])
			s++
		default:
			goto done
		}
		if b.Len() > maxStringSize {
			raiseBare(L, "not enough memory")
		}
		if anchor {
			break
		}
	}
done:
	b.WriteString(src[s:])
	L.Push(glua.LString(b.String()))
	L.Push(glua.LNumber(n))
	return 2
}

// addValue appends the replacement for the match from s to e.
func (ms *matchState) addValue(b *strings.Builder, s, e int, repl glua.LValue) {
	L := ms.L
	var v glua.LValue
	switch r := repl.(type) {
	case glua.LString, glua.LNumber:
		news, _ := toLString(r)
		ms.addString(b, s, e, news)
		return
	case *glua.LFunction:
		L.Push(r)
		n := ms.pushCaptures(s, e, true)
		L.Call(n, 1)
		v = L.Get(-1)
		L.Pop(1)
	case *glua.LTable:
		v = L.GetTable(r, ms.capture(0, s, e))
	}
	if !glua.LVAsBool(v) {
		b.WriteString(ms.src[s:e]) // keep the original text
		return
	}
	str, ok := toLString(v)
	if !ok {
		raise(L, "invalid replacement value (a %s)", v.Type().String())
	}
	b.WriteString(str)
}

// addString expands a replacement string: %0 to %9 are captures, % before
// anything else keeps that character.
func (ms *matchState) addString(b *strings.Builder, s, e int, news string) {
	for i := 0; i < len(news); i++ {
		if news[i] != '%' {
			b.WriteByte(news[i])
			continue
		}
		i++
		var c byte // C reads the terminating NUL after a final '%'
		if i < len(news) {
			c = news[i]
		}
		switch {
		case !isDigit(c):
			b.WriteByte(c)
		case c == '0':
			b.WriteString(ms.src[s:e])
		default:
			v := ms.capture(int(c-'1'), s, e)
			str, _ := toLString(v)
			b.WriteString(str)
		}
	}
}
