package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestTableLibrary(t *testing.T) {
	cases{
		{"local t = {1, 2, 3} table.insert(t, 1, 0) return t", "[:0, :1, :2, :3]"},
		{"local t = {} table.insert(t, 1, 2, 3) return t", "-ERR user_script:1: wrong number of arguments to 'insert' script: 279fd10008d6e32b668970763dd8a9c667b7b2d5, on @user_script:1."},
		{"local t = {1, 2, 3} return {table.remove(t, 1), #t}", "[:1, :2]"},
		{"local t = {} return select(\"#\", table.remove(t))", ":0"},
		{"return table.concat({1, 1/3, \"x\"}, \",\")", "$1,0.33333333333333,x"},
		{"return table.concat({1, {}, 3})", "-ERR user_script:1: invalid value (table) at index 2 in table for 'concat' script: 1256855af13e156c2831028e4a486ab1d403bde8, on @user_script:1."},
		{"return table.concat({1, 2, 3}, \", \", 1, 5)", "-ERR user_script:1: invalid value (nil) at index 4 in table for 'concat' script: 1652e29c8ca9c57710a73d02bcbbd9b96f77f162, on @user_script:1."},
		{"return table.maxn({1, 2, [10] = 1, [2.5] = 1})", ":10"},
		{"return table.setn({}, 1)", "-ERR user_script:1: 'setn' is obsolete script: e08cc6adb6edb7a3516e8e676d0f057e565b0053, on @user_script:1."},
		{"local t = {5, 2, 8, 1, 9, 3} table.sort(t, function(a, b) return a > b end) return t", "[:9, :8, :5, :3, :2, :1]"},
		{"local log = {} local t = {4, 1, 3, 2, 5} table.sort(t, function(a, b) log[#log + 1] = a .. \"<\" .. b return a < b end) return table.concat(log, \" \")", "$5<4 3<4 1<4 2<4 4<4 4<2 2<3 1<2"},
		{"local t = {} for i = 1, 20 do t[i] = i end table.sort(t, function(a, b) return true end) return t", "-ERR user_script:1: invalid order function for sorting script: 0ba5e69c77b647be99bfd1dbd7c807357acbf598, on @user_script:1."},
		{"local t = {1, \"x\", 2} table.sort(t) return t", "-ERR attempt to compare string with number script: d96d6b69b19bf6284fe20c26040bf98e52654f99, on @user_script:1."},
		{"local t = {{}, {}} table.sort(t) return t", "-ERR attempt to compare two table values script: c45be0e0f5f05ebae84c54ad1ae01bc830af05d7, on @user_script:1."},
		{"return table.foreachi({10, 20, 30}, function(i, v) if v == 20 then return i end end)", ":2"},
		{"table.insert(string, 1)", "-ERR Attempt to modify a readonly table script: 665a27be1dfc4d5eda6068dc8d831bb5fb63fa89, on @user_script:1."},
	}.check(t)
}
