package engine

import "testing"

func TestBlockingZsetFidelity(t *testing.T) {
	for _, proto := range []string{"2", "3"} {
		t.Run("RESP"+proto, func(t *testing.T) {
			p, e := newPair(t)
			other := p.Another(newConn(e))
			p.CheckShape("HELLO", proto)
			other.CheckShape("HELLO", proto)

			p.Check("ZADD", "z", "1", "a", "2", "b", "3", "c", "4.5", "d")
			p.Check("BZPOPMIN", "none", "z", "0")
			p.Check("BZPOPMAX", "z", "0")
			p.Check("BZMPOP", "0", "2", "none", "z", "MIN", "COUNT", "10")
			p.Check("EXISTS", "z")

			p.Check("SET", "s", "x")
			p.Check("BZPOPMIN", "s", "0")
			p.Check("BZPOPMIN", "z", "x")
			p.Check("BZPOPMIN", "z", "-1")
			p.Check("BZMPOP", "0", "0", "z", "MIN")
			p.Check("BZMPOP", "0", "1", "z", "UP")
			p.Check("BZMPOP", "0", "1", "z", "MAX", "COUNT", "0")
			p.Check("BZMPOP", "0", "3", "z", "MAX")
			p.Check("BZMPOP", "x", "1", "z", "MAX")
			p.Check("BZPOPMAX", "z", "0.05")
			p.Check("BZMPOP", "0.05", "1", "z", "MAX")

			p.Check("MULTI")
			p.Check("BZPOPMIN", "z", "0")
			p.Check("BZMPOP", "0", "1", "z", "MIN")
			p.Check("EXEC")

			blockOn(t, p, other, 1, "BZPOPMIN", "z1", "z2", "0")
			other.Check("ZADD", "z2", "5", "five", "1", "one")
			p.CheckReply("BZPOPMIN served")
			blockOn(t, p, other, 1, "BZMPOP", "0", "1", "z3", "MAX", "COUNT", "2")
			other.Check("ZADD", "z3", "5", "five", "1", "one", "3", "three")
			p.CheckReply("BZMPOP served")
			other.Check("ZRANGE", "z3", "0", "-1", "WITHSCORES")
		})
	}
}
