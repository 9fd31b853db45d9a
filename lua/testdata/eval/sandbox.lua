-- the globals Redis leaves to scripts
local t = {} for k, v in pairs(_G) do if k ~= "redis" and k ~= "__redis__err__handler" then t[#t+1] = k .. ":" .. type(v) end end table.sort(t) return table.concat(t, " ")
local t = {} for k, v in pairs(string) do t[#t+1] = k .. ":" .. type(v) end table.sort(t) return table.concat(t, " ")
local t = {} for k, v in pairs(table) do t[#t+1] = k .. ":" .. type(v) end table.sort(t) return table.concat(t, " ")
local t = {} for k, v in pairs(math) do t[#t+1] = k .. ":" .. type(v) end table.sort(t) return table.concat(t, " ")
local t = {} for k, v in pairs(coroutine) do t[#t+1] = k .. ":" .. type(v) end table.sort(t) return table.concat(t, " ")
local t = {} for k, v in pairs(bit) do t[#t+1] = k .. ":" .. type(v) end table.sort(t) return table.concat(t, " ")
local t = {} for k, v in pairs(cjson) do t[#t+1] = k .. ":" .. type(v) end table.sort(t) return table.concat(t, " ")
local t = {} for k, v in pairs(cmsgpack) do t[#t+1] = k .. ":" .. type(v) end table.sort(t) return table.concat(t, " ")
local t = {} for k, v in pairs(struct) do t[#t+1] = k .. ":" .. type(v) end table.sort(t) return table.concat(t, " ")
return _VERSION
return _G._VERSION
return _G == _G._G
return type(_G)
return #KEYS
return #ARGV
-- globals that do not exist
return os
return io
return print
return debug
return dofile
return loadfile
return getfenv
return setfenv
return newproxy
return module
return require
return package
return x
return _G.x
return _G["x y"]
local ok, e = pcall(function() return nosuch end) return e
return tostring(rawget(_G, "nope"))
return type(rawget(_G, "string"))
return tostring(string.foo)
return tostring(cjson.foo)
return tostring(math.nothing)
-- writes to globals and libraries
x = 1
_G.x = 1
_G["string"] = 1
string = nil
rawset(_G, "x", 1)
local ok, e = pcall(rawset, _G, "x", 1) return e
setmetatable(_G, nil)
setmetatable(_G, {})
setmetatable(string, {})
string.foo = 1
string.len = nil
math.pi = 3
cjson.encode = nil
bit.band = nil
struct.pack = nil
cmsgpack.pack = nil
coroutine.wrap = nil
table.insert = nil
table.insert(string, 1)
table.insert(_G, 1)
table.insert(math, 1, 1)
table.remove(string)
table.remove(string, 1)
table.sort(_G)
table.sort(string, function() return true end)
table.setn(string, 3)
local ok, e = pcall(function() x = 1 end) return e
local ok, e = pcall(function() string.x = 1 end) return e
return coroutine.wrap(function() x = 1 end)()
local co = coroutine.create(function() x = 1 end) return {coroutine.resume(co)}
function f() end
local function f() end return type(f)
-- metatables of protected tables
return tostring(getmetatable(_G) ~= nil)
return type(getmetatable(_G).__index)
return tostring(getmetatable(_G).__newindex)
return tostring(getmetatable(getmetatable(_G)))
getmetatable(_G).__index = nil
getmetatable(_G).x = 1
rawset(getmetatable(_G), "__index", nil)
setmetatable(getmetatable(_G), {})
return getmetatable(_G).__index(_G, "string")
return getmetatable(_G).__index(_G, 1)
return getmetatable(_G).__index(_G)
return getmetatable(_G).__index(_G, {})
return getmetatable(_G).__index(_G, "a", "b")
return tostring(getmetatable(string))
return tostring(getmetatable(cjson))
return tostring(getmetatable(cjson.null))
return type(getmetatable(""))
return type(getmetatable("").__index)
return getmetatable("").__index == string
return getmetatable("a") == getmetatable("b")
return rawget(getmetatable(""), "__index") == string
return tostring(getmetatable("").__metatable)
getmetatable("").__index = nil
getmetatable("").__index = {}
getmetatable("").x = 1
rawset(getmetatable(""), "__index", nil)
setmetatable(getmetatable(""), nil)
getmetatable("").__index.len = nil
getmetatable("").__index.upper = string.lower
return ("abc"):upper()
return ("%d"):format(5)
return #("abc")
-- rawget, rawset, rawequal, next, pairs, ipairs on protected tables
return rawget(string, "len") == string.len
return rawget(_G, "_G") == _G
return rawequal(_G, _G._G)
return rawequal(string, getmetatable("").__index)
return next(string) ~= nil
local n = 0 for k, v in pairs(string) do n = n + 1 end return n
local n = 0 for k, v in pairs(math) do n = n + 1 end return n
local n = 0 for k, v in ipairs(string) do n = n + 1 end return n
return #_G
return #string
return select("#", unpack(string))
return table.getn(_G)
return table.maxn(string)
return table.concat(string)
local n = 0 table.foreach(string, function() n = n + 1 end) return n
-- user tables keep working
local t = {} t.x = 1 return t.x
local t = setmetatable({}, {__index = _G}) return t.string.len("abc")
local t = setmetatable({}, {__index = string}) return t.rep("a", 3)
local t = setmetatable({}, getmetatable("")) return t.rep == nil
local t = setmetatable({}, getmetatable("")) return getmetatable(t) == getmetatable("")
local t = setmetatable({}, {__metatable = "locked"}) return getmetatable(t)
local t = setmetatable({}, {__metatable = "locked"}) setmetatable(t, {})
local t = setmetatable({}, {__metatable = false}) return getmetatable(t)
KEYS[1] = "x" return KEYS[1]
table.insert(KEYS, "y") return #KEYS
ARGV.foo = 1 return ARGV.foo
local mt = {} local t = setmetatable({}, mt) return getmetatable(t) == mt
-- loadstring and load
return loadstring("return 1")()
return loadstring("return ...")(5)
return loadstring("x = 5")()
local f = loadstring("return y") return f()
--! gopher-lua words VM errors its own way
return loadstring("return nil + 1")()
return loadstring("error('boom')")()
return loadstring("error('boom')", "=mychunk")()
return loadstring("error('boom')", "@file.lua")()
return loadstring("local a = 1\nerror('line2')")()
return loadstring(string.rep("x", 100) .. " = 1")()
return loadstring("string.x = 1")()
--! gopher-lua words VM errors its own way (and its parser errors)
return loadstring(1)()
return loadstring()
return loadstring({})
return load("return 7")()
return load(function() return nil end)() == nil
local parts = {"return ", "4", "2"} local i = 0 return load(function() i = i + 1 return parts[i] end)()
local i = 0 return load(function() i = i + 1 if i == 1 then return "return 1" end return {} end)
--! a failing load reader is reported through the running error handler in Redis
local i = 0 return select(2, load(function() i = i + 1 if i == 1 then return "return 1" end return {} end))
local i = 0 return load(function() i = i + 1 if i == 1 then return 4 end end)
local f = load(function() return nil end, "=named") return type(f)
return load()
return type(loadstring("return 1"))
-- pcall and xpcall (Redis's pcall)
return pcall()
local ok, e = pcall() return e
return {pcall(function() return 1, 2 end)}
return {pcall(error)}
local ok, e = pcall(error) return tostring(e)
local ok, e = pcall(error, "boom") return e
local ok, e = pcall(error, "boom", 0) return e
local ok, e = pcall(error, {err = "x"}) return e
local ok, e = pcall(error, {err = 1}) return e
local ok, e = pcall(error, {other = "x"}) return type(e)
local ok, e = pcall(error, 42) return e
local ok, e = pcall(function() error("in f") end) return e
local ok, e = pcall(function() error("in f", 2) end) return e
local ok, e = pcall(function() error({err = "tbl"}) end) return e
local ok, e = pcall(nil) return e
local ok, e = pcall(42) return e
local ok, e = pcall({}) return e
return {xpcall(function() return 1 end, function(e) return "h:" .. e end)}
return {xpcall(function() error("x") end, function(e) return "h:" .. e end)}
return {xpcall(function() error({}) end, function(e) return type(e) end)}
return {xpcall(function() error("x") end)}
return {xpcall(function() return 5 end)}
return {xpcall(function() error("x") end, 5)}
return {xpcall(error, function(e) return "got " .. tostring(e) end)}
-- error
error("boom")
error("boom", 0)
error("boom", 1)
error("boom", 2)
local function g() error("lvl2", 2) end g()
local function g() error("lvl3", 3) end local function h() g() end h()
error(42)
error(4.5)
error(true)
error({err = "custom"})
error({err = "custom", x = 1})
error({err = 42})
error()
error(nil)
error("multi\nline")
error(string.rep("x", 200))
assert(false)
assert(nil, "msg")
assert(false, 42)
assert(false, {})
assert()
return assert(1, 2, 3)
return {assert(1, 2, 3)}
-- tostring and tonumber
return tostring(1)
return tostring(-1)
return tostring(1.5)
return tostring(1/3)
return tostring(-1/3)
return tostring(100)
return tostring(1e14)
return tostring(1e15)
return tostring(1e16)
return tostring(123456789012345)
return tostring(2^53)
return tostring(2^63)
return tostring(1e100)
return tostring(1e-5)
return tostring(0.0001)
return tostring(1e-300)
return tostring(5e-324)
return tostring(-0.0)
return tostring(0/0)
return tostring(-(0/0))
return tostring(1/0)
return tostring(-1/0)
return tostring(true)
return tostring(false)
return tostring(nil)
return tostring("s")
return tostring()
return type(tostring({}))
return tostring({}):sub(1, 7)
return tostring(print):sub(1, 10)
return tostring(coroutine.create(print)):sub(1, 8)
return tostring(setmetatable({}, {__tostring = function() return "custom" end}))
return tostring(setmetatable({}, {__tostring = function() return 42 end}))
return tonumber("10")
return tonumber("  10  ")
return tonumber("10", 16)
return tonumber("ff", 16)
return tonumber("FF", 16)
return tonumber("zz", 36)
return tonumber("8", 8)
return tonumber("777", 8)
return tonumber("1e2")
return tostring(tonumber("0x10"))
return tostring(tonumber("0x"))
return tostring(tonumber("1e"))
return tostring(tonumber("inf"))
return tostring(tonumber("-inf"))
return tostring(tonumber("nan"))
return tostring(tonumber("infinity"))
return tostring(tonumber("  0x1p4  "))
return tostring(tonumber("-0x10"))
return tostring(tonumber("-1", 16))
return tostring(tonumber("1.5", 10))
return tostring(tonumber(""))
return tostring(tonumber(" "))
return tostring(tonumber("abc"))
return tostring(tonumber("10", 2))
return tostring(tonumber("12", 2))
return tostring(tonumber(" 11 ", 2))
return tostring(tonumber("0x10", 16))
return tostring(tonumber("99999999999999999999", 16))
return tostring(tonumber({}))
return tostring(tonumber(nil))
return tostring(tonumber(true))
return tostring(tonumber("5", 1))
return tostring(tonumber("5", 37))
return tostring(tonumber(5, 16))
return tostring(tonumber())
return tostring(tonumber("1\0"))
-- type, select, unpack, rawequal
return type(1)
return type("x")
return type(nil)
return type({})
return type(print)
return type(true)
return type()
return select("#")
return select("#", 1, 2, 3)
return select("#", nil, nil)
return select(2, "a", "b", "c")
return select(-1, "a", "b", "c")
return select(-3, "a", "b", "c")
return select(-4, "a", "b", "c")
return select(0, "a")
return select(5, "a")
return select("x", "a")
return select("#x", "a")
return select()
return {unpack({1, 2, 3})}
return {unpack({1, 2, 3}, 2)}
return {unpack({1, 2, 3}, 2, 3)}
return {unpack({1, 2, 3}, 3, 2)}
return {unpack({1, 2, 3}, -1, 1)}
return select("#", unpack({}, 1, 7998))
return select("#", unpack({}, 1, 7999))
return select("#", unpack({}, 1, 8000))
return unpack({}, -2^31, 2^31 - 1)
return unpack()
return unpack("x")
return rawequal(1, 1)
return rawequal("a", "a")
return rawequal({}, {})
return rawequal(1)
return rawget({}, nil)
return rawget()
return rawset({}, nil, 1)
return rawset({}, 0/0, 1)
return rawset({}, 1)
return type(rawset({}, 1, 2))
return next({})
return next({}, nil)
return next({10})
return next()
return {ipairs({})}
-- collectgarbage and gcinfo
return collectgarbage()
return collectgarbage("collect")
return type(collectgarbage("count"))
return collectgarbage("step")
return collectgarbage("bogus")
return type(gcinfo())
-- setmetatable and getmetatable arguments
return setmetatable()
return setmetatable({})
return setmetatable({}, 1)
return setmetatable(1, {})
return type(setmetatable({}, nil))
return getmetatable()
return getmetatable(1)
return getmetatable(print)
return getmetatable(true)
-- coroutines
local co = coroutine.create(function(a, b) local c = coroutine.yield(a + b) return c * 2 end) local r = {coroutine.resume(co, 1, 2)} local r2 = {coroutine.resume(co, 10)} return {r[1], r[2], r2[1], r2[2], coroutine.status(co)}
local co = coroutine.create(function() end) coroutine.resume(co) return {coroutine.resume(co)}
local co = coroutine.create(function() error("in co") end) return {coroutine.resume(co)}
local co = coroutine.create(function() error({err = "t"}) end) local ok, e = coroutine.resume(co) return {ok, type(e)}
local f = coroutine.wrap(function(a) coroutine.yield(a) return a + 1 end) return {f(5), f()}
local f = coroutine.wrap(function() end) f() return f()
local f = coroutine.wrap(function() error("boom") end) return f()
local f = coroutine.wrap(function() error({err = "tbl"}) end) return f()
local f = coroutine.wrap(function() error(42) end) return f()
return coroutine.resume(1)
return coroutine.resume()
return coroutine.wrap(1)
return coroutine.create(1)
return coroutine.status(1)
return coroutine.running()
return coroutine.yield(1)
local co co = coroutine.create(function() return coroutine.status(co) end) return {coroutine.resume(co)}
local co co = coroutine.create(function() return {coroutine.resume(co)} end) local ok, t = coroutine.resume(co) return t
local co = coroutine.create(function() return type(coroutine.running()) end) return {coroutine.resume(co)}
return {collectgarbage("stop"), collectgarbage("restart"), collectgarbage("setpause", 100), collectgarbage("setpause"), collectgarbage("setstepmul", 300), collectgarbage("setstepmul")}
return {collectgarbage("step", 100000)}
return {collectgarbage("count", "x")}
local ok, e = pcall(error, {err = 1}) return type(e)
return loadstring("error('x')", "@" .. string.rep("f", 60))()
return loadstring("error('x')", "@" .. string.rep("f", 52))()
return loadstring("error('x')", "@" .. string.rep("f", 53))()
return loadstring("error('x')", "=" .. string.rep("g", 70))()
return loadstring("error('x')", string.rep("h", 43))()
return loadstring("error('x')", string.rep("h", 44))()
return loadstring("error('x')", "line1\rline2")()
-- call depth
local function f(n) if n == 0 then return 0 end return 1 + f(n-1) end return f(15000)
local function f(n) if n == 0 then return 0 end return 1 + f(n-1) end return f(16382)
--! gopher-lua's full call stack leaves no room for the error handler, so the position is lost
local function f(n) if n == 0 then return 0 end return 1 + f(n-1) end return f(16383)
--! gopher-lua's full call stack leaves no room for the error handler, so the position is lost
local function f(n) if n == 0 then return 0 end return 1 + f(n-1) end return f(300000)
local function f(n) if n == 0 then return 0 end return f(n-1) end return f(300000)
local function f(n) if n == 0 then return 0 end return 1 + f(n-1) end local ok, e = pcall(f, 300000) return e
-- Redis's error handler is a global too
return __redis__err__handler("x")
local t = __redis__err__handler("x") return {t.err, t.source, t.line}
local t = __redis__err__handler({a=1}) return {t.err, t.source, t.line, t.a}
local t = __redis__err__handler({err = "mine"}) return {t.err, t.source, t.line}
local t = __redis__err__handler() return {t.err, t.source, t.line}
local t = __redis__err__handler(1/3) return {t.err, t.source, t.line}
local t = __redis__err__handler(setmetatable({}, {__tostring = function() return "custom" end})) return {t.err, t.source, t.line}
local ok, t = pcall(__redis__err__handler, "y") return {t.err, t.source, t.line}
--! Redis's handler is a Lua function that a tail call replaces, so it names "=(tail call)"
local function f() return __redis__err__handler("z") end local t = f() return {t.err, t.source, t.line}
--! Redis's handler is a Lua function that a tail call replaces, so it names "=(tail call)"
local t = loadstring("return __redis__err__handler('w')")() return {t.err, t.source, t.line}
return type(__redis__err__handler)
local t = {} for k, v in pairs(_G) do if k ~= "redis" then t[#t+1] = k end end table.sort(t) return table.concat(t, " ")
