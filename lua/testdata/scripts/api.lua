-- The redis API besides call and pcall.
--@call 2 key1 key2 arg1 arg2 arg3
return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], #KEYS, #ARGV}
return KEYS
return ARGV
KEYS[1] = 'changed' return KEYS
table.insert(ARGV, 'more') return ARGV
return redis.call('set', KEYS[1], ARGV[1])
return redis.call('mset', KEYS[1], ARGV[1], KEYS[2], ARGV[2]) and redis.call('mget', unpack(KEYS))
--@call 0
return #KEYS + #ARGV
return redis.sha1hex('')
return redis.sha1hex('abc')
return redis.sha1hex('a\0b')
return redis.sha1hex(123)
return redis.sha1hex(1.5)
return redis.sha1hex({})
return redis.sha1hex(nil)
return redis.sha1hex(true)
return redis.REDIS_VERSION
return redis.REDIS_VERSION_NUM
return type(redis.REDIS_VERSION_NUM)
return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}
return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}
return redis.log(redis.LOG_DEBUG, 'debug message')
return redis.log(redis.LOG_WARNING, 'several', 'parts', 1, 2.5, {}, nil, true)
return redis.log('3', 'level as string')
return redis.log(0, 'x')
return redis.set_repl(redis.REPL_ALL)
return redis.set_repl(redis.REPL_NONE)
return redis.set_repl(redis.REPL_AOF)
return redis.set_repl(redis.REPL_REPLICA)
return redis.set_repl(3.5)
return redis.setresp(2)
return redis.acl_check_cmd('get', 'k')
return redis.acl_check_cmd('set', 'k', 'v')
return redis.acl_check_cmd('client', 'list')
return redis.acl_check_cmd('client')
return redis.acl_check_cmd('GET')
return redis.acl_check_cmd('eval', 'x', 0)
return redis.foo
return type(redis.call)
return rawget(redis, 'call') == nil
redis.foo = 1
redis.call = nil
rawset(redis, 'x', 1)
setmetatable(redis, nil)
return math.randomseed(7) or {math.random(100), math.random(1, 10), tostring(math.random())}
math.randomseed(0) return tostring(math.random())
return math.random(0)
return math.random(1, 2, 3)
return math.random(5, 1)

--@eval-only
return redis.replicate_commands()
return redis.breakpoint()
return redis.debug('x', 1)
return redis.debug()
local t = {} for k, v in pairs(redis) do t[#t+1] = k .. ':' .. type(v) end table.sort(t) return t
local t = {} for k, v in pairs(redis) do t[#t+1] = k end return t
return type(__redis__err__handler)
return __redis__err__handler('msg')
return __redis__err__handler({err = 'x'})
return KEYS == nil
return _G.KEYS
KEYS = {} return 1
return rawget(_G, 'KEYS') ~= nil

--@both
return type(redis.replicate_commands)
return type(redis.breakpoint)
return type(redis.register_function)
