package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestBaseLibrary(t *testing.T) {
	cases{
		{"return tostring(1/3)", "$0.33333333333333"},
		{"return tostring(2^53)", "$9.007199254741e+15"},
		{"return tostring(-0.0)", "$-0"},
		{"return tostring(0/0)", "$-nan"},
		{"return tostring(1/0)", "$inf"},
		{"return tostring(cjson.null)", "$userdata: (nil)"},
		{"return tostring(setmetatable({}, {__tostring = function() return \"custom\" end}))", "$custom"},
		{"return tonumber(\"  0x1p4  \")", ":16"},
		{"return tostring(tonumber(\"1e\"))", "$nil"},
		{"return tostring(tonumber(\"-1\", 16))", "$1.844674407371e+19"},
		{"return tonumber(\"z\", 37)", "-ERR user_script:1: bad argument #2 to 'tonumber' (base out of range) script: 9b0161e8f4f7f407e7f86d75568a101e24335e7c, on @user_script:1."},
		{"return tonumber()", "-ERR user_script:1: bad argument #1 to 'tonumber' (value expected) script: f4853cecaf5a268432ec56257ce33f680863445e, on @user_script:1."},
		{"return select(-1, \"a\", \"b\")", "$b"},
		{"return select(0, \"a\")", "-ERR user_script:1: bad argument #1 to 'select' (index out of range) script: 03ab62d4677b2a68805a188b29ddce9c588779fd, on @user_script:1."},
		{"return select(\"#\", 1, nil)", ":2"},
		{"return {unpack({1, 2, 3}, 2)}", "[:2, :3]"},
		{"return select(\"#\", unpack({}, 1, 7999))", "-ERR user_script:1: too many results to unpack script: 85863e4d8d66465f44913b00873a5da328781540, on @user_script:1."},
		{"return unpack({}, -2^31, 2^31 - 1)", "-ERR user_script:1: too many results to unpack script: e2d5d1310ed7c7754d9ae15ba5b3b14ce2b6a477, on @user_script:1."},
		{"local ok, e = pcall(error, {err = \"x\"}) return e", "$x"},
		{"local ok, e = pcall(nil) return e", "$attempt to call a nil value"},
		{"local ok, e = pcall() return e", "$attempt to call a boolean value"},
		{"return {xpcall(function() error(\"x\") end, function(e) return \"h:\" .. e end)}", "[$nil, $h:user_script:1: x]"},
		{"return {xpcall(function() error(\"x\") end, 5)}", "[$nil, $error in error handling]"},
		{"error(42)", "-ERR user_script:1: 42 script: acc7142a53d840846449a0a8c6055f5a674809fd, on @user_script:1."},
		{"error()", "-ERR nil script: aca90d914519fdb9825352bdc0befb59f7c8510f, on @user_script:1."},
		{"assert(false, \"msg\")", "-ERR user_script:1: msg script: e159f2ac5dd729d12f0ecdfaedc8d24728039a6f, on @user_script:1."},
		{"return rawset({}, nil, 1)", "-ERR table index is nil script: 5896009464192fbab25680c7f3a63b35ca0d9242, on @user_script:1."},
		{"return setmetatable({}, 1)", "-ERR user_script:1: bad argument #2 to 'setmetatable' (nil or table expected) script: edfb36201dfdaf2c684477466ddae43ab9ff3c77, on @user_script:1."},
		{"local t = setmetatable({}, {__metatable = \"locked\"}) setmetatable(t, {})", "-ERR user_script:1: cannot change a protected metatable script: 7c45cf9fef9540ff405370cea7ba427956934dcc, on @user_script:1."},
		{"return collectgarbage(\"bogus\")", "-ERR user_script:1: bad argument #1 to 'collectgarbage' (invalid option 'bogus') script: 18fd46beb8a62a1be85e085d3aa3114bb721b986, on @user_script:1."},
		{"return load(\"return 7\")()", "-ERR user_script:1: bad argument #1 to 'load' (function expected, got string) script: f5d0d8193592edd7db9f48d0f0b5149db9f2dc72, on @user_script:1."},
		{"local parts = {\"return \", \"4\", \"2\"} local i = 0 return load(function() i = i + 1 return parts[i] end)()", ":42"},
		{"return loadstring(\"error('x')\", \"=name\")()", "-ERR name:1: x script: 886604e4975b14f6fd3897725e44f42fe24ce47d, on =name:1."},
	}.check(t)
}
