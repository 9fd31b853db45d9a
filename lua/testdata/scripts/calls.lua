-- Replies of commands called with redis.call, as Lua values (Redis's
-- redisProtocolToLuaType), in RESP2 and after redis.setresp(3). d()
-- describes a value with sorted table entries; returning the value
-- itself converts it back.
--@prelude local function d(v) local t = type(v) if t == 'table' then local p = {} for k, x in pairs(v) do p[#p+1] = d(k) .. '=' .. d(x) end table.sort(p) return '{' .. table.concat(p, ',') .. '}' elseif t == 'string' then return string.format('%q', v) else return t .. ':' .. tostring(v) end end

--@setup SET str hello
--@setup RPUSH list a b c
--@setup HSET hash f1 v1 f2 v2 f3 v3
--@setup SADD set 3 1 2
--@setup ZADD zset 1 one 2.5 two -3 three
--@setup SET num 10
--@setup SETBIT bits 3 1

-- RESP2
return d(redis.call('GET', 'str'))
return d(redis.call('GET', 'missing'))
return d(redis.call('SET', 'k', 'v'))
return d(redis.call('INCR', 'num'))
return d(redis.call('INCRBYFLOAT', 'num', '0.5'))
return d(redis.call('LRANGE', 'list', 0, -1))
return d(redis.call('LRANGE', 'missing', 0, -1))
return d(redis.call('HGETALL', 'hash'))
return d(redis.call('SMEMBERS', 'set'))
return d(redis.call('ZRANGE', 'zset', 0, -1, 'WITHSCORES'))
return d(redis.call('ZSCORE', 'zset', 'two'))
return d(redis.call('ZSCORE', 'zset', 'nope'))
return d(redis.call('EXISTS', 'str', 'missing'))
return d(redis.call('TYPE', 'str'))
return d(redis.call('PING'))
return d(redis.call('PING', 'msg'))
return d(redis.call('ECHO', 'a\0b'))
return d(redis.call('MGET', 'str', 'missing', 'num'))
return d(redis.call('HMGET', 'hash', 'f1', 'nope'))
return d(redis.call('BLPOP', 'missing', 0))
return d(redis.call('BLPOP', 'list', 0))
return d(redis.call('LPOS', 'list', 'zz'))
return d(redis.call('OBJECT', 'ENCODING', 'list'))
return d(redis.call('HRANDFIELD', 'missing'))
return d(redis.call('SCAN', 0, 'MATCH', 'str'))
return d(redis.call('GETBIT', 'bits', 3))
return d(redis.call('ZINCRBY', 'zset', 1, 'one'))
return d(redis.call('ZPOPMIN', 'zset'))
return d(redis.call('ZRANDMEMBER', 'missing'))
return d(redis.call('SMISMEMBER', 'set', '1', 'q'))
return d(redis.call('COMMAND', 'INFO', 'get'))
return d(redis.call('CONFIG', 'GET', 'maxmemory-policy'))
return d(redis.call('XADD', 'stream', '1-1', 'a', 'b'))
return d(redis.call('LCS', 'str', 'str', 'IDX'))
return redis.call('HGETALL', 'hash')
return redis.call('ZRANGE', 'zset', 0, -1, 'WITHSCORES')
return redis.call('GET', 'missing')
return redis.call('MGET', 'missing', 'str')
return redis.call('SET', 'k', 'v')
return redis.call('INCRBYFLOAT', 'num', '1e3')

-- RESP3
redis.setresp(3) return d(redis.call('GET', 'str'))
redis.setresp(3) return d(redis.call('GET', 'missing'))
redis.setresp(3) return d(redis.call('SET', 'k', 'v'))
redis.setresp(3) return d(redis.call('INCRBYFLOAT', 'num', '0.5'))
redis.setresp(3) return d(redis.call('HGETALL', 'hash'))
redis.setresp(3) return d(redis.call('HGETALL', 'missing'))
redis.setresp(3) return d(redis.call('SMEMBERS', 'set'))
redis.setresp(3) return d(redis.call('SMEMBERS', 'missing'))
redis.setresp(3) return d(redis.call('ZRANGE', 'zset', 0, -1, 'WITHSCORES'))
redis.setresp(3) return d(redis.call('ZSCORE', 'zset', 'two'))
redis.setresp(3) return d(redis.call('ZSCORE', 'zset', 'nope'))
redis.setresp(3) return d(redis.call('ZPOPMIN', 'zset'))
redis.setresp(3) return d(redis.call('MGET', 'str', 'missing'))
redis.setresp(3) return d(redis.call('SMISMEMBER', 'set', '1', 'q'))
redis.setresp(3) return d(redis.call('HRANDFIELD', 'hash', -2, 'WITHVALUES') ~= nil)
redis.setresp(3) return d(redis.call('CONFIG', 'GET', 'maxmemory-policy'))
redis.setresp(3) return d(redis.call('LPOS', 'list', 'zz'))
redis.setresp(3) return d(redis.call('BLPOP', 'missing', 0))
redis.setresp(3) return d(redis.call('XRANGE', 'missing', '-', '+'))
redis.setresp(3) return d(redis.call('LCS', 'str', 'str', 'IDX'))
redis.setresp(3) return d(redis.call('COMMAND', 'INFO', 'get'))
redis.setresp(3) return d(redis.call('HELLO'))
redis.setresp(3) return redis.call('HGETALL', 'hash')
redis.setresp(3) return redis.call('SMEMBERS', 'set')
redis.setresp(3) return redis.call('ZSCORE', 'zset', 'two')
redis.setresp(3) return redis.call('GET', 'missing')
redis.setresp(3) return redis.call('MGET', 'missing', 'str')
redis.setresp(3) return redis.call('SMISMEMBER', 'set', '1', 'q')
redis.setresp(3) return redis.call('ZRANGE', 'zset', 0, -1, 'WITHSCORES')
redis.setresp(3) local v = redis.call('HGETALL', 'hash') redis.setresp(2) return v
redis.setresp(3) local v = redis.call('GET', 'missing') return {v == nil, v == false}
redis.setresp(2) return d(redis.call('HGETALL', 'hash'))
redis.setresp(3) redis.setresp(2) return d(redis.call('ZSCORE', 'zset', 'one'))
return redis.setresp(3)

-- booleans from a RESP3 script
redis.setresp(3) return true
redis.setresp(3) return false
redis.setresp(3) return {true, false, 1}
redis.setresp(2) return false
