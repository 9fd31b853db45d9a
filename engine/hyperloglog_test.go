package engine

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redwasm/redwasm/engine/redistest"
)

// Differential tests of the HyperLogLog commands: replies, and the bytes
// and encoding they leave behind, compared with redis-server.

// hllHeader is a hand-made HLL header: encoding 0 (dense) or 1 (sparse),
// and a cached cardinality, valid or stale.
func hllHeader(enc byte, card uint64, stale bool) string {
	b := []byte{'H', 'Y', 'L', 'L', enc, 0, 0, 0}
	for i := 0; i < 8; i++ {
		b = append(b, byte(card>>(8*i)))
	}
	if stale {
		b[15] |= 0x80
	}
	return string(b)
}

// xzero is the sparse opcode for a run of n (1..16384) empty registers.
func xzero(n int) string { return string([]byte{byte(0x40 | (n-1)>>8), byte(n - 1)}) }

// Hand-made values that Redis accepts as HLLs, some of them corrupt.
var (
	hllEmptySparse   = hllHeader(1, 0, false) + xzero(16384)
	hllShortSparse   = hllHeader(1, 0, true) + xzero(16000)                  // 384 registers missing
	hllLongSparse    = hllHeader(1, 0, true) + xzero(16384) + xzero(1)       // one register too many
	hllCachedCorrupt = hllHeader(1, 1234, false) + xzero(100)                // valid cache, corrupt body
	hllValSparse     = hllHeader(1, 0, true) + "\x87" + xzero(16383)         // VAL 2 for 4 registers: 3 too many
	hllDenseStale    = hllHeader(0, 7, true) + strings.Repeat("\x41", 12288) // a repeating register pattern
	hllBadEncoding   = hllHeader(2, 0, false) + xzero(16384)
	hllDenseShort    = hllHeader(0, 0, false) + strings.Repeat("\x00", 100)
)

// checkHLLKeys compares what the engine and Redis stored under keys.
func checkHLLKeys(p *redistest.Pair, keys ...string) {
	for _, k := range keys {
		p.Check("GET", k)
		p.Check("TYPE", k)
		p.Check("OBJECT", "ENCODING", k)
		p.Check("DUMP", k)
	}
}

