package lua

import (
	"math"
	"strconv"

	glua "github.com/yuin/gopher-lua"
)

// The cjson library is Lua CJSON 2.1.0 as bundled with Redis 7.0. Each
// module table (the global one and every cjson.new()) has its own
// configuration, shared by its functions.

// jsonNull is cjson.null: C's NULL light userdata, one value for every
// module table. Decoded JSON nulls are this value, and it encodes as null.
var jsonNull = &glua.LUserData{Metatable: glua.LNil}

// Defaults of lua_cjson.c.
const (
	jsonDefaultSparseConvert   = false
	jsonDefaultSparseRatio     = 2
	jsonDefaultSparseSafe      = 10
	jsonDefaultEncodeMaxDepth  = 1000
	jsonDefaultDecodeMaxDepth  = 1000
	jsonDefaultInvalidEncoding = 0 // refuse NaN and Inf
	jsonDefaultInvalidDecoding = true
	jsonDefaultNumberPrecision = 14
)

// Values of encode_invalid_numbers.
const (
	jsonInvalidOff  = 0 // raise an error
	jsonInvalidOn   = 1 // write nan, inf, -inf
	jsonInvalidNull = 2 // write null
)

type jsonConfig struct {
	sparseConvert   bool
	sparseRatio     int32
	sparseSafe      int32
	encodeMaxDepth  int32
	decodeMaxDepth  int32
	encodeInvalid   int
	decodeInvalid   bool
	numberPrecision int
	keepBuffer      bool
}

func newJSONConfig() *jsonConfig {
	return &jsonConfig{
		sparseConvert:   jsonDefaultSparseConvert,
		sparseRatio:     jsonDefaultSparseRatio,
		sparseSafe:      jsonDefaultSparseSafe,
		encodeMaxDepth:  jsonDefaultEncodeMaxDepth,
		decodeMaxDepth:  jsonDefaultDecodeMaxDepth,
		encodeInvalid:   jsonDefaultInvalidEncoding,
		decodeInvalid:   jsonDefaultInvalidDecoding,
		numberPrecision: jsonDefaultNumberPrecision,
		keepBuffer:      true,
	}
}

// newCJSON builds a cjson module table with a fresh configuration. ro lets
// the encoder see through read-only proxies; it may be nil.
func newCJSON(L *glua.LState, ro *readonly) *glua.LTable {
	cfg := newJSONConfig()
	mod := L.CreateTable(0, 13)
	funcs := map[string]glua.LGFunction{
		"encode":                  func(L *glua.LState) int { return jsonEncode(L, cfg, ro) },
		"decode":                  func(L *glua.LState) int { return jsonDecode(L, cfg) },
		"encode_sparse_array":     cfg.setSparseArray,
		"encode_max_depth":        func(L *glua.LState) int { return cfg.setInt(L, &cfg.encodeMaxDepth, 1, math.MaxInt32) },
		"decode_max_depth":        func(L *glua.LState) int { return cfg.setInt(L, &cfg.decodeMaxDepth, 1, math.MaxInt32) },
		"encode_number_precision": cfg.setPrecision,
		"encode_keep_buffer":      cfg.setKeepBuffer,
		"encode_invalid_numbers":  cfg.setEncodeInvalid,
		"decode_invalid_numbers":  cfg.setDecodeInvalid,
		"new":                     func(L *glua.LState) int { L.Push(newCJSON(L, ro)); return 1 },
	}
	setFuncs(L, mod, funcs)
	mod.RawSetString("null", jsonNull)
	mod.RawSetString("_NAME", glua.LString("cjson"))
	mod.RawSetString("_VERSION", glua.LString("2.1.0"))
	return mod
}

// ===== configuration =====

// jsonArgInit checks that at most n arguments were given, as json_arg_init does.
func jsonArgInit(L *glua.LState, n int) {
	if L.GetTop() > n {
		argError(L, n+1, "found too many arguments")
	}
	L.SetTop(n) // pad with nils, so results pushed later do not read as arguments
}

