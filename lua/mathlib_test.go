package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestMathLibrary(t *testing.T) {
	cases{
		{"return tostring(math.floor(-0.5))", "$-1"},
		{"return tostring(math.fmod(7, 0))", "$-nan"},
		{"return tostring(math.log(-1))", "$-nan"},
		{"return tostring(math.sqrt(-1))", "$-nan"},
		{"return {tostring(math.modf(1/0)), tostring(select(2, math.modf(1/0)))}", "[$inf, $0]"},
		{"return {math.frexp(8)}", "[:0, :4]"},
		{"return math.ldexp(1, 2.9)", ":4"},
		{"return math.max()", "-ERR user_script:1: bad argument #1 to 'max' (number expected, got no value) script: ea184ab21d1cc115e2cbb27490136c9d0e484013, on @user_script:1."},
		{"return tostring(math.max(0/0, 1))", "$-nan"},
		{"math.randomseed(42) return {tostring(math.random()), math.random(1000)}", "[$0.74452500033403, :343]"},
		{"math.randomseed(7) return {math.random(5, 10), math.random(5, 10), math.random(-10, -5)}", "[:6, :9, :-9]"},
		{"math.randomseed(1) return math.random(0)", "-ERR user_script:1: bad argument #1 to 'random' (interval is empty) script: 16f48cc4d2041f9121e8976b7cfd74c5006f4683, on @user_script:1."},
		{"math.randomseed(1) return math.random(3, 2)", "-ERR user_script:1: bad argument #2 to 'random' (interval is empty) script: 63f72d681e96f786375aa0729965abcfb78ab087, on @user_script:1."},
		{"math.randomseed(1) return math.random(1, 2, 3)", "-ERR user_script:1: wrong number of arguments script: 96a4c8c6cb88d4c0f4e722b7404dd8e641d2427d, on @user_script:1."},
	}.check(t)
}
