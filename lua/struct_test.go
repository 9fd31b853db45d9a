package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestStruct(t *testing.T) {
	cases{
		{"return struct.pack(\">i2\", 258) == \"\\1\\2\"", ":1"},
		{"return (struct.pack(\"<i3\", 2^40 + 5)):byte(1, -1)", ":5"},
		{"return {(struct.pack(\"!bd\", 1, 2)):byte(1, -1)}", "[:1, :0, :0, :0, :0, :0, :0, :0, :0, :0, :0, :0, :0, :0, :0, :64]"},
		{"return {(struct.pack(\">i12\", -2)):byte(1, -1)}", "[:0, :0, :0, :0, :255, :255, :255, :255, :255, :255, :255, :254]"},
		{"return {(struct.pack(\">I8\", 0/0)):byte(1, -1)}", "[:128, :0, :0, :0, :0, :0, :0, :0]"},
		{"return {(struct.pack(\"bxhs\", 1, 2, \"ab\\0c\")):byte(1, -1)}", "[:1, :0, :2, :0, :97, :98, :0, :99, :0]"},
		{"return {struct.unpack(\"<i9\", \"\\128\\0\\0\\0\\0\\0\\0\\0\\0\")}", "[:-128, :10]"},
		{"return {struct.unpack(\">i9\", \"\\0\\128\\0\\0\\0\\0\\0\\0\\0\")}", "[:-128, :10]"},
		{"return {struct.unpack(\"bc0\", \"\\3abcd\")}", "[$abc, :5]"},
		{"return {struct.unpack(\"s\", \"abc\\0def\")}", "[$abc, :5]"},
		{"return {struct.unpack(\"\", \"abc\", -5)}", "[:-5]"},
		{"return {struct.unpack(\"i\", \"abcd\", 0)}", "-ERR user_script:1: bad argument #3 to 'unpack' (offset must be 1 or greater) script: 3a836f2045e20d73899222ef637215411bbc17e4, on @user_script:1."},
		{"return {struct.unpack(\"i\", \"abc\")}", "-ERR user_script:1: bad argument #2 to 'unpack' (data string too short) script: ba02371e8b3d7194b62fce162bf320a4b3d9dedf, on @user_script:1."},
		{"return {struct.unpack(\"s\", \"abc\")}", "-ERR user_script:1: unfinished string in data script: b0ea1fef7a6155c190c91244c34bd811b0479727, on @user_script:1."},
		{"return {struct.unpack(\"c0\", \"abc\")}", "-ERR user_script:1: format 'c0' needs a previous size script: dcb0e375f0fcfbbcb0972efa870817299bb9851d, on @user_script:1."},
		{"return #{struct.unpack(string.rep(\"b\", 7998), string.rep(\"\\1\", 8000))}", "-ERR user_script:1: stack overflow (too many results) script: 38f7ac6264a32e6bb61713ff8d76cd6549e43278, on @user_script:1."},
		{"return struct.pack(\"c5\", \"abc\")", "-ERR user_script:1: bad argument #3 to 'pack' (string too short) script: 9834b8ff7e5bcc0eeabad9740f15f9332d799220, on @user_script:1."},
		{"return struct.pack(\"i40\")", "-ERR user_script:1: integral size 40 is larger than limit of 32 script: c5283064471885f6205593d84272bd4427e45df4, on @user_script:1."},
		{"return struct.pack(\"i99999999999\")", "-ERR user_script:1: integral size overflow script: e2373a1d65966ec019bc3aa3428212073a661032, on @user_script:1."},
		{"return struct.pack(\"!3b\", 1)", "-ERR user_script:1: alignment 3 is not a power of 2 script: debb95b917c474df3eef3ba6dbc5dddcd262220d, on @user_script:1."},
		{"return struct.pack(\"=b\", 1)", "-ERR user_script:1: bad argument #1 to 'pack' (invalid format option '=') script: 2667e4d5c9f275b49b981f14a8edd806be5cca09, on @user_script:1."},
		{"return struct.pack(\"ii\", 1)", "-ERR user_script:1: bad argument #3 to 'pack' (number expected, got nil) script: 39efb8b199cc5a27aa38658a9bb5aae4f1904d58, on @user_script:1."},
		{"return struct.size(\"!bhilTfdx\")", ":41"},
		{"return struct.size(\"z9\")", ":0"},
		{"return struct.size(\"s\")", "-ERR user_script:1: bad argument #1 to 'size' (option 's' has no fixed size) script: 0bd68a9d1207d846fb74767b7aeafd360dbf42ba, on @user_script:1."},
		{"return struct.size(\"c0\")", "-ERR user_script:1: bad argument #1 to 'size' (option 'c0' has no fixed size) script: 32175125a96d7f6adf77bf292b0ada98c6af02b7, on @user_script:1."},
		{"return struct.size(\"@\")", "-ERR user_script:1: bad argument #1 to 'size' (invalid format option '@') script: 59ad461a71d1b20f2964ab92f4495f09c96160af, on @user_script:1."},
	}.check(t)
}