// intOption updates *setting from argument i when given and pushes the
// current value. Like lua_cjson.c it blames argument 1 for a bad range
// whichever argument it was.
func jsonIntOption(L *glua.LState, i int, setting *int32, min, max int32) {
	if L.Get(i) != glua.LNil {
		v := int32(checkInteger(L, i))
		if v < min || v > max {
			argError(L, 1, "expected integer between "+strconv.Itoa(int(min))+" and "+strconv.Itoa(int(max)))
		}
		*setting = v
	}
	L.Push(glua.LNumber(*setting))
}

// enumOption updates *setting from argument i, a boolean or one of options,
// and pushes the current value: a boolean for the first two options, the
// option name otherwise.
func jsonEnumOption(L *glua.LState, i int, setting *int, options []string) {
	if v := L.Get(i); v != glua.LNil {
		if b, ok := v.(glua.LBool); ok {
			*setting = 0
			if b {
				*setting = 1
			}
		} else {
			*setting = checkOption(L, i, options)
		}
	}
	if *setting <= 1 {
		L.Push(glua.LBool(*setting == 1))
	} else {
		L.Push(glua.LString(options[*setting]))
	}
}

// checkOption is luaL_checkoption without a default.
func checkOption(L *glua.LState, i int, options []string) int {
	name := checkString(L, i)
	for j, o := range options {
		if o == name {
			return j
		}
	}
	argError(L, i, "invalid option '"+name+"'")
	return 0
}

var jsonOnOff = []string{"off", "on"}