func TestHyperLogLogFidelity(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(proto int) {
		p.Check("RPUSH", "list", "a")
		p.Check("SET", "str", "not an hll")
		p.Check("SET", "int", "12345")
		p.Check("SET", "empty", hllEmptySparse)
		p.Check("SET", "short", hllShortSparse)
		p.Check("SET", "long", hllLongSparse)
		p.Check("SET", "cached", hllCachedCorrupt)
		p.Check("SET", "val", hllValSparse)
		p.Check("SET", "dense", hllDenseStale)
		p.Check("SET", "badenc", hllBadEncoding)
		p.Check("SET", "denseshort", hllDenseShort)
		p.Check("SET", "magic", "HYLX"+hllEmptySparse[4:])
		p.Check("SET", "tiny", "HYLL")
		checkHLLKeys(p, "empty", "dense")
		for _, args := range [][]string{
			{"PFADD", "h"},
			{"PFADD", "h"},
			{"PFADD", "h", "a", "b", "c"},
			{"PFADD", "h", "a", "b", "c"},
			{"PFADD", "h", "", "d"},
			{"PFCOUNT", "h"},
			{"PFCOUNT", "h"},
			{"PFADD", "h", "e"},
			{"PFCOUNT", "h", "h"},
			{"PFCOUNT", "h"},
			{"PFCOUNT", "missing"},
			{"PFCOUNT", "missing", "other"},
			{"PFCOUNT", "h", "missing"},
			{"PFCOUNT", "list"},
			{"PFCOUNT", "str"},
			{"PFCOUNT", "int"},
			{"PFCOUNT", "h", "list"},
			{"PFCOUNT", "h", "str"},
			{"PFCOUNT", "short", "list"},
			{"PFCOUNT", "list", "short"},
			{"PFCOUNT", "empty"},
			{"PFCOUNT", "short"},
			{"PFCOUNT", "long"},
			{"PFCOUNT", "cached"},
			{"PFCOUNT", "cached", "h"},
			{"PFCOUNT", "val"},
			{"PFCOUNT", "dense"},
			{"PFCOUNT", "dense", "h"},
			{"PFCOUNT", "badenc"},
			{"PFCOUNT", "denseshort"},
			{"PFCOUNT", "magic"},
			{"PFCOUNT", "tiny"},
			{"PFADD", "list", "a"},
			{"PFADD", "str", "a"},
			{"PFADD", "int", "a"},
			{"PFADD", "badenc", "a"},
			{"PFADD", "short", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"},
			{"PFADD", "short"},
			{"PFADD", "long", "x"},
			{"PFADD", "cached", "x", "y"},
			{"PFADD", "dense", "x", "y"},
			{"PFADD", "dense", "x", "y"},
			{"PFADD", "empty", "x"},
			{"PFMERGE", "m"},
			{"PFMERGE", "m2", "h", "missing", "h"},
			{"PFMERGE", "m3", "h", "dense"},
			{"PFMERGE", "h", "m3"},
			{"PFMERGE", "m", "list"},
			{"PFMERGE", "list", "h"},
			{"PFMERGE", "m", "h", "str"},
			{"PFMERGE", "m", "short", "list"},
			{"PFMERGE", "m", "long"},
			{"PFMERGE", "short", "h"},
			{"PFMERGE", "dense", "h", "m2"},
			{"PFMERGE", "empty"},
			{"PFMERGE", "str", "h"},
			{"PFCOUNT", "m", "m2", "m3"},
			{"PFDEBUG", "ENCODING", "h"},
			{"PFDEBUG", "encoding", "m3"},
			{"PFDEBUG", "DECODE", "h"},
			{"PFDEBUG", "DECODE", "m3"},
			{"PFDEBUG", "DECODE", "short"},
			{"PFDEBUG", "DECODE", "long"},
			{"PFDEBUG", "DECODE", "val"},
			{"PFDEBUG", "GETREG", "h"},
			{"PFDEBUG", "GETREG", "h"},
			{"PFDEBUG", "GETREG", "long"},
			{"PFDEBUG", "GETREG", "dense"},
			{"PFDEBUG", "TODENSE", "m2"},
			{"PFDEBUG", "TODENSE", "m2"},
			{"PFDEBUG", "todense", "short"},
			{"PFDEBUG", "ENCODING", "m2"},
			{"PFDEBUG", "ENCODING", "missing"},
			{"PFDEBUG", "ENCODING", "list"},
			{"PFDEBUG", "ENCODING", "str"},
			{"PFDEBUG", "nope", "missing"},
			{"PFDEBUG", "nope", "list"},
			{"PFDEBUG", "nope", "m2"},
			{"PFDEBUG", "no\r\npe", "m2"},
			{"PFDEBUG", "getreg\x00junk", "m"},
			{"PFDEBUG", "encoding\x00", "m"},
			{"PFDEBUG", "ENCODING"},
			{"PFDEBUG", "ENCODING", "m", "extra"},
			{"PFADD"},
			{"PFCOUNT"},
			{"PFMERGE"},
			{"PFSELFTEST", "x"},
		} {
			p.Check(args...)
			if len(args) > 1 && !strings.HasPrefix(args[0], "PFDEBUG") {
				checkHLLKeys(p, args[1])
			}
		}
		checkHLLKeys(p, "h", "m", "m2", "m3", "short", "long", "cached", "val", "dense", "empty")
	})
}

// The hll-sparse-max-bytes limit decides when a sparse value turns dense.
func TestHyperLogLogSparseMaxBytes(t *testing.T) {
	p, _ := newPair(t)
	defer p.Check("CONFIG", "SET", "hll-sparse-max-bytes", "3000")
	for _, v := range []string{"3000", "0", "1", "100", "1k", "-1", "x", "9223372036854775807", "9223372036854775808"} {
		p.Check("CONFIG", "SET", "hll-sparse-max-bytes", v)
		p.Check("CONFIG", "GET", "hll-sparse-max-bytes")
	}
	for _, limit := range []string{"0", "30", "200", "3000", "20000"} {
		p.Check("CONFIG", "SET", "hll-sparse-max-bytes", limit)
		p.Check("DEL", "a", "b", "c")
		for i := 0; i < 60; i++ {
			args := []string{"PFADD", "a"}
			for j := 0; j < i*i/4+1; j++ {
				args = append(args, "e"+strconv.Itoa(i*1000+j))
			}
			p.Check(args...)
			p.Check("PFDEBUG", "ENCODING", "a")
			if i%10 == 0 {
				p.Check("GET", "a")
				p.Check("PFCOUNT", "a")
			}
		}
		p.Check("GET", "a")
		p.Check("PFADD", "b", "x", "y", "z")
		p.Check("PFMERGE", "c", "b")
		p.Check("PFMERGE", "b", "a")
		p.Check("PFMERGE", "c", "b", "a")
		p.Check("GET", "b")
		p.Check("GET", "c")
	}
}

