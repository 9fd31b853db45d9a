package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestBit(t *testing.T) {
	cases{
		{"return bit.tobit(2^32 + 1)", ":1"},
		{"return bit.tobit(2.5)", ":2"},
		{"return bit.tobit(-2.5)", ":-2"},
		{"return bit.tobit(1e100)", ":630506365"},
		{"return bit.tobit(\"0x10\")", ":16"},
		{"return bit.tobit(\"abc\")", "-ERR user_script:1: bad argument #1 to 'tobit' (number expected, got string) script: 15fcfbf323480ab2eed7fe69550f26c86670e7a7, on @user_script:1."},
		{"return bit.tobit()", "-ERR user_script:1: bad argument #1 to 'tobit' (number expected, got no value) script: 6058df6fbdf91c1b96015f209fb1a490233f2272, on @user_script:1."},
		{"return bit.bnot(0)", ":-1"},
		{"return bit.band(0xff, 0x0f, 0x3)", ":3"},
		{"return bit.bor(0x80000000, 1)", ":-2147483647"},
		{"return bit.bxor(-1, 1)", ":-2"},
		{"return bit.lshift(1, 31)", ":-2147483648"},
		{"return bit.lshift(1, 33)", ":2"},
		{"return bit.rshift(-1, 1)", ":2147483647"},
		{"return bit.arshift(-256, 4)", ":-16"},
		{"return bit.rol(0x12345678, 4)", ":591751041"},
		{"return bit.ror(1, 1)", ":-2147483648"},
		{"return bit.bswap(0x12345678)", ":2018915346"},
		{"return bit.tohex(255)", "$000000ff"},
		{"return bit.tohex(-1, -4)", "$FFFF"},
		{"return bit.tohex(0xabcdef, 4)", "$cdef"},
		{"return bit.tohex(1, 2^31)", "$00000001"},
		{"return bit.band(1, {})", "-ERR user_script:1: bad argument #2 to 'band' (number expected, got table) script: 6a05629315079201399701ee15b1ea4d3af587f6, on @user_script:1."},
	}.check(t)
}
