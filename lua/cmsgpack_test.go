package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestCmsgpack(t *testing.T) {
	cases{
		{"return {cmsgpack.pack(0, 127, 128, 256, 65536, 2^32, -1, -33, -129, -32769, -2^31 - 1):byte(1, -1)}", "[:0, :127, :204, :128, :205, :1, :0, :206, :0, :1, :0, :0, :207, :0, :0, :0, :1, :0, :0, :0, :0, :255, :208, :223, :209, :255, :127, :210, :255, :255, :127, :255, :211, :255, :255, :255, :255, :127, :255, :255, :255]"},
		{"return {cmsgpack.pack(1.5, 0.1):byte(1, -1)}", "[:202, :63, :192, :0, :0, :203, :63, :185, :153, :153, :153, :153, :153, :154]"},
		{"return {cmsgpack.pack(2^63, -2^63):byte(1, -1)}", "[:202, :95, :0, :0, :0, :211, :128, :0, :0, :0, :0, :0, :0, :0]"},
		{"return {cmsgpack.pack(string.rep(\"a\", 40)):byte(1, 2)}", "[:217, :40]"},
		{"return {cmsgpack.pack(string.rep(\"a\", 300)):byte(1, 3)}", "[:218, :1, :44]"},
		{"return {cmsgpack.pack({1, 2}, {a = 1}, {}, {[1] = 1, [3] = 3}):byte(1, -1)}", "[:146, :1, :2, :129, :161, :97, :1, :144, :130, :1, :1, :3, :3]"},
		{"return {cmsgpack.pack(true, false, nil, print):byte(1, -1)}", "-ERR user_script:1: Script attempted to access nonexistent global variable 'print' script: c637d592dc3fbc9b75d4cbb9acc8a9eebe359c87, on @user_script:1."},
		{"local t = {} t[1] = t return #cmsgpack.pack(t)", ":17"},
		{"return cmsgpack.pack()", "-ERR user_script:1: bad argument #0 to 'pack' (MessagePack pack needs input.) script: 6bc235afa55de88253e203cc5fe5844792e25209, on @user_script:1."},
		{"return tostring(cmsgpack.unpack(\"\\207\\255\\255\\255\\255\\255\\255\\255\\255\"))", "$-1"},
		{"return tostring(cmsgpack.unpack(\"\\203\\63\\185\\153\\153\\153\\153\\153\\154\"))", "$0.1"},
		{"return cmsgpack.unpack(\"\\217\\3abc\")", "$abc"},
		{"return cmsgpack.unpack(\"\\196\\3abc\")", "-ERR user_script:1: Bad data format in input. script: e965251b33a0a5000e6dbc0f5ee951af7504da85, on @user_script:1."},
		{"return cmsgpack.unpack(\"\\205\\1\")", "-ERR user_script:1: Missing bytes in input. script: 14ec84a2e4fdda7c536c055cf3f42d1618c74086, on @user_script:1."},
		{"return cmsgpack.unpack(\"\\129\\192\\1\")", "-ERR table index is nil script: 38479bec985851418160171427a84421b0ad9dc8, on @user_script:1."},
		{"return cmsgpack.unpack(string.rep(\"\\145\", 4000) .. \"\\1\")", "-ERR user_script:1: stack overflow (in function mp_decode_to_lua_array) script: 65dd605bec60b426958af6af12ca0764c17af21d, on @user_script:1."},
		{"return select(\"#\", cmsgpack.unpack(string.rep(\"\\1\", 8000)))", "-ERR user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.) script: 2480910c9bf6fc525157e3c394a242c65c2b5651, on @user_script:1."},
		{"return {cmsgpack.unpack_one(\"\\1\\2\\3\", 2)}", "[:-1, :3]"},
		{"return {cmsgpack.unpack_limit(\"\\1\\2\\3\", 2, 1)}", "[:-1, :2, :3]"},
		{"return {cmsgpack.unpack_limit(\"\\1\\2\\3\", 0)}", "[:1, :2, :3]"},
		{"return {cmsgpack.unpack_limit(\"\\1\\2\\3\", -1)}", "-ERR user_script:1: Invalid request to unpack with offset of 0 and limit of 3. script: 341f82f4570a0f5e5b10fe447a00435474c70e73, on @user_script:1."},
		{"return {cmsgpack.unpack_one(\"\\1\\2\\3\", 5)}", "-ERR user_script:1: Start offset 5 greater than input length 3. script: 15b9ba28f2a0e1a7dff64c58110f973f1302aad1, on @user_script:1."},
		{"return cmsgpack.unpack(cmsgpack.pack({1, 2, {a = \"b\"}}))[3].a", "$b"},
	}.check(t)
}