func boolSetting(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (cfg *jsonConfig) setSparseArray(L *glua.LState) int {
	jsonArgInit(L, 3)
	convert := boolSetting(cfg.sparseConvert)
	jsonEnumOption(L, 1, &convert, jsonOnOff)
	cfg.sparseConvert = convert == 1
	jsonIntOption(L, 2, &cfg.sparseRatio, 0, math.MaxInt32)
	jsonIntOption(L, 3, &cfg.sparseSafe, 0, math.MaxInt32)
	return 3
}

func (cfg *jsonConfig) setInt(L *glua.LState, setting *int32, min, max int32) int {
	jsonArgInit(L, 1)
	jsonIntOption(L, 1, setting, min, max)
	return 1
}

func (cfg *jsonConfig) setPrecision(L *glua.LState) int {
	jsonArgInit(L, 1)
	p := int32(cfg.numberPrecision)
	jsonIntOption(L, 1, &p, 1, 14)
	cfg.numberPrecision = int(p)
	return 1
}

func (cfg *jsonConfig) setKeepBuffer(L *glua.LState) int {
	jsonArgInit(L, 1)
	keep := boolSetting(cfg.keepBuffer)
	jsonEnumOption(L, 1, &keep, jsonOnOff)
	cfg.keepBuffer = keep == 1
	return 1
}

func (cfg *jsonConfig) setEncodeInvalid(L *glua.LState) int {
	jsonArgInit(L, 1)
	jsonEnumOption(L, 1, &cfg.encodeInvalid, []string{"off", "on", "null"})
	return 1
}

func (cfg *jsonConfig) setDecodeInvalid(L *glua.LState) int {
	jsonArgInit(L, 1)
	on := boolSetting(cfg.decodeInvalid)
	jsonEnumOption(L, 1, &on, jsonOnOff)
	cfg.decodeInvalid = on == 1
	return 1
}

// ===== encoding =====

// jsonEscapes holds the escape sequence of each byte that needs one.
var jsonEscapes = func() [256]string {
	var esc [256]string
	const hex = "0123456789abcdef"
	for c := 0; c < 0x20; c++ {
		esc[c] = `\u00` + string(hex[c>>4]) + string(hex[c&15])
	}
	esc['\b'], esc['\t'], esc['\n'], esc['\f'], esc['\r'] = `\b`, `\t`, `\n`, `\f`, `\r`
	esc['"'], esc['\\'], esc['/'] = `\"`, `\\`, `\/`
	esc[0x7f] = `\u007f`
	return esc
}()

type jsonEncoder struct {
	L   *glua.LState
	cfg *jsonConfig
	ro  *readonly
	buf []byte
}

// cjson.encode(value)
func jsonEncode(L *glua.LState, cfg *jsonConfig, ro *readonly) int {
	if L.GetTop() != 1 {
		argError(L, 1, "expected 1 argument")
	}
	e := &jsonEncoder{L: L, cfg: cfg, ro: ro}
	// The C encoder works on the Lua stack; slots counts what it would
	// hold there, starting with the argument, so that deep nesting fails
	// where it does in C.
	e.value(L.Get(1), 0, 1)
	L.Push(glua.LString(e.buf))
	return 1
}

func (e *jsonEncoder) fail(v glua.LValue, reason string) {
	raise(e.L, "Cannot serialise %s: %s", v.Type().String(), reason)
}

func (e *jsonEncoder) value(v glua.LValue, depth, slots int) {
	switch v := v.(type) {
	case glua.LString:
		e.string(string(v))
	case glua.LNumber:
		e.number(v)
	case glua.LBool:
		if v {
			e.buf = append(e.buf, "true"...)
		} else {
			e.buf = append(e.buf, "false"...)
		}
	case *glua.LTable:
		depth++
		if depth > int(e.cfg.encodeMaxDepth) || slots+3 > luaMaxCStack {
			raise(e.L, "Cannot serialise, excessive nesting (%d)", depth)
		}
		t := e.ro.target(v)
		if n := e.arrayLength(t); n > 0 {
			e.array(t, n, depth, slots)
		} else {
			e.object(t, depth, slots)
		}
	default:
		if v == glua.LNil || v == jsonNull {
			e.buf = append(e.buf, "null"...)
			return
		}
		e.fail(v, "type not supported")
	}
}

func (e *jsonEncoder) string(s string) {
	e.buf = append(e.buf, '"')
	for i := 0; i < len(s); i++ {
		if esc := jsonEscapes[s[i]]; esc != "" {
			e.buf = append(e.buf, esc...)
		} else {
			e.buf = append(e.buf, s[i])
		}
	}
	e.buf = append(e.buf, '"')
}

func (e *jsonEncoder) number(n glua.LNumber) {
	f := float64(n)
	bad := math.IsInf(f, 0) || math.IsNaN(f)
	switch e.cfg.encodeInvalid {
	case jsonInvalidOff:
		if bad {
			e.fail(n, "must not be NaN or Inf")
		}
	case jsonInvalidOn:
		if math.IsNaN(f) {
			e.buf = append(e.buf, "nan"...)
			return
		}
	default:
		if bad {
			e.buf = append(e.buf, "null"...)
			return
		}
	}
	e.buf = appendG(e.buf, f, e.cfg.numberPrecision)
}

// cInt converts a double to a C int as x86 does: out of range is INT_MIN.
func cInt(f float64) int32 {
	if !(f >= math.MinInt32 && f < math.MaxInt32+1) {
		return math.MinInt32
	}
	return int32(f)
}

// arrayLength returns the length to encode t as an array, or a value <= 0
// to encode it as an object, following lua_array_length (including its
// C int arithmetic).
func (e *jsonEncoder) arrayLength(t *glua.LTable) int {
	var max, items int32
	for k, _ := t.Next(glua.LNil); k != glua.LNil; k, _ = t.Next(k) {
		n, ok := k.(glua.LNumber)
		f := float64(n)
		if !ok || f == 0 || math.Floor(f) != f || f < 1 {
			return -1
		}
		if f > float64(max) {
			max = cInt(f)
		}
		items++
	}
	cfg := e.cfg
	if cfg.sparseRatio > 0 && max > items*cfg.sparseRatio && max > cfg.sparseSafe {
		if !cfg.sparseConvert {
			e.fail(t, "excessively sparse array")
		}
		return -1
	}
	return int(max)
}

func (e *jsonEncoder) array(t *glua.LTable, n, depth, slots int) {
	e.buf = append(e.buf, '[')
	for i := 1; i <= n; i++ {
		if i > 1 {
			e.buf = append(e.buf, ',')
		}
		e.value(t.RawGetInt(i), depth, slots+1)
	}
	e.buf = append(e.buf, ']')
}

func (e *jsonEncoder) object(t *glua.LTable, depth, slots int) {
	e.buf = append(e.buf, '{')
	first := true
	forEachInCOrder(t, func(k, v glua.LValue) {
		if !first {
			e.buf = append(e.buf, ',')
		}
		first = false
		switch k := k.(type) {
		case glua.LNumber:
			e.buf = append(e.buf, '"')
			e.number(k)
			e.buf = append(e.buf, '"', ':')
		case glua.LString:
			e.string(string(k))
			e.buf = append(e.buf, ':')
		default:
			e.fail(k, "table key must be a number or string")
		}
		e.value(v, depth, slots+2)
	})
	e.buf = append(e.buf, '}')
}

// ===== decoding =====

type jsonToken int

const (
	tokObjBegin jsonToken = iota
	tokObjEnd
	tokArrBegin
	tokArrEnd
	tokString
	tokNumber
	tokBoolean
	tokNull
	tokColon
	tokComma
	tokEnd
	tokWhitespace
	tokError
	tokUnknown
)

var jsonTokenNames = [...]string{
	"T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING",
	"T_NUMBER", "T_BOOLEAN", "T_NULL", "T_COLON", "T_COMMA", "T_END",
	"T_WHITESPACE", "T_ERROR", "T_UNKNOWN",
}

// jsonCharTokens classifies the first byte of a token.
var jsonCharTokens = func() [256]jsonToken {
	var t [256]jsonToken
	for i := range t {
		t[i] = tokError
	}
	t['{'], t['}'], t['['], t[']'] = tokObjBegin, tokObjEnd, tokArrBegin, tokArrEnd
	t[','], t[':'], t[0] = tokComma, tokColon, tokEnd
	t[' '], t['\t'], t['\n'], t['\r'] = tokWhitespace, tokWhitespace, tokWhitespace, tokWhitespace
	for _, c := range "fiInNt\"+-0123456789" {
		t[c] = tokUnknown
	}
	return t
}()

// jsonUnescapes maps the byte after a backslash to the byte it stands for.
var jsonUnescapes = func() [256]byte {
	var t [256]byte
	t['"'], t['\\'], t['/'] = '"', '\\', '/'
	t['b'], t['t'], t['n'], t['f'], t['r'] = '\b', '\t', '\n', '\f', '\r'
	t['u'] = 'u'
	return t
}()

type token struct {
	kind  jsonToken
	index int         // where the token starts (or the error is)
	err   string      // for tokError
	value glua.LValue // for strings, numbers and booleans
}

type jsonDecoder struct {
	L     *glua.LState
	cfg   *jsonConfig
	data  string
	pos   int
	depth int
	tmp   []byte
	// stack collects the elements of the arrays and objects being read,
	// so that each table is created once at its final size: gopher-lua's
	// default table reserves room for 32 entries.
	stack []glua.LValue
}

// at returns the byte at i, or 0 past the end: the C parser reads a NUL
// terminated string.
func (d *jsonDecoder) at(i int) byte {
	if i < len(d.data) {
		return d.data[i]
	}
	return 0
}

// cjson.decode(text)
func jsonDecode(L *glua.LState, cfg *jsonConfig) int {
	if L.GetTop() != 1 {
		argError(L, 1, "expected 1 argument")
	}
	d := &jsonDecoder{L: L, cfg: cfg, data: checkString(L, 1)}
	if len(d.data) >= 2 && (d.data[0] == 0 || d.data[1] == 0) {
		raise(L, "JSON parser does not support UTF-16 or UTF-32")
	}
	var tok token
	d.next(&tok)
	// As in jsonEncode, slots counts the C Lua stack: the argument so far.
	v := d.value(&tok, 1)
	d.next(&tok)
	if tok.kind != tokEnd {
		d.fail("the end", &tok)
	}
	L.Push(v)
	return 1
}

func (d *jsonDecoder) fail(expected string, tok *token) {
	found := tok.err
	if tok.kind != tokError {
		found = jsonTokenNames[tok.kind]
	}
	raise(d.L, "Expected %s but found %s at character %d", expected, found, tok.index+1)
}

func (d *jsonDecoder) setError(tok *token, msg string) {
	tok.kind = tokError
	tok.index = d.pos
	tok.err = msg
}

func (d *jsonDecoder) next(tok *token) {
	var c byte
	for {
		c = d.at(d.pos)
		tok.kind = jsonCharTokens[c]
		if tok.kind != tokWhitespace {
			break
		}
		d.pos++
	}
	tok.index = d.pos
	switch tok.kind {
	case tokError:
		d.setError(tok, "invalid token")
		return
	case tokEnd:
		return
	case tokUnknown:
	default:
		d.pos++
		return
	}
	rest := d.data[d.pos:]
	switch {
	case c == '"':
		d.string(tok)
	case c == '-' || isDigit(c):
		if !d.cfg.decodeInvalid && d.invalidNumber() {
			d.setError(tok, "invalid number")
			return
		}
		d.number(tok)
	case len(rest) >= 4 && rest[:4] == "true":
		tok.kind, tok.value = tokBoolean, glua.LTrue
		d.pos += 4
	case len(rest) >= 5 && rest[:5] == "false":
		tok.kind, tok.value = tokBoolean, glua.LFalse
		d.pos += 5
	case len(rest) >= 4 && rest[:4] == "null":
		tok.kind = tokNull
		d.pos += 4
	case d.cfg.decodeInvalid && d.invalidNumber():
		d.number(tok)
	default:
		d.setError(tok, "invalid token")
	}
}

// invalidNumber reports whether the number at pos is one strict JSON
// forbids but strtod accepts: a leading '+' or zero, hexadecimal, inf, nan.
func (d *jsonDecoder) invalidNumber() bool {
	p := d.pos
	switch d.at(p) {
	case '+':
		return true
	case '-':
		p++
	}
	c := d.at(p)
	if c == '0' {
		c2 := d.at(p + 1)
		return c2|0x20 == 'x' || isDigit(c2)
	}
	if c <= '9' {
		return false
	}
	rest := d.data[p:]
	return hasPrefixFold(rest, "inf") || hasPrefixFold(rest, "nan")
}

func (d *jsonDecoder) number(tok *token) {
	v, n := strtod(d.data[d.pos:])
	if n == 0 {
		d.setError(tok, "invalid number")
		return
	}
	tok.kind, tok.value = tokNumber, glua.LNumber(v)
	d.pos += n
}

func (d *jsonDecoder) string(tok *token) {
	d.pos++ // the opening quote
	d.tmp = d.tmp[:0]
	for {
		c := d.at(d.pos)
		if c == '"' {
			break
		}
		if c == 0 {
			d.setError(tok, "unexpected end of string")
			return
		}
		if c == '\\' {
			c = jsonUnescapes[d.at(d.pos+1)]
			if c == 'u' {
				if !d.unicodeEscape() {
					d.setError(tok, "invalid unicode escape code")
					return
				}
				continue
			}
			if c == 0 {
				d.setError(tok, "invalid escape code")
				return
			}
			d.pos++
		}
		d.tmp = append(d.tmp, c)
		d.pos++
	}
	d.pos++ // the closing quote
	tok.kind, tok.value = tokString, glua.LString(d.tmp)
}

// hex4 decodes four hex digits at i, or returns -1.
func (d *jsonDecoder) hex4(i int) int {
	v := 0
	for j := 0; j < 4; j++ {
		h := hexValue(d.at(i + j))
		if h < 0 {
			return -1
		}
		v = v<<4 | h
	}
	return v
}

// unicodeEscape decodes \uXXXX (or a surrogate pair of them) at pos into
// UTF-8 and moves past it.
func (d *jsonDecoder) unicodeEscape() bool {
	cp := d.hex4(d.pos + 2)
	if cp < 0 {
		return false
	}
	length := 6
	if cp&0xF800 == 0xD800 {
		if cp&0x400 != 0 { // a low surrogate cannot come first
			return false
		}
		if d.at(d.pos+6) != '\\' || d.at(d.pos+7) != 'u' {
			return false
		}
		low := d.hex4(d.pos + 8)
		if low < 0 || low&0xFC00 != 0xDC00 {
			return false
		}
		cp = ((cp&0x3FF)<<10 | low&0x3FF) + 0x10000
		length = 12
	}
	switch {
	case cp <= 0x7F:
		d.tmp = append(d.tmp, byte(cp))
	case cp <= 0x7FF:
		d.tmp = append(d.tmp, byte(cp>>6|0xC0), byte(cp&0x3F|0x80))
	case cp <= 0xFFFF:
		d.tmp = append(d.tmp, byte(cp>>12|0xE0), byte(cp>>6&0x3F|0x80), byte(cp&0x3F|0x80))
	default:
		d.tmp = append(d.tmp, byte(cp>>18|0xF0), byte(cp>>12&0x3F|0x80), byte(cp>>6&0x3F|0x80), byte(cp&0x3F|0x80))
	}
	d.pos += length
	return true
}

// descend enters a nested array or object that needs the given C stack
// slots beyond the current ones.
func (d *jsonDecoder) descend(slots, need int) {
	d.depth++
	if d.depth > int(d.cfg.decodeMaxDepth) || slots+need > luaMaxCStack {
		raise(d.L, "Found too many nested data structures (%d) at character %d", d.depth, d.pos)
	}
}

// value decodes the value starting with tok; slots is the C stack depth.
func (d *jsonDecoder) value(tok *token, slots int) glua.LValue {
	switch tok.kind {
	case tokString, tokNumber, tokBoolean:
		return tok.value
	case tokNull:
		return jsonNull
	case tokObjBegin:
		return d.object(slots)
	case tokArrBegin:
		return d.array(slots)
	}
	d.fail("value", tok)
	return nil
}

func (d *jsonDecoder) object(slots int) *glua.LTable {
	d.descend(slots, 3)
	mark := len(d.stack)
	var tok token
	d.next(&tok)
	if tok.kind != tokObjEnd {
		for {
			if tok.kind != tokString {
				d.fail("object key string", &tok)
			}
			key := tok.value
			d.next(&tok)
			if tok.kind != tokColon {
				d.fail("colon", &tok)
			}
			d.next(&tok)
			d.stack = append(d.stack, key, d.value(&tok, slots+2))
			d.next(&tok)
			if tok.kind == tokObjEnd {
				break
			}
			if tok.kind != tokComma {
				d.fail("comma or object end", &tok)
			}
			d.next(&tok)
		}
	}
	d.depth--
	pairs := d.stack[mark:]
	t := d.L.CreateTable(0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		t.RawSetString(string(pairs[i].(glua.LString)), pairs[i+1])
	}
	clear(pairs)
	d.stack = d.stack[:mark]
	return t
}

func (d *jsonDecoder) array(slots int) *glua.LTable {
	d.descend(slots, 2)
	mark := len(d.stack)
	var tok token
	d.next(&tok)
	if tok.kind != tokArrEnd {
		for {
			d.stack = append(d.stack, d.value(&tok, slots+1))
			d.next(&tok)
			if tok.kind == tokArrEnd {
				break
			}
			if tok.kind != tokComma {
				d.fail("comma or array end", &tok)
			}
			d.next(&tok)
		}
	}
	d.depth--
	items := d.stack[mark:]
	t := d.L.CreateTable(len(items), 0)
	for i, v := range items {
		t.RawSetInt(i+1, v)
	}
	clear(items)
	d.stack = d.stack[:mark]
	return t
}