// Random PF* sequences over a few keys, compared by reply and by the bytes
// stored, sparse and dense, with a small and the default sparse limit.
func TestHyperLogLogRandom(t *testing.T) {
	p, _ := newPair(t)
	defer p.Check("CONFIG", "SET", "hll-sparse-max-bytes", "3000")
	rng := rand.New(rand.NewPCG(7, 11))
	keys := []string{"a", "b", "c", "d"}
	key := func() string { return keys[rng.IntN(len(keys))] }
	for _, limit := range []string{"3000", "300"} {
		p.Check("CONFIG", "SET", "hll-sparse-max-bytes", limit)
		p.Check("FLUSHALL")
		for i := 0; i < 400; i++ {
			switch r := rng.IntN(10); {
			case r < 5:
				args := []string{"PFADD", key()}
				for n := rng.IntN(1 << rng.IntN(10)); n > 0; n-- {
					args = append(args, strconv.Itoa(rng.IntN(200000)))
				}
				p.Check(args...)
			case r < 7:
				args := []string{"PFCOUNT", key()}
				for n := rng.IntN(3); n > 0; n-- {
					args = append(args, key())
				}
				p.Check(args...)
			case r < 8:
				p.Check("PFMERGE", key(), key(), key())
			case r < 9:
				p.Check("PFDEBUG", "ENCODING", key())
			default:
				k := key()
				p.Check("GET", k)
				p.Check("OBJECT", "ENCODING", k)
			}
		}
		for _, k := range keys {
			p.Check("GET", k)
		}
	}
}

func TestPfselftest(t *testing.T) {
	if testing.Short() {
		t.Skip("PFSELFTEST adds ten million elements")
	}
	p, _ := newPair(t)
	p.Check("PFSELFTEST")
}

// hllEventScript exercises every change the PF* commands make, for the
// side-effect comparison: events, changes counted, propagation, WATCH.
const hllEventScript = `
PFADD h
PFADD h
PFADD h a b c
PFADD h a b c
PFADD h a d
PFCOUNT h
PFCOUNT h
PFCOUNT h missing
PFCOUNT missing
PFADD g x y
PFMERGE m h g
PFMERGE m
PFMERGE new
PFMERGE h g missing
PFCOUNT m
PFDEBUG GETREG g
PFDEBUG GETREG g
PFDEBUG TODENSE m
PFDEBUG TODENSE m
PFDEBUG TODENSE h
PFDEBUG ENCODING h
PFDEBUG DECODE new
PFDEBUG ENCODING missing
PFDEBUG nope h
RPUSH list a
PFADD list a
PFCOUNT list
PFMERGE list h
PFMERGE m list
SET str hello
PFADD str a
PFCOUNT h str
`

func TestHyperLogLogSideEffects(t *testing.T) {
	s := newSideEffects(t)
	runSideEffectScript(t, s, hllEventScript)
	// Hand-made values: a corrupt one keeps what PFADD raised before the
	// damage, silently.
	s.do("SET", "short", hllShortSparse)
	s.do("PFADD", "short", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l")
	s.do("GET", "short")
	s.do("PFCOUNT", "short")
	s.do("SET", "dense", hllDenseStale)
	s.do("PFCOUNT", "dense")
	s.do("PFCOUNT", "dense")
	s.do("PFADD", "dense", "a")
	s.do("PFMERGE", "dense", "short")
	s.do("PFMERGE", "short", "dense")
	// Keys whose time passed: the write first deletes them.
	for _, write := range [][]string{{"PFADD", "k", "a"}, {"PFMERGE", "k", "h"}, {"PFCOUNT", "k"},
		{"PFCOUNT", "k", "h"}, {"PFMERGE", "h", "k"}, {"PFDEBUG", "ENCODING", "k"}} {
		s.do("SET", "k", hllEmptySparse, "PX", "1")
		time.Sleep(5 * time.Millisecond)
		s.do(write...)
		s.do("DEL", "k")
	}
}
