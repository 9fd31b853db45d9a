package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestCoroutines(t *testing.T) {
	cases{
		{"local co = coroutine.create(function(a, b) local c = coroutine.yield(a + b) return c * 2 end) local r = {coroutine.resume(co, 1, 2)} local r2 = {coroutine.resume(co, 10)} return {r[1], r[2], r2[1], r2[2], coroutine.status(co)}", "[:1, :3, :1, :20, $dead]"},
		{"local co = coroutine.create(function() end) coroutine.resume(co) return {coroutine.resume(co)}", "[$nil, $cannot resume dead coroutine]"},
		{"local f = coroutine.wrap(function() error(\"boom\") end) return f()", "-ERR user_script:1: user_script:1: boom script: 160338fd514e65c62a94dd40e08a949c986821c3, on @user_script:1."},
		{"return coroutine.create(print)", "-ERR user_script:1: Script attempted to access nonexistent global variable 'print' script: ceaf0fb529d216baba6bee1da421cd374f1701c0, on @user_script:1."},
		{"return coroutine.yield(1)", "-ERR attempt to yield across metamethod/C-call boundary script: c0c3d8a4cbcee35be6b566d6fb3a7a74f0fdcc6f, on @user_script:1."},
		{"return coroutine.status(1)", "-ERR user_script:1: bad argument #1 to 'status' (coroutine expected) script: cf7dfa3a0316487980e3f438b32fbebf28f92e28, on @user_script:1."},
	}.check(t)
}
