package engine

import (
	"fmt"
	"math/rand"
	"strconv"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
)

func TestLCSFidelity(t *testing.T) {
	t.Run("options", scriptTest(`
		SET k1 ohmytext
		SET k2 mynewtext
		LCS k1 k2
		LCS k1 k2 LEN
		LCS k1 k2 IDX
		LCS k1 k2 IDX WITHMATCHLEN
		LCS k1 k2 IDX MINMATCHLEN 4
		LCS k1 k2 IDX MINMATCHLEN 4 WITHMATCHLEN
		LCS k1 k2 IDX MINMATCHLEN -4 WITHMATCHLEN
		LCS k1 k2 IDX MINMATCHLEN 9223372036854775807
		LCS k1 k2 idx withmatchlen minmatchlen 2 minmatchlen 1
		LCS k1 k2 LEN WITHMATCHLEN MINMATCHLEN 3
		LCS k1 k2 LEN IDX
		LCS k1 k2 IDX LEN
		LCS k1 k2 MINMATCHLEN
		LCS k1 k2 MINMATCHLEN abc
		LCS k1 k2 BAD
		LCS k1 k2 "len\x00x"
		LCS k1 nokey
		LCS k1 nokey IDX
		LCS nokey nokey2 LEN
		LCS k1 k1 IDX WITHMATCHLEN
		SET e ""
		LCS k1 e IDX
		SET a abcabcabc
		SET b cbacbacba
		LCS a b
		LCS a b IDX WITHMATCHLEN
		LCS b a IDX WITHMATCHLEN
		SET n1 1234567
		SET n2 7654321
		LCS n1 n2 IDX
		!list l
		LCS l k1
		LCS k1 l
		LCS l k1 BAD
		LCS l l LEN IDX
	`))
	t.Run("memory limit", func(t *testing.T) {
		forBothProtocols(t, func(t *testing.T, p *redistest.Pair, e *Engine) {
			limitBulkLen(t, p, e, "1mb")
			big := fmt.Sprintf("%0600d", 0)
			p.Check("SET", "a", big)
			p.Check("SET", "b", big)
			p.Check("LCS", "a", "b", "LEN")
			p.Check("SET", "b", big[:400])
			p.Check("LCS", "a", "b", "LEN")
			p.Check("SET", "b", big[:410])
			p.Check("LCS", "a", "b")
			p.Check("SET", "b", big[:435])
			p.Check("LCS", "a", "b", "BAD")
		})
	})
	t.Run("random", func(t *testing.T) {
		forBothProtocols(t, func(t *testing.T, p *redistest.Pair, e *Engine) {
			r := rand.New(rand.NewSource(3))
			text := func() string {
				b := make([]byte, r.Intn(60))
				alphabet := "abcd"[:1+r.Intn(4)]
				for i := range b {
					b[i] = alphabet[r.Intn(len(alphabet))]
				}
				return string(b)
			}
			for i := 0; i < 300; i++ {
				p.Check("SET", "x", text())
				p.Check("SET", "y", text())
				p.Check("LCS", "x", "y")
				p.Check("LCS", "x", "y", "IDX", "WITHMATCHLEN")
				p.Check("LCS", "y", "x", "IDX", "MINMATCHLEN", strconv.Itoa(r.Intn(5)))
				p.Check("LCS", "x", "y", "LEN")
			}
		})
	})
}
