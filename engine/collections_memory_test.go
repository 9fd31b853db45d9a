package engine

import (
	"strconv"
	"strings"
	"testing"
)

// TestCollectionMemoryUsage compares MEMORY USAGE of lists, hashes and
// sets with redis-server's, for the shapes the estimate models exactly:
// listpacks and intsets of every entry encoding, lists built at the tail
// (one node or many), and hash tables of same-sized elements that are not
// being rehashed.
func TestCollectionMemoryUsage(t *testing.T) {
	p, e := newPair(t)
	setConfig(t, p, e, "hash-max-listpack-value", "5000")
	ints := []string{"0", "127", "128", "-1", "4095", "-4096", "4096", "32767", "-32768", "32768", "8388607",
		"-8388608", "8388608", "2147483647", "-2147483648", "2147483648", "9223372036854775807",
		"-9223372036854775808", "01", "-0", "+1"}
	lengths := []int{0, 1, 31, 32, 63, 64, 255, 256, 4095, 4096}
	var strs []string
	for _, n := range lengths {
		strs = append(strs, strings.Repeat("x", n))
	}
	usage := func(key string, samples ...string) {
		t.Helper()
		p.Check(append([]string{"MEMORY", "USAGE", key}, samples...)...)
	}
	bothProtocols(t, p, func(int) {
		// Listpack hashes and single-node lists, element by element.
		for i, v := range append(ints, strs...) {
			p.Check("HSET", "h", v, v)
			usage("h")
			p.Check("RPUSH", "l", v)
			usage("l")
			p.Check("RPUSH", "one", v)
			usage("one")
			p.Check("DEL", "one")
			if i%3 == 0 {
				p.Check("LPUSH", "l2", v)
				usage("l2")
			}
		}
		// Lists of many nodes, built at the tail, sampled and not.
		for _, elems := range [][]string{numbered("", 5000), numbered(strings.Repeat("y", 100), 3000), strs} {
			p.Check("DEL", "big")
			for i := 0; i < len(elems); i += 500 {
				p.Check(cmd("RPUSH", "big", elems[i:min(i+500, len(elems))])...)
			}
			usage("big")
			usage("big", "SAMPLES", "0")
			usage("big", "SAMPLES", "1")
			usage("big", "SAMPLES", "100")
		}
		// Intsets of each width, which never narrows.
		for _, v := range []string{"1", "100", "-100", "40000", "-40000", "5000000000"} {
			p.Check("SADD", "is", v)
			usage("is")
		}
		p.Check("SREM", "is", "5000000000", "40000", "-40000")
		usage("is")
		// Hash tables of same-sized members, converted from compact
		// encodings (Redis sizes the new table at once; a table that grew
		// by doubling may be caught mid-rehash in Redis, which the
		// estimate does not model).
		p.Check(cmd("SADD", "hs", numbered("1", 12))...)
		p.Check("SADD", "hs", "xy")
		usage("hs")
		usage("hs", "SAMPLES", "0")
		var sixDigits []string // all the same allocation size, whichever are sampled
		for i := 100000; i <= 100512; i++ {
			sixDigits = append(sixDigits, strconv.Itoa(i))
		}
		p.Check(cmd("SADD", "hs2", sixDigits)...)
		usage("hs2")
		var pairs []string
		for _, f := range numbered("f", 600) {
			pairs = append(pairs, f, "value")
		}
		p.Check(cmd("HSET", "hh", pairs)...)
		usage("hh")
		usage("hh", "SAMPLES", "0")
	})
}
