package lua

import "testing"

// Argument errors name the function as the call site does, or '?', and
// say "no value" for a missing argument. Expected replies were taken from
// redis-server 7.0.15.
func TestArgumentErrors(t *testing.T) {
	cases{
		{`local x = string.rep() return x`, "-ERR user_script:1: bad argument #1 to 'rep' (string expected, got no value) script: 5cbb937199298d94198fabb6b695cc4a1d06fc5f, on @user_script:1."},
		{`local x = string.rep(nil, 1) return x`, "-ERR user_script:1: bad argument #1 to 'rep' (string expected, got nil) script: 1a236281142fc4c7845dbf3748c75d556d49e88d, on @user_script:1."},
		{`local f = cjson.encode local x = f() return x`, "-ERR user_script:1: bad argument #1 to 'f' (expected 1 argument) script: 4a2f3b9d3b7e44cf924ad3068575e2c9ec3054ac, on @user_script:1."},
		{`local t = {f = cjson.encode} local x = t.f() return x`, "-ERR user_script:1: bad argument #1 to 'f' (expected 1 argument) script: 47d2b84219144f0920060f760c3ed0271f383afc, on @user_script:1."},
		{`local t = {cjson.encode} local x = t[1]() return x`, "-ERR user_script:1: bad argument #1 to '?' (expected 1 argument) script: c3aeb5b645c17055efaa9736cc6a0ccd268e2782, on @user_script:1."},
		{`local ok, x = pcall(cjson.encode) return x`, "$bad argument #1 to '?' (expected 1 argument)"},
		{`return string.len(123)`, ":3"},
	}.check(t)
}
