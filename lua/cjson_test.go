package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestCJSON(t *testing.T) {
	cases{
		{"return cjson.encode({1, \"two\", true, false, cjson.null})", "$[1,\"two\",true,false,null]"},
		{"return cjson.encode({a = {b = {}}})", "${\"a\":{\"b\":{}}}"},
		{"return cjson.encode(\"a/b\\\"\\\\\\n\\0\\127\")", "$\"a\\/b\\\"\\\\\\n\\u0000\\u007f\""},
		{"return cjson.encode(1/3)", "$0.33333333333333"},
		{"return cjson.encode(1e15)", "$1e+15"},
		{"return cjson.encode(-0.0)", "$-0"},
		{"return cjson.encode(0/0)", "-ERR user_script:1: Cannot serialise number: must not be NaN or Inf script: d3f8d4e745d6587b04e9dd216e0d4631f0a306d9, on @user_script:1."},
		{"return cjson.encode({[11] = 1})", "-ERR user_script:1: Cannot serialise table: excessively sparse array script: 6ab27f6df6d2a22d37859dd3978a2a1d1698b534, on @user_script:1."},
		{"return cjson.encode({[1] = 1, [3] = 3})", "$[1,null,3]"},
		{"return cjson.encode({[true] = 1})", "-ERR user_script:1: Cannot serialise boolean: table key must be a number or string script: 9be9d56d744ab7aaccc1be53d581f76afb5ae4bd, on @user_script:1."},
		{"return cjson.encode(print)", "-ERR user_script:1: Script attempted to access nonexistent global variable 'print' script: 8d87d02dc9dc22ef8e1a9ef2fc499a776fb0dbdd, on @user_script:1."},
		{"return cjson.encode()", "-ERR user_script:1: bad argument #1 to 'encode' (expected 1 argument) script: fc593ea31f478c7ed65c77495cc63edeb9153530, on @user_script:1."},
		{"local t = {} t[1] = t return cjson.encode(t)", "-ERR user_script:1: Cannot serialise, excessive nesting (1001) script: 576653f0096d47f87063058b9abe9085cdcd4f41, on @user_script:1."},
		{"return cjson.decode('{\"a\":[1,2,{\"b\":null}]}').a[3].b == cjson.null", ":1"},
		{"return cjson.decode('\"\\\\ud83d\\\\ude00\"')", "$😀"},
		{"return cjson.decode('\"\\\\ude00\"')", "-ERR user_script:1: Expected value but found invalid unicode escape code at character 2 script: 8f5a5d0c62f864810e9d6f8da1941b32dfb7516e, on @user_script:1."},
		{"return tostring(cjson.decode(\"0x1p4\"))", "$16"},
		{"return tostring(cjson.decode(\"-Infinity\"))", "$-inf"},
		{"return cjson.decode(\"[1,]\")", "-ERR user_script:1: Expected value but found T_ARR_END at character 4 script: 9aae42444f3c3472e8ce7276dee9850505fae195, on @user_script:1."},
		{"return cjson.decode('{\"a\" 1}')", "-ERR user_script:1: Expected colon but found T_NUMBER at character 6 script: 3486ee24bfdfc100c738c73355e99954ef01d92f, on @user_script:1."},
		{"return cjson.decode(\"[1]\\0garbage\")[1]", ":1"},
		{"return cjson.decode(\"\\0a\")", "-ERR user_script:1: JSON parser does not support UTF-16 or UTF-32 script: 998b29ab6df87166903aeb927ab9d0f92b59615d, on @user_script:1."},
		{"return cjson.decode(string.rep(\"[\", 1001))", "-ERR user_script:1: Found too many nested data structures (1001) at character 1001 script: 4845bf2a6d7280eea965591956d20c252814da71, on @user_script:1."},
		{"cjson.decode_invalid_numbers(false) return cjson.decode(\"0x10\")", "-ERR user_script:1: Expected value but found invalid number at character 1 script: 28e3c65d7308963938e22c27edd3b19d441f0dd7, on @user_script:1."},
		{"cjson.encode_invalid_numbers(\"null\") return cjson.encode({1/0, 0/0})", "$[null,null]"},
		{"cjson.encode_number_precision(3) return cjson.encode(1/3)", "$0.333"},
		{"cjson.encode_max_depth(2) return cjson.encode({{{1}}})", "-ERR user_script:1: Cannot serialise, excessive nesting (3) script: 621d0de3c36ee98e206ccb1ef88d7ce96244bc55, on @user_script:1."},
		{"cjson.encode_sparse_array(true) return cjson.encode({[20]=1})", "${\"20\":1}"},
		{"cjson.decode_max_depth(10000) return cjson.decode(string.rep(\"[\", 7999) .. string.rep(\"]\", 7999)) ~= nil", "-ERR user_script:1: Found too many nested data structures (7999) at character 7999 script: 0aef431602545682953d2186a6dbcf7e431ad623, on @user_script:1."},
		{"return {cjson.encode_sparse_array(true, 2, -1)}", "-ERR user_script:1: bad argument #1 to 'encode_sparse_array' (expected integer between 0 and 2147483647) script: aa952680d59b6614ec2c6999168cd405ddb2c158, on @user_script:1."},
		{"return cjson.encode_keep_buffer(\"maybe\")", "-ERR user_script:1: bad argument #1 to 'encode_keep_buffer' (invalid option 'maybe') script: 0db1e1a07b6ae2d7efcd87fc6a27372f8758c933, on @user_script:1."},
		{"return cjson.encode_max_depth(1, 2)", "-ERR user_script:1: bad argument #2 to 'encode_max_depth' (found too many arguments) script: ebf9f090ab5ddd4b21a6e44e9f074da030afcaf9, on @user_script:1."},
		{"return {cjson.encode_sparse_array(false, 3, 4)}", "[$nil, :3, :4]"},
		{"return cjson.encode_invalid_numbers(\"null\")", "$null"},
		{"local c = cjson.new() c.encode_max_depth(1) return {pcall(c.encode, {{}}), cjson.encode({{}})}", "[$nil, $[{}]]"},
		{"return tostring(cjson.null)", "$userdata: (nil)"},
	}.check(t)
}
