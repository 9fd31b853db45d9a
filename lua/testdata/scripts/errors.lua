-- Errors: of commands called from scripts, of the redis API, raised by
-- scripts, and how they reach the caller (with "script: <name>, on
-- <source>:<line>.") or come back from redis.pcall as tables.
--@setup SET str hello
--@setup RPUSH list a

-- refused by the script checks
return redis.call('nosuch')
return redis.pcall('nosuch')
return redis.call('NoSuch', 'x')
return redis.call('get')
return redis.pcall('get')
return redis.call('get', 'a', 'b')
return redis.call('client', 'nosuch')
return redis.call('client')
return redis.call('config')
return redis.call('eval', 'return 1', 0)
return redis.call('evalsha', 'x', 0)
return redis.call('fcall', 'f', 0)
return redis.call('script', 'load', 'return 1')
return redis.call('function', 'list')
return redis.call('multi')
return redis.call('exec')
return redis.call('watch', 'k')
return redis.call('subscribe', 'c')
return redis.call('monitor')
return redis.call('auth', 'x')
return redis.call('hello')
return redis.call('client', 'id')
return redis.call('debug', 'sleep', 0)
return redis.call('shutdown')
return redis.call('select', 1)
return redis.call('swapdb', 0, 1)
return redis.pcall('multi')
local t = redis.pcall('nosuch') return {t.err, tostring(t.ignore_error_stats_update)}
local t = redis.pcall('get') return t
local t = redis.pcall('get') return {t.err}

-- bad arguments
return redis.call()
return redis.pcall()
return redis.call(nil)
return redis.call('get', nil)
return redis.call('get', {})
return redis.call('get', true)
return redis.pcall('get', false)
return redis.call('set', 'k', function() end)
return redis.call({})
return redis.call(1)
return redis.call('set', 'n', 1.5) and redis.call('get', 'n')
return redis.call('set', 'n', 0.1) and redis.call('get', 'n')
return redis.call('set', 'n', 1e20) and redis.call('get', 'n')
return redis.call('set', 'n', -0) and redis.call('get', 'n')
return redis.call('set', 'n', 1/0) and redis.call('get', 'n')
return redis.call('set', 'n', 2^53 + 1) and redis.call('get', 'n')
return redis.call('set', 'n', 123456789012345678) and redis.call('get', 'n')
return redis.call('set', 'n', -1e-10) and redis.call('get', 'n')
return redis.call('set', 'n', 3) and redis.call('get', 'n')
local t = redis.pcall() return t.err
local t = redis.pcall('get', {}) return t.err

-- command errors
return redis.call('incr', 'str')
return redis.pcall('incr', 'str')
return redis.call('lpush', 'str', 'x')
return redis.pcall('lpush', 'str', 'x')
return redis.call('set', 'k', 'v', 'EX', 'bad')
return redis.call('get', 'list')
return redis.call('incrby', 'x', 'notanumber')
return redis.call('object', 'nosuch', 'x')
local ok, e = pcall(redis.call, 'incr', 'str') return {tostring(ok), e}
local ok, e = pcall(redis.call, 'nosuch') return {tostring(ok), e}
local ok, e = pcall(function() redis.call('incr', 'str') end) return {tostring(ok), e}
local ok, e = pcall(redis.call) return {tostring(ok), e}
local ok, e = pcall(error, {err = 'X y'}) return {tostring(ok), e}
local ok, e = pcall(error, {err = 5}) return {tostring(ok), e}
local ok, e = pcall(error, {}) return {tostring(ok), type(e)}
local ok, e = xpcall(function() redis.call('incr', 'str') end, function(e) return e end) return {tostring(ok), type(e), e.err}
local t = redis.pcall('incr', 'str') t.err = 'MINE changed' return t
local t = redis.pcall('incr', 'str') return t.err

-- raised by scripts (error tables without an err field crash Redis 7.0.15)
error('boom')
error('boom', 0)
error('boom', 2)
error()
error(nil)
error(42)
error({err = 'CODE from a table'})
error({err = 'no code'})
error({err = 'x', source = 'src', line = 7})
error({err = ''})
error(redis.error_reply('via error_reply'))
error('multi\nline\r\nmessage')
error(true)
--! gopher-lua words VM errors its own way
local x = nil; return x.field
--! gopher-lua words VM errors its own way
local x = nil; return x()
--! gopher-lua words VM errors its own way
return 1 + {}
--! gopher-lua words VM errors its own way
return #nil
return nosuchglobal
nosuchglobal = 1
string.len = nil
--! gopher-lua words VM errors its own way
return ('x'):bad()
local function f() error('deep') end local function g() f() end g()
local function f() redis.call('nosuch') end f()
local function f() return redis.call('incr', 'str') end return f()
\
return redis.call('nosuch')
\
\
error('third line')
\
local t = redis.pcall('nosuch')\
return t
assert(false)
assert(false, 'assert message')
assert(nil, {err = 'ERR table assert'})
return redis.call('incr', 'str', 'extra')
return type(redis.pcall('incr', 'str'))

-- the redis API
return redis.error_reply()
return redis.error_reply(1)
return redis.error_reply('a', 'b')
return redis.error_reply({})
return redis.status_reply()
return redis.status_reply(1)
return redis.status_reply('a', 'b')
return redis.sha1hex()
return redis.sha1hex('a', 'b')
return redis.log()
return redis.log(1)
return redis.log('x', 'msg')
return redis.log('2', 'msg')
return redis.log(-1, 'msg')
return redis.log(4, 'msg')
return redis.log(3.9, 'msg')
return redis.setresp()
return redis.setresp(1)
return redis.setresp(4)
return redis.setresp('3')
return redis.setresp('x')
return redis.setresp(2, 3)
return redis.setresp(2.5)
return redis.set_repl()
return redis.set_repl(1, 2)
return redis.set_repl(4)
return redis.set_repl(-1)
return redis.set_repl('x')
return redis.acl_check_cmd()
return redis.acl_check_cmd('nosuch')
return redis.acl_check_cmd('get', {})
return redis.acl_check_cmd('client', 'nosuch')
local ok, e = pcall(redis.setresp, 9) return {tostring(ok), e}
local ok, e = pcall(redis.log) return {tostring(ok), e}
local ok, e = pcall(redis.sha1hex) return {tostring(ok), e}

-- limits
--! a call stack overflow loses the position of the overflowing call
local function f() f() end f()
--! a call stack overflow loses the position of the overflowing call
local function f(n) return 1 + f(n) end return f(1)
local ok, e = pcall(function() local function f() f() end f() end) return {tostring(ok), e}
local t = {} for i = 1, 200 do t[i] = i end return #{unpack(t)}
local s = 'x' for i = 1, 20 do s = s .. s end return #s
return #string.rep('ab', 1000000)
