package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestReadOnlyTables(t *testing.T) {
	cases{
		{"rawset(_G, \"x\", 1)", "-ERR Attempt to modify a readonly table script: 65ef3ec3263f0393f2c50ec499529357012d55c2, on @user_script:1."},
		{"setmetatable(_G, nil)", "-ERR Attempt to modify a readonly table script: 22fdd3b51da2d4bc6703d71d651cd782d8e5a35f, on @user_script:1."},
		{"getmetatable(\"\").__index = nil", "-ERR user_script:1: Attempt to modify a readonly table script: b120a585c4888117361e4e215dea0ed127683232, on @user_script:1."},
		{"getmetatable(_G).__index = nil", "-ERR user_script:1: Attempt to modify a readonly table script: 1ec4f48ee3d02bfee5da8ba9aeab8a503d3032f1, on @user_script:1."},
		{"return getmetatable(_G).__index(_G, \"string\")", "-ERR user_script:1: Script attempted to access nonexistent global variable 'string' script: 6965629b4547351fbe9c9cefb76e38af58bf88a1, on @user_script:1."},
		{"return getmetatable(_G).__index(_G)", "-ERR user_script:1: Wrong number of arguments to luaProtectedTableError script: 5f7372f68f3803abe300e78c1d6f635ff5baab81, on @user_script:1."},
		{"return getmetatable(\"\").__index == string", ":1"},
		{"return rawget(string, \"len\") == string.len", ":1"},
		{"local n = 0 for k, v in pairs(string) do n = n + 1 end return n", ":15"},
		{"local t = setmetatable({}, getmetatable(\"\")) return getmetatable(t) == getmetatable(\"\")", ":1"},
		{"table.sort(string, function() return true end)", "$nil"},
		{"KEYS[1] = \"x\" return KEYS[1]", "$x"},
	}.check(t)
}
