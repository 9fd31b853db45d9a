package engine

import "testing"

// TestHugeRepeatedSample checks that a huge negative count answers an
// error at once instead of building an unbounded reply.
func TestHugeRepeatedSample(t *testing.T) {
	e := newTestEngine(t)
	c := e.NewClient(ClientOptions{})
	c.Do("SADD", "s", "a")
	c.Do("HSET", "h", "f", "v")
	c.Do("ZADD", "z", "1", "m")
	for _, args := range [][]string{
		{"SRANDMEMBER", "s", "-4611686018427387903"},
		{"HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES"},
		{"ZRANDMEMBER", "z", "-4611686018427387903", "WITHSCORES"},
	} {
		if v := c.Do(args...); string(v.Str) != "ERR value is out of range" {
			t.Errorf("%v: %q", args, v.Str)
		}
	}
	if v := c.Do("SRANDMEMBER", "s", "-3"); len(v.Elems) != 3 {
		t.Errorf("small negative count: %d elements", len(v.Elems))
	}
}
