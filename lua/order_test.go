package lua

import (
	"strings"
	"testing"

	glua "github.com/yuin/gopher-lua"
)

// Expected orders were taken from redis-server 7.0.15.
func TestCOrder(t *testing.T) {
	cases{
		{`local t = {} t.city = 1 t.tags = 2 t.status = 3 t.id = 4 t.active = 5 t.x = 6 t.value = 7 return cjson.encode(t)`,
			`${"x":6,"city":1,"tags":2,"id":4,"value":7,"active":5,"status":3}`},
		{`return cjson.encode(cjson.decode('{"x":1,"y":2,"z":3}'))`, `${"y":2,"x":1,"z":3}`},
		{`local t = {} t.name = "x" t.age = 3 t.city = "y" return cjson.encode(t)`, `${"city":"y","age":3,"name":"x"}`},
		{`local t = {} for i = 1, 20 do t[i * 7] = i end local o = {} for k in pairs(t) do o[#o+1] = k end return table.concat(o, ' ')`,
			`$91 63 126 35 70 140 105 21 42 84 119 49 98 133 7 14 77 56 112 28`},
		{`local t = {} t[true] = 1 t[false] = 2 t.x = 3 local o = {} for k in pairs(t) do o[#o+1] = tostring(k) end return table.concat(o, ' ')`,
			`$false true x`},
	}.check(t)
}

func TestCOrderKeepsGopherOrderForArrays(t *testing.T) {
	L := glua.NewState()
	defer L.Close()
	tbl := L.NewTable()
	for i := 1; i <= 5; i++ {
		tbl.Append(glua.LNumber(i))
	}
	if keys := cOrder(tbl); keys != nil {
		t.Errorf("cOrder of an array = %v, want nil", keys)
	}
}

func TestLuaStringHash(t *testing.T) {
	// Long strings hash one byte in every len/32+1: strings differing only
	// in skipped bytes collide, as in C Lua.
	a := strings.Repeat("a", 64)
	b := []byte(a)
	b[0] = 'b'
	if luaStringHash(a) != luaStringHash(string(b)) {
		t.Error("the first byte of a 64-byte string should not be hashed")
	}
	if luaStringHash("a") == luaStringHash("b") {
		t.Error("short strings should hash every byte")
	}
}
