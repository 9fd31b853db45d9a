package lua

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestGeneratedMatchesRedis compares Redis and State on snippets built
// from pseudo-random inputs (fixed seeds, so runs repeat): JSON documents
// and their corruptions, msgpack and struct byte strings, doubles through
// every number formatter, printf conversions and patterns.
func TestGeneratedMatchesRedis(t *testing.T) {
	rc := redisOracle(t)
	for _, g := range []struct {
		name string
		gen  func(r *rand.Rand) string
	}{
		{"json", genJSONSnippet},
		{"jsonError", genJSONErrorSnippet},
		{"msgpack", genMsgpackSnippet},
		{"struct", genStructSnippet},
		{"number", genNumberSnippet},
		{"format", genFormatSnippet},
		{"pattern", genPatternSnippet},
		{"order", genOrderSnippet},
	} {
		t.Run(g.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(len(g.name))))
			mismatches := 0
			for i := 0; i < 400; i++ {
				body := g.gen(r)
				if _, err := rc.do("SCRIPT", "FLUSH"); err != nil {
					t.Fatal(err)
				}
				want, err := rc.do("EVAL", body, "0")
				if err != nil {
					t.Fatal(err)
				}
				s := NewState()
				got := evalReply(s, body)
				s.Close()
				if got != want {
					mismatches++
					if mismatches <= 5 {
						t.Errorf("snippet %s\n got: %q\nwant: %q", body, got, want)
					}
				}
			}
			if mismatches > 5 {
				t.Errorf("%d more mismatches", mismatches-5)
			}
		})
	}
}

// luaQuote writes s as a Lua string literal with every byte escaped that
// could upset a reader.
func luaQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "\\%03d", c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// hexPrelude renders strings in replies as hex.
const hexPrelude = `local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end `

func genJSONValue(r *rand.Rand, depth int) string {
	switch k := r.IntN(10); {
	case k < 2 && depth < 4:
		n := r.IntN(5)
		items := make([]string, n)
		for i := range items {
			items[i] = genJSONValue(r, depth+1)
		}
		return "[" + strings.Join(items, ",") + "]"
	case k < 3 && depth < 4:
		// One key per object: several keys would test table order, which
		// has its own snippets.
		if r.IntN(2) == 0 {
			return "{}"
		}
		return "{" + genJSONString(r) + ":" + genJSONValue(r, depth+1) + "}"
	case k < 5:
		return genJSONNumber(r)
	case k < 8:
		return genJSONString(r)
	case k < 9:
		return []string{"true", "false", "null"}[r.IntN(3)]
	default:
		return genJSONNumber(r)
	}
}

func genJSONNumber(r *rand.Rand) string {
	switch r.IntN(6) {
	case 0:
		return fmt.Sprint(r.IntN(2000) - 1000)
	case 1:
		return fmt.Sprintf("%.*f", r.IntN(20), r.NormFloat64()*1000)
	case 2:
		return fmt.Sprintf("%.*e", r.IntN(20), r.NormFloat64()*math.Pow(10, float64(r.IntN(600)-300)))
	case 3:
		return fmt.Sprint(r.Int64())
	case 4:
		return []string{"0x1F", "-0", "1E400", "-1e-400", "Infinity", "-inf", "NaN", "1.", "00", "+1"}[r.IntN(10)]
	}
	return fmt.Sprint(r.Float64())
}

func genJSONString(r *rand.Rand) string {
	var b strings.Builder
	b.WriteByte('"')
	for n := r.IntN(8); n > 0; n-- {
		switch k := r.IntN(12); {
		case k < 6:
			b.WriteByte(byte('a' + r.IntN(26)))
		case k < 7:
			b.WriteString([]string{`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`}[r.IntN(8)])
		case k < 9:
			fmt.Fprintf(&b, `\u%04x`, r.IntN(0x10000))
		case k < 10:
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800+r.IntN(0x400), 0xdc00+r.IntN(0x400))
		case k < 11:
			b.WriteString("é/€")
		default:
			b.WriteByte(byte(0x80 + r.IntN(0x80)))
		}
	}
	b.WriteByte('"')
	return b.String()
}

