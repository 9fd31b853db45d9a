package lua

import (
	"strings"

	glua "github.com/yuin/gopher-lua"
)

// The string library of Lua 5.1, rewritten to lstrlib.c's behaviour:
// gopher-lua's differs in number formatting, error messages and pattern
// matching details.

// maxStringSize bounds strings built by string.rep, string.format and
// string.gsub, so a script cannot exhaust the host's memory with one call.
// Lua reports a failed allocation as "not enough memory".
const maxStringSize = 512 << 20

func stringFuncs() map[string]glua.LGFunction {
	return map[string]glua.LGFunction{
		"byte":    strByte,
		"char":    strChar,
		"dump":    strDump,
		"find":    strFind,
		"format":  strFormat,
		"gmatch":  strGmatch,
		"gfind":   strGmatch,
		"gsub":    strGsub,
		"len":     strLen,
		"lower":   strLower,
		"match":   strMatch,
		"rep":     strRep,
		"reverse": strReverse,
		"sub":     strSub,
		"upper":   strUpper,
	}
}

// posrelat turns a negative string position into one from the start.
func posrelat(pos int64, length int) int64 {
	if pos < 0 {
		pos += int64(length) + 1
	}
	if pos < 0 {
		return 0
	}
	return pos
}

func strLen(L *glua.LState) int {
	L.Push(glua.LNumber(len(checkString(L, 1))))
	return 1
}

func strSub(L *glua.LState) int {
	s := checkString(L, 1)
	start := posrelat(checkInteger(L, 2), len(s))
	end := posrelat(optInteger(L, 3, -1), len(s))
	if start < 1 {
		start = 1
	}
	if end > int64(len(s)) {
		end = int64(len(s))
	}
	if start <= end {
		L.Push(glua.LString(s[start-1 : end]))
	} else {
		L.Push(glua.LString(""))
	}
	return 1
}

func strReverse(L *glua.LState) int {
	s := checkString(L, 1)
	b := make([]byte, len(s))
	for i := range s {
		b[len(s)-1-i] = s[i]
	}
	L.Push(glua.LString(b))
	return 1
}

// mapBytes applies an ASCII-only case mapping, as the C locale does.
func mapBytes(L *glua.LState, from, to byte) int {
	s := []byte(checkString(L, 1))
	for i, c := range s {
		if c >= from && c <= from+25 {
			s[i] = c - from + to
		}
	}
	L.Push(glua.LString(s))
	return 1
}

func strLower(L *glua.LState) int { return mapBytes(L, 'A', 'a') }
func strUpper(L *glua.LState) int { return mapBytes(L, 'a', 'A') }

func strRep(L *glua.LState) int {
	s := checkString(L, 1)
	n := checkInt(L, 2)
	if n <= 0 || s == "" {
		L.Push(glua.LString(""))
		return 1
	}
	if len(s) > maxStringSize/n {
		raiseBare(L, "not enough memory")
	}
	L.Push(glua.LString(strings.Repeat(s, n)))
	return 1
}

func strByte(L *glua.LState) int {
	s := checkString(L, 1)
	posi := posrelat(optInteger(L, 2, 1), len(s))
	pose := posrelat(optInteger(L, 3, posi), len(s))
	if posi <= 0 {
		posi = 1
	}
	if pose > int64(len(s)) {
		pose = int64(len(s))
	}
	if posi > pose {
		return 0
	}
	n := int(pose - posi + 1)
	if L.GetTop()+n > luaMaxCStack {
		raise(L, "stack overflow (string slice too long)")
	}
	for i := 0; i < n; i++ {
		L.Push(glua.LNumber(s[int(posi)-1+i]))
	}
	return n
}

func strChar(L *glua.LState) int {
	n := L.GetTop()
	b := make([]byte, n)
	for i := 1; i <= n; i++ {
		c := checkInt(L, i)
		if c < 0 || c > 255 {
			argError(L, i, "invalid value")
		}
		b[i-1] = byte(c)
	}
	L.Push(glua.LString(b))
	return 1
}

// strDump cannot produce C Lua bytecode; it fails as C Lua does for
// functions it cannot dump.
func strDump(L *glua.LState) int {
	checkFunction(L, 1)
	raise(L, "unable to dump given function")
	return 0
}

// string.format, following lstrlib.c's str_format.
func strFormat(L *glua.LState) int {
	format := checkString(L, 1)
	top := L.GetTop()
	arg := 1
	var b strings.Builder
	// C reads the format as a NUL-terminated string inside the loop.
	at := func(i int) byte {
		if i < len(format) {
			return format[i]
		}
		return 0
	}
	for i := 0; i < len(format); {
		if format[i] != '%' {
			b.WriteByte(format[i])
			i++
			continue
		}
		i++
		if at(i) == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		arg++
		if arg > top {
			argError(L, arg, "no value")
		}
		var spec cSpec
		i = scanFormat(L, format, i, &spec, at)
		spec.verb = at(i)
		i++
		var item string
		switch spec.verb {
		case 'c':
			item = spec.formatString(string([]byte{byte(cInt(checkNumber(L, arg)))})) // (int) of the double, in one step
			if z := strings.IndexByte(item, 0); z >= 0 {
				item = item[:z] // C appends strlen(buff) bytes
			}
		case 'd', 'i':
			item = spec.formatInt(uint64(toInteger(checkNumber(L, arg))), true)
		case 'o', 'u', 'x', 'X':
			item = spec.formatInt(doubleToUlong(checkNumber(L, arg)), false)
		case 'e', 'E', 'f', 'g', 'G':
			item = spec.formatFloat(checkNumber(L, arg))
		case 'q':
			item = quoteString(checkString(L, arg))
		case 's':
			s := checkString(L, arg)
			if spec.prec < 0 && len(s) >= 100 {
				item = s // C keeps long strings whole, NULs included
			} else {
				if z := strings.IndexByte(s, 0); z >= 0 {
					s = s[:z]
				}
				item = spec.formatString(s)
			}
		default:
			verb := ""
			if spec.verb != 0 {
				verb = string(spec.verb)
			}
			raise(L, "invalid option '%%%s' to 'format'", verb)
		}
		if b.Len()+len(item) > maxStringSize {
			raiseBare(L, "not enough memory")
		}
		b.WriteString(item)
	}
	L.Push(glua.LString(b.String()))
	return 1
}

// scanFormat reads the flags, width and precision of a conversion starting
// at i, with lstrlib.c's limits (two digits each), and returns the index of
// the conversion letter.
func scanFormat(L *glua.LState, format string, i int, spec *cSpec, at func(int) byte) int {
	start := i
	for strings.IndexByte("-+ #0", at(i)) >= 0 && at(i) != 0 {
		switch at(i) {
		case '-':
			spec.minus = true
		case '+':
			spec.plus = true
		case ' ':
			spec.space = true
		case '#':
			spec.alt = true
		case '0':
			spec.zero = true
		}
		i++
	}
	if i-start >= len("-+ #0")+1 {
		raise(L, "invalid format (repeated flags)")
	}
	digits := func() int {
		n := 0
		for k := 0; k < 2 && isDigit(at(i)); k++ {
			n = n*10 + int(at(i)-'0')
			i++
		}
		return n
	}
	spec.width = digits()
	spec.prec = -1
	if at(i) == '.' {
		i++
		spec.prec = digits()
	}
	if isDigit(at(i)) {
		raise(L, "invalid format (width or precision too long)")
	}
	return i
}

// quoteString is %q: the string in double quotes, readable back by Lua.
func quoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\', '\n':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\000`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
