package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestStringLibrary(t *testing.T) {
	cases{
		{"return string.sub(\"hello\", -3, -2)", "$ll"},
		{"return string.rep(\"x\", 2^40)", "$"},
		{"return string.len(1/3)", ":16"},
		{"return {string.byte(\"abc\", 1, -1)}", "[:97, :98, :99]"},
		{"return select(\"#\", string.byte(string.rep(\"x\", 8000), 1, 7998))", "-ERR user_script:1: stack overflow (string slice too long) script: 758b7fd290618cc8fbdec9d93089b947dd6d7c78, on @user_script:1."},
		{"return string.char(256)", "-ERR user_script:1: bad argument #1 to 'char' (invalid value) script: 3d9288df94e38fc1669acdaeb8b94be37e5c7bf8, on @user_script:1."},
		{"return string.dump(print)", "-ERR user_script:1: Script attempted to access nonexistent global variable 'print' script: e7a70231a8c521ff6e063c712d6736d178fcbee3, on @user_script:1."},
		{"return string.upper(\"abc é\")", "$ABC é"},
		{"return string.format(\"%5.2f|%-5d|%05d|%+d|%x|%X|%#o\", 3.14159, 42, 42, 5, 255, 255, 8)", "$ 3.14|42   |00042|+5|ff|FF|010"},
		{"return string.format(\"%d|%x|%u\", -3.99, -1, -1)", "$-3|ffffffffffffffff|18446744073709551615"},
		{"return string.format(\"%d|%x\", 2^63, 2^64)", "$-9223372036854775808|0"},
		{"return string.format(\"%g|%g|%#g|%.3g\", 100000, 1e20, 1, 1234.5678)", "$100000|1e+20|1.00000|1.23e+03"},
		{"return string.format(\"%e|%.0e|%#.0e\", 12345.6789, 5, 5)", "$1.234568e+04|5e+00|5.e+00"},
		{"return string.format(\"%f|%5.1f\", 0/0, 1/0)", "$-nan|  inf"},
		{"return string.format(\"%s|%5s|%.2s\", 1/3, \"ab\", \"abcdef\")", "$0.33333333333333|   ab|ab"},
		{"return #string.format(\"%-3c\", 0)", ":0"},
		{"return string.format(\"%q\", 'he said \"hi\"\\n\\\\ \\r \\0 end')", "$\"he said \\\"hi\\\"\\\n\\\\ \\r \\000 end\""},
		{"return string.format(\"%\")", "-ERR user_script:1: bad argument #2 to 'format' (no value) script: 92d9df28202bbe3b70205cb89bf10a05a24d3c8b, on @user_script:1."},
		{"return string.format(\"%y\", 1)", "-ERR user_script:1: invalid option '%y' to 'format' script: 8210e1bbccb02fa85504b115095fbb7ded36ff79, on @user_script:1."},
		{"return string.format(\"%-+ #0-d\", 1)", "-ERR user_script:1: invalid format (repeated flags) script: 46de9531a9403e88ba10ce557bc83aa7023e7e7b, on @user_script:1."},
		{"return string.format(\"%123d\", 1)", "-ERR user_script:1: invalid format (width or precision too long) script: 28f27899bc35b46e1ab4a48aabd1cfb0441e2613, on @user_script:1."},
		{"return string.format(\"%d %s\", 1)", "-ERR user_script:1: bad argument #3 to 'format' (no value) script: b635cb8f65ae3b462ee64f4217b61b5bb549ae8a, on @user_script:1."},
	}.check(t)
}