func genJSONSnippet(r *rand.Rand) string {
	doc := genJSONValue(r, 0)
	return "return cjson.encode(cjson.decode(" + luaQuote(doc) + "))"
}

func genJSONErrorSnippet(r *rand.Rand) string {
	doc := []byte(genJSONValue(r, 0))
	for n := 1 + r.IntN(2); n > 0 && len(doc) > 0; n-- {
		i := r.IntN(len(doc))
		switch r.IntN(3) {
		case 0:
			doc = append(doc[:i], doc[i+1:]...)
		case 1:
			doc = append(doc[:i], append([]byte{`[]{}:,"\x tn-0.e`[r.IntN(16)]}, doc[i:]...)...)
		default:
			doc[i] = byte(r.IntN(256))
		}
	}
	return "local ok, v = pcall(cjson.decode, " + luaQuote(string(doc)) +
		") if ok then return cjson.encode(v) end return v"
}

// genMsgpackValue appends a random msgpack object. Maps get string keys:
// with several integer keys the table order would depend on an insertion
// order gopher-lua does not keep (see order.go).
func genMsgpackValue(r *rand.Rand, b []byte, depth int) []byte {
	switch k := r.IntN(12); {
	case k < 2 && depth < 3:
		n := r.IntN(5)
		b = append(b, byte(0x90+n))
		for ; n > 0; n-- {
			b = genMsgpackValue(r, b, depth+1)
		}
	case k < 3 && depth < 3:
		n := r.IntN(4)
		b = append(b, byte(0x80+n))
		for ; n > 0; n-- {
			key := make([]byte, r.IntN(6))
			for i := range key {
				key[i] = byte('a' + r.IntN(26))
			}
			b = append(b, byte(0xa0+len(key)))
			b = append(b, key...)
			b = genMsgpackValue(r, b, depth+1)
		}
	case k < 8:
		head := []byte{0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xca, 0xcb}[r.IntN(10)]
		size := map[byte]int{0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8, 0xca: 4, 0xcb: 8}[head]
		b = append(b, head)
		for ; size > 0; size-- {
			b = append(b, byte(r.IntN(256)))
		}
	case k < 10:
		n := r.IntN(40)
		if n < 32 {
			b = append(b, byte(0xa0+n))
		} else {
			b = append(b, 0xd9, byte(n))
		}
		for ; n > 0; n-- {
			b = append(b, byte(r.IntN(256)))
		}
	default:
		b = append(b, []byte{0xc0, 0xc2, 0xc3, 0x00, 0x7f, 0xe0, 0xff, 0xc1, 0xc4}[r.IntN(9)])
	}
	return b
}

func genMsgpackSnippet(r *rand.Rand) string {
	var b []byte
	for n := 1 + r.IntN(3); n > 0; n-- {
		b = genMsgpackValue(r, b, 0)
	}
	if len(b) > 1 && r.IntN(4) == 0 {
		b = b[:r.IntN(len(b))] // truncated
	}
	return hexPrelude + "local ok, v = pcall(function() return {cmsgpack.unpack(" + luaQuote(string(b)) +
		")} end) if not ok then return v end return hex(cmsgpack.pack(unpack(v)))"
}

func genStructSnippet(r *rand.Rand) string {
	const opts = "bBhHlLTiIfdxcs<>! "
	var f strings.Builder
	for n := 1 + r.IntN(5); n > 0; n-- {
		f.WriteByte(opts[r.IntN(len(opts))])
		if r.IntN(3) == 0 {
			f.WriteString(fmt.Sprint(r.IntN(17)))
		}
	}
	data := make([]byte, r.IntN(24))
	for i := range data {
		data[i] = byte(r.IntN(256))
	}
	return hexPrelude + "local r = {pcall(struct.unpack, " + luaQuote(f.String()) + ", " + luaQuote(string(data)) +
		")} for i, v in ipairs(r) do r[i] = type(v) == 'string' and hex(v) or tostring(v) end return r"
}

