--@prelude local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end
-- cmsgpack: integers
return hex(cmsgpack.pack(0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, 2^53))
return hex(cmsgpack.pack(-1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649, -2^53))
return hex(cmsgpack.pack(2^63, -2^63, 2^64, -2^64, 2^62))
return hex(cmsgpack.pack(1.5, 0.1, -0.0, 0.5, 1e300, 1e-300, 3.4e38, 3.5e38, 1/3))
return hex(cmsgpack.pack(1/0, -1/0))
return hex(cmsgpack.pack(0/0))
return hex(cmsgpack.pack(-(0/0)))
return hex(cmsgpack.pack(12345678901))
return hex(cmsgpack.pack(-12345678901))
return hex(cmsgpack.pack(2^31, 2^31 - 1, -2^31 + 1))
-- cmsgpack: strings
return hex(cmsgpack.pack(""))
return hex(cmsgpack.pack("a"))
return hex(cmsgpack.pack(string.rep("a", 31)))
return hex(cmsgpack.pack(string.rep("a", 32)))
return hex(cmsgpack.pack(string.rep("b", 255)))
return hex(cmsgpack.pack(string.rep("c", 256)))
return hex(cmsgpack.pack(string.rep("d", 65535)):sub(1, 12))
return hex(cmsgpack.pack(string.rep("e", 65536)):sub(1, 14))
return hex(cmsgpack.pack("\0\1\255"))
-- cmsgpack: other types
return hex(cmsgpack.pack(true, false))
return hex(cmsgpack.pack(nil))
return hex(cmsgpack.pack(nil, 1, nil))
return hex(cmsgpack.pack(cjson.null))
return hex(cmsgpack.pack(function() end))
return hex(cmsgpack.pack(coroutine.create(function() end)))
return cmsgpack.pack()
-- cmsgpack: tables
return hex(cmsgpack.pack({}))
return hex(cmsgpack.pack({1, 2, 3}))
return hex(cmsgpack.pack({a = 1}))
return hex(cmsgpack.pack({[1] = 1, [3] = 3}))
return hex(cmsgpack.pack({1, nil, 3}))
return hex(cmsgpack.pack({[0] = 1}))
return hex(cmsgpack.pack({[-1] = 1}))
return hex(cmsgpack.pack({[1.5] = 1}))
return hex(cmsgpack.pack({["1"] = 1}))
return hex(cmsgpack.pack({[true] = false}))
return hex(cmsgpack.pack({[2^31] = 1}))
return hex(cmsgpack.pack({[2^40] = 1}))
return hex(cmsgpack.pack({{1, {2, {3}}}}))
return hex(cmsgpack.pack({{}, {{}}}))
local t = {} for i = 1, 15 do t[i] = i end return hex(cmsgpack.pack(t))
local t = {} for i = 1, 16 do t[i] = i end return hex(cmsgpack.pack(t))
local t = {} for i = 1, 65535 do t[i] = 0 end return hex(cmsgpack.pack(t):sub(1, 5))
local t = {} for i = 1, 65536 do t[i] = 0 end return hex(cmsgpack.pack(t):sub(1, 7))
local t = {} for i = 1, 16 do t["k" .. i] = 1 end return hex(cmsgpack.pack(t):sub(1, 3))
local t = {} for i = 1, 65536 do t[-i] = 0 end return hex(cmsgpack.pack(t):sub(1, 5))
local t = {} local c = t for i = 1, 15 do c[1] = {} c = c[1] end return hex(cmsgpack.pack(t))
local t = {} local c = t for i = 1, 16 do c[1] = {} c = c[1] end return hex(cmsgpack.pack(t))
local t = {} local c = t for i = 1, 20 do c[1] = {} c = c[1] end return hex(cmsgpack.pack(t))
local t = {} t[1] = t return hex(cmsgpack.pack(t))
local t = {} t.x = t return hex(cmsgpack.pack(t))
return hex(cmsgpack.pack({print}))
return hex(cmsgpack.pack({cjson.null}))
return hex(cmsgpack.pack({x = print}))
return hex(cmsgpack.pack({[print] = 1}))
return #cmsgpack.pack(unpack((function() local t = {} for i = 1, 4000 do t[i] = i end return t end)()))
return cmsgpack.pack(unpack((function() local t = {} for i = 1, 4001 do t[i] = i end return t end)()))
return #cmsgpack.pack(unpack((function() local t = {} for i = 1, 4000 do t[i] = {} end return t end)()))
return #cmsgpack.pack(unpack((function() local t = {} for i = 1, 3999 do t[i] = {} end return t end)()))
return #cmsgpack.pack(unpack((function() local t = {} for i = 1, 3998 do t[i] = {{}} end return t end)()))
return #cmsgpack.pack(unpack((function() local t = {} for i = 1, 3999 do t[i] = {{}} end return t end)()))
return #cmsgpack.pack(unpack((function() local t = {} for i = 1, 3999 do t[i] = {a = 1} end return t end)()))
return #cmsgpack.pack(unpack((function() local t = {} for i = 1, 3998 do t[i] = {a = 1} end return t end)()))
return #cmsgpack.pack(unpack((function() local t = {} for i = 1, 3997 do t[i] = {a = {}} end return t end)()))
-- cmsgpack: decoding scalars
return cmsgpack.unpack("\0")
return cmsgpack.unpack("\127")
return cmsgpack.unpack("\255")
return cmsgpack.unpack("\224")
return cmsgpack.unpack("\204\200")
return cmsgpack.unpack("\205\1\0")
return cmsgpack.unpack("\206\0\1\0\0")
return tostring(cmsgpack.unpack("\207\0\0\0\1\0\0\0\0"))
return tostring(cmsgpack.unpack("\207\255\255\255\255\255\255\255\255"))
return tostring(cmsgpack.unpack("\207\128\0\0\0\0\0\0\0"))
return cmsgpack.unpack("\208\128")
return cmsgpack.unpack("\208\127")
return cmsgpack.unpack("\209\128\0")
return cmsgpack.unpack("\209\255\254")
return cmsgpack.unpack("\210\128\0\0\0")
return tostring(cmsgpack.unpack("\211\128\0\0\0\0\0\0\0"))
return tostring(cmsgpack.unpack("\211\255\255\255\255\255\255\255\255"))
return tostring(cmsgpack.unpack("\202\63\192\0\0"))
return tostring(cmsgpack.unpack("\202\127\128\0\0"))
return tostring(cmsgpack.unpack("\202\255\192\0\0"))
return tostring(cmsgpack.unpack("\203\63\185\153\153\153\153\153\154"))
return tostring(cmsgpack.unpack("\203\255\248\0\0\0\0\0\0"))
return tostring(cmsgpack.unpack("\203\127\248\0\0\0\0\0\0"))
return cmsgpack.unpack("\192") == nil
return cmsgpack.unpack("\194")
return cmsgpack.unpack("\195")
return cmsgpack.unpack("\160")
return cmsgpack.unpack("\163abc")
return cmsgpack.unpack("\217\3abc")
return cmsgpack.unpack("\218\0\3abc")
return cmsgpack.unpack("\219\0\0\0\3abc")
return cmsgpack.unpack("\217\0")
-- cmsgpack: decoding errors
return cmsgpack.unpack("\163ab")
return cmsgpack.unpack("\217")
return cmsgpack.unpack("\217\5ab")
return cmsgpack.unpack("\218\0")
return cmsgpack.unpack("\219\0\0\1")
return cmsgpack.unpack("\219\255\255\255\255abc")
return cmsgpack.unpack("\204")
return cmsgpack.unpack("\205\1")
return cmsgpack.unpack("\206\1\2\3")
return cmsgpack.unpack("\207\1\2\3\4\5\6\7")
return cmsgpack.unpack("\211\1")
return cmsgpack.unpack("\202\1")
return cmsgpack.unpack("\203\1\2")
return cmsgpack.unpack("\193")
return cmsgpack.unpack("\196\3abc")
return cmsgpack.unpack("\197\0\3abc")
return cmsgpack.unpack("\198\0\0\0\3abc")
return cmsgpack.unpack("\199\3\1abc")
return cmsgpack.unpack("\212\1\1")
return cmsgpack.unpack("\216\1\1")
return cmsgpack.unpack("\145")
return cmsgpack.unpack("\146\1")
return cmsgpack.unpack("\129\1")
return cmsgpack.unpack("\220\0")
return cmsgpack.unpack("\220\0\2\1")
return cmsgpack.unpack("\221\255\255\255\255")
return cmsgpack.unpack("\221\255\255\255\255\1\2")
return cmsgpack.unpack("\223\255\255\255\255\1\2")
return cmsgpack.unpack("\222\0\1\1")
return cmsgpack.unpack("\1\193")
return cmsgpack.unpack("\145\193")
return cmsgpack.unpack("\129\192\1")
return cmsgpack.unpack("\129\203\255\248\0\0\0\0\0\0\1")
return cmsgpack.unpack()
return cmsgpack.unpack({})
return cmsgpack.unpack(1)
return {cmsgpack.unpack(12)}
return {cmsgpack.unpack("")}
-- cmsgpack: decoding containers
return cmsgpack.unpack("\147\1\2\3")
return #cmsgpack.unpack("\144")
return cmsgpack.unpack("\129\161a\1").a
return cmsgpack.unpack("\130\1\10\2\20")
return cmsgpack.unpack("\220\0\3\1\2\3")
return cmsgpack.unpack("\221\0\0\0\3\1\2\3")
return cmsgpack.unpack("\222\0\1\161k\161v").k
return cmsgpack.unpack("\223\0\0\0\1\161k\161v").k
return cmsgpack.unpack("\145\145\145\1")[1][1][1]
local t = cmsgpack.unpack("\147\1\192\3") return {t[1], t[2], t[3]}
local t = cmsgpack.unpack("\129\1\192") return next(t) == nil
local t = cmsgpack.unpack("\130\1\1\1\2") return t[1]
local t = cmsgpack.unpack("\129\195\1") return t[true]
local t = cmsgpack.unpack("\129\202\63\192\0\0\1") return t[1.5]
local t = cmsgpack.unpack("\129\206\0\15\66\64\1") return t[1000000]
return cmsgpack.unpack(cmsgpack.pack({1, 2, {a = "b"}}))[3].a
return cmsgpack.unpack(string.rep("\145", 3999) .. "\1") ~= nil
return cmsgpack.unpack(string.rep("\145", 4000) .. "\1")
return cmsgpack.unpack(string.rep("\129\1", 3999) .. "\1") ~= nil
return cmsgpack.unpack(string.rep("\129\1", 4000) .. "\1")
return cmsgpack.unpack(string.rep("\129\145", 2600) .. "\1") ~= nil
return cmsgpack.unpack(string.rep("\129\145", 2700) .. "\1")
return select("#", cmsgpack.unpack(string.rep("\1", 7999)))
return select("#", cmsgpack.unpack(string.rep("\1", 8000)))
return select("#", cmsgpack.unpack(string.rep("\1", 7998), 1))
return select("#", cmsgpack.unpack(string.rep("\1", 7999), 1))
return select("#", cmsgpack.unpack(string.rep("\1", 7998) .. "\145\1"))
return select("#", cmsgpack.unpack(string.rep("\1", 7997) .. "\145\1"))
-- cmsgpack: unpack_one and unpack_limit
return {cmsgpack.unpack_one("\1\2\3")}
return {cmsgpack.unpack_one("\1\2\3", 1)}
return {cmsgpack.unpack_one("\1\2\3", 2)}
return {cmsgpack.unpack_one("\1\2\3", 3)}
return {cmsgpack.unpack_one("\1\2\3", 4)}
return {cmsgpack.unpack_one("\1\2\3", -1)}
return {cmsgpack.unpack_one("\1\2\3", "1")}
return {cmsgpack.unpack_one("\1\2\3", "x")}
return {cmsgpack.unpack_one("\1\2\3", 1.7)}
return {cmsgpack.unpack_one("\1\2\3", 2^32 + 1)}
return {cmsgpack.unpack_one("\1\205\1", 1)}
return {cmsgpack.unpack_one("")}
return {cmsgpack.unpack_one({})}
return {cmsgpack.unpack_one()}
return {cmsgpack.unpack_limit("\1\2\3", 2)}
return {cmsgpack.unpack_limit("\1\2\3", 2, 1)}
return {cmsgpack.unpack_limit("\1\2\3", 5)}
return {cmsgpack.unpack_limit("\1\2\3", 0)}
return {cmsgpack.unpack_limit("\1\2\3", 0, 1)}
return {cmsgpack.unpack_limit("\1\2\3", -1)}
return {cmsgpack.unpack_limit("\1\2\3", 1, -5)}
return {cmsgpack.unpack_limit("\1\2\3", 1, 9)}
return {cmsgpack.unpack_limit("\1\2\3")}
return {cmsgpack.unpack_limit("\1\2\3", "a")}
return {cmsgpack.unpack_limit("\1\2\3", 1, "a")}
return {cmsgpack.unpack_limit("\1\193", 2)}
return select("#", cmsgpack.unpack_limit(string.rep("\1", 8000), 7998))
return select("#", cmsgpack.unpack_limit(string.rep("\1", 8000), 7999))
return select("#", cmsgpack.unpack_limit(string.rep("\1", 8000), 8000))
return {cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION}
local ok, e = pcall(cmsgpack.unpack, "\193") return e
local ok, e = pcall(cmsgpack.pack) return e
