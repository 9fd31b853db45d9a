-- What a script returns, converted to the caller's reply
-- (Redis's luaReplyToRedisReply), in RESP2 and RESP3.

-- strings and numbers
return 'hello'
return ''
return 'a\0b'
return 'line\r\nbreak'
return 1
return 0
return -1
return 3.99
return -3.99
return 0.5
return -0.5
return 1e15
return 1e18
return 9007199254740993
return -9007199254740993
return 2^62
return 2^63
return -2^63
return -2^63 - 1e5
return 1e300
return -1e300
return 1/0
return -1/0
return 0/0
return tonumber('0x10')
return '12'
return 12 .. ''

-- booleans and nil
return true
return false
return nil
return

-- tables as arrays: cut at the first nil
return {}
return {1, 2, 3}
return {1, nil, 3}
return {nil, 2}
return {1, 'two', {3, {4, 'five'}}, false, 6}
return {true, false, true}
return {1, 2, x = 3}
return {x = 1}
return {[1] = 'a', [2] = 'b', [4] = 'd'}
return {[0] = 'zero', 'one'}
return {1.5, 2.5, -2.5}
return {'a', {}, {{}}, 'b'}
local t = {} for i = 1, 100 do t[i] = i * i end return t
local t = {} t[1] = 1 t[2] = 2 t[3] = nil t[4] = 4 return t
return {function() end, 1}
return {coroutine.create(function() end)}
return {KEYS, ARGV}

-- status and error tables
return {ok = 'fine'}
return {ok = ''}
return {ok = 'a\r\nb'}
return {ok = 'a\0b'}
return {ok = 1}
return {ok = 'x', err = 'y'}
return {err = 'boom'}
return {err = 'ERR custom'}
return {err = 'MYCODE custom message'}
return {err = ''}
return {err = 'x\r\n'}
return {err = '\r\nx'}
return {err = 'a\nb\rc'}
return {err = 'nul\0cut'}
return {err = 1}
return {err = false, ok = 'ok'}
return {{err = 'nested'}, 2}
return {{ok = 'nested'}, 2}
return {err = 'x', ignore_error_stats_update = true}
return redis.error_reply('plain')
return redis.error_reply('-CODE spaced message')
return redis.error_reply('-NOSPACE')
return redis.error_reply('')
return redis.error_reply('-')
return redis.error_reply('x\r\n')
return redis.status_reply('PONG')
return redis.status_reply('')
return {redis.status_reply('a'), redis.error_reply('b')}

-- RESP3 types from tables
return {double = 3.14}
return {double = 0}
return {double = -0.1}
return {double = 1e300}
return {double = 1/0}
return {double = -1/0}
return {double = 0/0}
return {double = -(0/0)}
return {double = 1.5e-7}
return {double = 123456789012345678}
return {double = '3.14'}
return {double = 3.14, ok = 'x'}
return {big_number = '123456789012345678901234567890'}
return {big_number = '-1'}
return {big_number = 'a\r\nb'}
return {big_number = 12}
return {verbatim_string = {format = 'txt', string = 'hello'}}
return {verbatim_string = {format = 'mkd', string = ''}}
return {verbatim_string = {format = 'txt', string = 'a\r\nb'}}
return {verbatim_string = {format = 'toolong', string = 'x'}}
return {verbatim_string = {format = 'txt'}}
return {verbatim_string = {string = 'x'}}
return {verbatim_string = 'x'}
return {map = {}}
return {map = {a = 1}}
return {map = {a = 1, b = 'two', c = {3}}}
return {map = {1, 2, 3}}
return {map = {x = {map = {y = true}}}}
return {map = {k = false}}
return {map = 'notatable', 1, 2}
return {set = {}}
return {set = {a = true}}
return {set = {a = true, b = true, c = true}}
return {set = {1, 2, 3}}
return {set = {a = false}}
return {set = 'x'}
return {map = {a = 1}, set = {b = true}}
return {set = {b = true}, double = 1}
local m = {} for i = 1, 20 do m['k' .. i] = i end return {map = m}
local s = {} for i = 1, 20 do s['m' .. i] = true end return {set = s}
local m = {} m.x = 1 m.y = 2 m.x = nil return {map = m}