// genDouble returns a double with interesting digits, as eight bytes.
func genDouble(r *rand.Rand) []byte {
	var f float64
	switch r.IntN(5) {
	case 0:
		f = math.Float64frombits(r.Uint64())
	case 1:
		f = float64(r.IntN(100000)) / float64(1+r.IntN(1000))
	case 2:
		f = math.Trunc(r.NormFloat64() * math.Pow(10, float64(r.IntN(20))))
	default:
		f = r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
	}
	b := make([]byte, 8)
	bits := math.Float64bits(f)
	for i := range b {
		b[i] = byte(bits >> (56 - 8*i))
	}
	return b
}

func genNumberSnippet(r *rand.Rand) string {
	return "local n = struct.unpack('>d', " + luaQuote(string(genDouble(r))) + ") " +
		"local ok, j = pcall(cjson.encode, n) " +
		"return {tostring(n), tostring(j), string.format('%.17g', n), tostring(tonumber(tostring(n))), " +
		"string.format('%s', n), table.concat({n}), tostring(bit.tobit(n))}"
}

func genFormatSnippet(r *rand.Rand) string {
	flags := []string{"", "-", "+", " ", "#", "0", "-0", "+ ", "#0"}
	spec := "%" + flags[r.IntN(len(flags))]
	if r.IntN(2) == 0 {
		spec += fmt.Sprint(r.IntN(25))
	}
	if r.IntN(2) == 0 {
		spec += "." + fmt.Sprint(r.IntN(20))
	}
	spec += string("diouxXeEfgGcsq"[r.IntN(14)])
	return "local n = struct.unpack('>d', " + luaQuote(string(genDouble(r))) + ") " +
		"local ok, s = pcall(string.format, " + luaQuote(spec) + ", n) return s"
}

func genPatternSnippet(r *rand.Rand) string {
	const subjectChars = "aab(c)d.1 2%x]"
	var s strings.Builder
	for n := r.IntN(12); n > 0; n-- {
		s.WriteByte(subjectChars[r.IntN(len(subjectChars))])
	}
	pieces := []string{"a", "b", ".", "%a", "%d", "%s", "%w", "%p", "%x", "[ab]", "[^a]", "[a-c]", "(", ")", "()",
		"*", "+", "-", "?", "^", "$", "%b()", "%f[%a]", "%1", "%", "[", "]", "%.", "%%"}
	var p strings.Builder
	for n := 1 + r.IntN(5); n > 0; n-- {
		p.WriteString(pieces[r.IntN(len(pieces))])
	}
	subject, pattern := luaQuote(s.String()), luaQuote(p.String())
	return "local r = {pcall(string.find, " + subject + ", " + pattern + ")} " +
		"local m = {pcall(string.gsub, " + subject + ", " + pattern + ", '<%0>')} " +
		"for i, v in ipairs(m) do r[#r + 1] = tostring(v) end for i, v in ipairs(r) do r[i] = tostring(v) end return r"
}

// genOrderSnippet builds a table one key at a time, integer keys first in
// increasing order and then string keys, and lists it with pairs.
func genOrderSnippet(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString("local t = {} ")
	k := 0
	for n := r.IntN(6); n > 0; n-- {
		k += 1 + r.IntN(4)
		fmt.Fprintf(&b, "t[%d] = true ", k)
	}
	for n := 1 + r.IntN(40); n > 0; n-- {
		key := make([]byte, 1+r.IntN(12))
		for i := range key {
			key[i] = "abcdefghijklmnopqrstuvwxyz_0123456789"[r.IntN(37)]
		}
		fmt.Fprintf(&b, "t[%s] = true ", luaQuote(string(key)))
	}
	b.WriteString("local o = {} for k in pairs(t) do o[#o + 1] = tostring(k) end return table.concat(o, ' ')")
	return b.String()
}
