package lua

import "testing"

// Expected replies were taken from redis-server 7.0.15.
func TestPatterns(t *testing.T) {
	cases{
		{"return {string.find(\"hello world\", \"o\", 6)}", "[:8, :8]"},
		{"return {string.find(\"a.b\", \".\", 1, true)}", "[:2, :2]"},
		{"return {string.find(\"abc\", \"\", 10)}", "[:4, :3]"},
		{"return {string.match(\"key:value\", \"(%w+):(%w+)\")}", "[$key, $value]"},
		{"return {string.match(\"hello\", \"()ll()\")}", "[:3, :5]"},
		{"return string.match(\"THE (quick) fox\", \"%f[%a]%a+\")", "$THE"},
		{"return string.match(\"f(a,b)\", \"%b()\")", "$(a,b)"},
		{"return string.match(\"  trim  \", \"^%s*(.-)%s*$\")", "$trim"},
		{"return {string.gsub(\"hello world\", \"%w+\", {hello = \"HI\"})}", "[$HI world, :2]"},
		{"return {string.gsub(\"abc\", \"(%w)\", \"<%1>\")}", "[$<a><b><c>, :3]"},
		{"return {string.gsub(\"abc\", \"\", \"-\")}", "[$-a-b-c-, :4]"},
		{"return {string.gsub(\"abc\", \"(\", \"x\")}", "[$xaxbxcx, :4]"},
		{"return {string.gsub(\"abc\", \"%\", \"x\")}", "-ERR user_script:1: malformed pattern (ends with '%') script: 3df118d000e8ec574164352df4631346c3459b70, on @user_script:1."},
		{"return {string.gsub(\"abc\", \"[a\", \"x\")}", "-ERR user_script:1: malformed pattern (missing ']') script: c66220ea17ec93047ad550f1515cc0a2e1e73a1b, on @user_script:1."},
		{"return {string.gsub(\"hello\", \".\", {h = 1, e = true})}", "-ERR user_script:1: invalid replacement value (a boolean) script: 28224662bac1895442bc7dc3b6dc6acdf22a709d, on @user_script:1."},
		{"return {string.gsub(\"abc\", \"b\", \"%2\")}", "-ERR user_script:1: invalid capture index script: 0345d55a1609d886299f51eae0ce75635c8bc1a2, on @user_script:1."},
		{"return {string.gsub(\"abc\", \"%f\", \"x\")}", "-ERR user_script:1: missing '[' after '%f' in pattern script: 2244a80ebecc7fd6a799eb9043a1e4d93d199e87, on @user_script:1."},
		{"return {string.gsub(\"abc\", \"%b\", \"x\")}", "-ERR user_script:1: unbalanced pattern script: a7f1c835a0f9460bb277be42d37ac8b315eec0c9, on @user_script:1."},
		{"local t = {} for k, v in string.gmatch(\"a=1, b=2\", \"(%w+)=(%w+)\") do t[#t+1] = k .. v end return t", "[$a1, $b2]"},
	}.check(t)
}
