package hll

// Differential tests: the same PF* commands go to a real redis-server and to
// a small stand-in for the command layer built on this package; replies and
// the stored bytes (GET) must be identical.

import (
	"bytes"
	"fmt"
	"github.com/redwasm/redwasm/engine/redistest"
	"math/rand/v2"
	"strconv"
	"testing"
)

// sim plays the command layer: it keeps string values in a map and runs
// PF* commands through this package the way the engine is meant to.
type sim struct {
	keys      map[string][]byte
	sparseMax int
}

func newSim() *sim { return &sim{keys: map[string][]byte{}, sparseMax: DefaultSparseMaxBytes} }

func errReply(err error) reply { return reply{Type: '-', Str: []byte(err.Error())} }
func intReply(n int64) reply   { return reply{Type: ':', Int: n} }

func (s *sim) do(args ...any) reply {
	str := make([]string, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			str[i] = v
		case []byte:
			str[i] = string(v)
		case int:
			str[i] = strconv.Itoa(v)
		}
	}
	get := func(k string) []byte { return s.keys[k] } // nil when missing
	switch cmd, a := str[0], str[1:]; cmd {
	case "SET":
		s.keys[a[0]] = []byte(a[1])
		return reply{Type: '+', Str: []byte("OK")}
	case "GET":
		v, ok := s.keys[a[0]]
		if !ok {
			return reply{Type: '$', IsNull: true}
		}
		return reply{Type: '$', Str: v}
	case "DEL":
		delete(s.keys, a[0])
		return intReply(1)
	case "CONFIG": // CONFIG SET hll-sparse-max-bytes n
		s.sparseMax, _ = strconv.Atoi(a[2])
		return reply{Type: '+', Str: []byte("OK")}
	case "PFADD":
		elems := make([][]byte, len(a)-1)
		for i, e := range a[1:] {
			elems[i] = []byte(e)
		}
		out, updated, err := Add(get(a[0]), elems, s.sparseMax)
		if updated > 0 {
			s.keys[a[0]] = out
		}
		if err != nil {
			return errReply(err)
		}
		if updated > 0 {
			return intReply(1)
		}
		return intReply(0)
	case "PFCOUNT":
		if len(a) == 1 {
			h := get(a[0])
			if h == nil {
				return intReply(0)
			}
			n, updated, err := Count(h)
			if err != nil {
				return errReply(err)
			}
			if updated != nil {
				s.keys[a[0]] = updated
			}
			return intReply(n)
		}
		hs := make([][]byte, len(a))
		for i, k := range a {
			hs[i] = get(k)
		}
		n, err := CountUnion(hs...)
		if err != nil {
			return errReply(err)
		}
		return intReply(n)
	case "PFMERGE":
		srcs := make([][]byte, len(a)-1)
		for i, k := range a[1:] {
			srcs[i] = get(k)
		}
		out, err := Merge(get(a[0]), srcs, s.sparseMax)
		if err != nil {
			return errReply(err)
		}
		s.keys[a[0]] = out
		return reply{Type: '+', Str: []byte("OK")}
	case "PFDEBUG":
		h := get(a[1])
		if h == nil {
			return reply{Type: '-', Str: []byte("ERR The specified key does not exist")}
		}
		if err := Validate(h); err != nil {
			return errReply(err)
		}
		switch a[0] {
		case "GETREG", "TODENSE":
			d, converted, err := ToDense(h)
			if err != nil {
				return errReply(err)
			}
			s.keys[a[1]] = d
			if a[0] == "TODENSE" {
				if converted {
					return intReply(1)
				}
				return intReply(0)
			}
			regs, err := RegisterValues(d)
			if err != nil {
				return errReply(err)
			}
			rep := reply{Type: '*', Elems: make([]reply, Registers)}
			for i, v := range regs {
				rep.Elems[i] = intReply(int64(v))
			}
			return rep
		case "DECODE":
			text, err := Decode(h)
			if err != nil {
				return errReply(err)
			}
			return reply{Type: '$', Str: []byte(text)}
		case "ENCODING":
			return reply{Type: '+', Str: []byte(Encoding(h))}
		}
	}
	panic("sim: unsupported command " + str[0])
}

func sameReply(a, b reply) bool {
	if a.Type != b.Type || a.IsNull != b.IsNull || a.Int != b.Int ||
		!bytes.Equal(a.Str, b.Str) || len(a.Elems) != len(b.Elems) {
		return false
	}
	for i := range a.Elems {
		if !sameReply(a.Elems[i], b.Elems[i]) {
			return false
		}
	}
	return true
}

// pair runs commands on both sides and counts comparisons.
type pair struct {
	t        *testing.T
	redis    *redistest.Client
	sim      *sim
	compared int
	failed   int
}

func newPair(t *testing.T) *pair {
	return &pair{t: t, redis: startOracle(t), sim: newSim()}
}

func (p *pair) do(args ...any) reply {
	p.t.Helper()
	want := p.redis.Do(args...)
	got := p.sim.do(args...)
	p.compared++
	if !sameReply(want, got) {
		p.failed++
		if p.failed <= 10 {
			p.t.Errorf("%.200s\n redis: %.300v\n   sim: %.300v", fmt.Sprint(args...), want, got)
		}
	}
	return want
}

// check compares the stored bytes of keys.
func (p *pair) check(keys ...string) {
	p.t.Helper()
	for _, k := range keys {
		p.do("GET", k)
	}
}

func (p *pair) report() {
	p.t.Logf("%d comparisons with redis-server, %d mismatches", p.compared, p.failed)
}

func randomElement(r *rand.Rand) []byte {
	switch r.IntN(3) {
	case 0:
		return []byte("e" + strconv.FormatUint(r.Uint64(), 36))
	case 1:
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return b
	}
	return []byte(strconv.Itoa(r.IntN(1 << 20)))
}

func pfaddArgs(key string, elems [][]byte) []any {
	args := []any{"PFADD", key}
	for _, e := range elems {
		args = append(args, e)
	}
	return args
}

// Growing HLLs from empty through the sparse encoding to dense, under
// several sparse size limits, comparing the reply and the bytes after every
// step.
func TestDifferentialAddCount(t *testing.T) {
	p := newPair(t)
	defer p.report()
	r := rand.New(rand.NewPCG(1, 2))
	for _, max := range []int{3000, 0, 1, 18, 19, 20, 21, 64, 300, 1000, 7000, 20000} {
		p.do("CONFIG", "SET", "hll-sparse-max-bytes", max)
		for k := 0; k < 3; k++ {
			key := fmt.Sprintf("h%d-%d", max, k)
			p.do("PFADD", key)
			p.check(key)
			total := 0
			for batch := 1; total < 12000; batch = batch*5/4 + 1 {
				elems := make([][]byte, batch)
				for i := range elems {
					elems[i] = randomElement(r)
				}
				p.do(pfaddArgs(key, elems)...)
				total += batch
				p.check(key)
				if r.IntN(3) == 0 {
					p.do("PFCOUNT", key)
					p.check(key)
					p.do("PFCOUNT", key) // now from the cache
				}
				// Adding an element already present changes nothing.
				p.do("PFADD", key, elems[0])
			}
			p.do("PFDEBUG", "ENCODING", key)
			p.do("PFCOUNT", key)
			p.check(key)
		}
	}
	p.do("PFCOUNT", "missing")
	p.do("PFADD", "one", "x", "x", "y")
	p.check("one")
}

// One element at a time around the promotion threshold, where the exact
// moment a sparse HLL turns dense is decided.
func TestDifferentialPromotionThreshold(t *testing.T) {
	p := newPair(t)
	defer p.report()
	r := rand.New(rand.NewPCG(3, 4))
	for _, max := range []int{200, 3000} {
		p.do("CONFIG", "SET", "hll-sparse-max-bytes", max)
		key := fmt.Sprintf("t%d", max)
		for i := 0; i < max*2/3; i++ {
			p.do("PFADD", key, randomElement(r))
			if i > max/3 {
				p.check(key)
			}
		}
		p.check(key)
	}
}

// Elements whose hash ends in long zero runs: values above 32 force the
// sparse encoding out, whatever its size.
func TestDifferentialLongRuns(t *testing.T) {
	p := newPair(t)
	defer p.report()
	for i, e := range longRunElements {
		_, count := patternOf(e)
		if count <= sparseValMax {
			t.Fatalf("element %q has a run of %d only", e, count)
		}
		key := fmt.Sprintf("long%d", i)
		p.do("PFADD", key, "a", "b", "c")
		p.do("PFADD", key, e)
		p.check(key)
		p.do("PFCOUNT", key)
		p.do("PFMERGE", "m"+key, "long0", key)
		p.check("m" + key)
	}
}

// PFMERGE and multi-key PFCOUNT over mixes of missing, empty, sparse and
// dense HLLs, into new and existing destinations.
func TestDifferentialMerge(t *testing.T) {
	p := newPair(t)
	defer p.report()
	r := rand.New(rand.NewPCG(5, 6))
	for _, max := range []int{3000, 40, 10000} {
		p.do("CONFIG", "SET", "hll-sparse-max-bytes", max)
		var keys []string
		for i, n := range []int{0, 1, 3, 20, 100, 300, 800, 1500, 3000, 20000} {
			key := fmt.Sprintf("s%d-%d", max, i)
			keys = append(keys, key)
			elems := make([][]byte, n)
			for j := range elems {
				elems[j] = randomElement(r)
			}
			p.do(pfaddArgs(key, elems)...)
			if r.IntN(2) == 0 {
				p.do("PFCOUNT", key) // some sources carry a valid cache
			}
		}
		keys = append(keys, "absent")
		for round := 0; round < 60; round++ {
			n := 1 + r.IntN(4)
			args := []any{"PFMERGE"}
			dest := fmt.Sprintf("d%d-%d", max, round%7) // reused: existing dests
			if r.IntN(4) == 0 {
				dest = keys[r.IntN(len(keys))]
			}
			args = append(args, dest)
			count := []any{"PFCOUNT"}
			for i := 0; i < n; i++ {
				k := keys[r.IntN(len(keys))]
				args = append(args, k)
				count = append(count, k)
			}
			p.do(args...)
			p.check(dest)
			p.do(count...)
			p.do("PFCOUNT", dest)
			p.check(dest)
		}
		p.do("PFMERGE", fmt.Sprintf("only%d", max))
		p.check(fmt.Sprintf("only%d", max))
	}
}

// PFDEBUG's subcommands on sparse and dense values.
func TestDifferentialDebug(t *testing.T) {
	p := newPair(t)
	defer p.report()
	r := rand.New(rand.NewPCG(7, 8))
	for i, n := range []int{0, 1, 10, 200, 1000, 5000} {
		key := fmt.Sprintf("k%d", i)
		elems := make([][]byte, n)
		for j := range elems {
			elems[j] = randomElement(r)
		}
		p.do(pfaddArgs(key, elems)...)
		p.do("PFDEBUG", "ENCODING", key)
		p.do("PFDEBUG", "DECODE", key)
		p.do("PFDEBUG", "TODENSE", key)
		p.check(key)
		p.do("PFDEBUG", "TODENSE", key)
		p.do("PFDEBUG", "DECODE", key)
		p.do("PFDEBUG", "GETREG", key)
		key2 := key + "g"
		p.do(pfaddArgs(key2, elems)...)
		p.do("PFDEBUG", "GETREG", key2)
		p.check(key2)
	}
}

// Hand-made and damaged values: every command must fail or succeed exactly
// as Redis does, and leave exactly the bytes Redis leaves.
func TestDifferentialCorrupt(t *testing.T) {
	p := newPair(t)
	defer p.report()
	r := rand.New(rand.NewPCG(9, 10))
	var valid [][]byte
	for _, n := range []int{0, 2, 30, 400, 2000, 9000} {
		elems := make([][]byte, n)
		for j := range elems {
			elems[j] = randomElement(r)
		}
		h, _, err := Add(nil, elems, DefaultSparseMaxBytes)
		if err != nil {
			t.Fatal(err)
		}
		valid = append(valid, h)
	}
	p.do("PFADD", "good", "a", "b", "c")
	for round := 0; round < 1500; round++ {
		v := damage(r, valid[r.IntN(len(valid))])
		p.do("SET", "bad", v)
		switch r.IntN(8) {
		case 0, 1:
			elems := make([][]byte, 1+r.IntN(5))
			for i := range elems {
				elems[i] = randomElement(r)
			}
			p.do(pfaddArgs("bad", elems)...)
		case 2:
			p.do("PFCOUNT", "bad")
		case 3:
			p.do("PFCOUNT", "good", "bad")
		case 4:
			p.do("PFMERGE", "bad", "good")
		case 5:
			p.do("PFMERGE", "dest", "good", "bad")
			p.check("dest")
		case 6:
			p.do("PFDEBUG", []string{"GETREG", "DECODE", "ENCODING", "TODENSE"}[r.IntN(4)], "bad")
		case 7:
			p.do("PFCOUNT", "bad")
			p.do("PFADD", "bad", randomElement(r))
			if !endsInsideXZero(v) {
				// Otherwise Redis's next command reads the byte a split
				// left after the end of the string (see sparseSet).
				p.do("PFCOUNT", "bad")
			}
		}
		p.check("bad", "good")
	}
}

// endsInsideXZero reports whether a sparse value's last opcode is an XZERO
// cut after its first byte.
func endsInsideXZero(v []byte) bool {
	if len(v) < HeaderSize || v[offEncoding] != encSparse {
		return false
	}
	p := HeaderSize
	for p < len(v) {
		if isXZero(v[p]) {
			if p+1 == len(v) {
				return true
			}
			p += 2
		} else {
			p++
		}
	}
	return false
}

// damage returns a copy of a valid HLL with some harm done to it.
func damage(r *rand.Rand, h []byte) []byte {
	v := bytes.Clone(h)
	switch r.IntN(9) {
	case 0: // flip bits in the payload
		for i := 0; i < 1+r.IntN(3) && len(v) > HeaderSize; i++ {
			v[HeaderSize+r.IntN(len(v)-HeaderSize)] ^= byte(1 << r.IntN(8))
		}
	case 1: // cut the end off
		v = v[:r.IntN(len(v)+1)]
	case 2: // append random opcodes
		for i := r.IntN(6); i >= 0; i-- {
			v = append(v, byte(r.UintN(256)))
		}
	case 3: // damage the header
		v[r.IntN(HeaderSize)] = byte(r.UintN(256))
	case 4: // a valid cache in front of damaged registers
		v[offCacheBit] &^= 0x80
		if len(v) > HeaderSize {
			v = v[:len(v)-1]
		}
	case 5: // claim the other encoding
		v[offEncoding] ^= 1
	case 6: // a sparse list of random opcodes
		v = v[:HeaderSize]
		v[offEncoding] = encSparse
		for i := r.IntN(12); i >= 0; i-- {
			v = append(v, byte(r.UintN(256)))
		}
	case 7: // a sparse list that ends inside an XZERO, or only just covers
		v = append(v[:HeaderSize:HeaderSize], 0x40, 0xfe, 0x7f)
		v[offEncoding] = encSparse
		if r.IntN(2) == 0 {
			v = append(v[:HeaderSize], 0x7f, 0xff, 0x41)
		}
	case 8: // a dense value with random (possibly large) registers
		v = make([]byte, DenseSize)
		copy(v, "HYLL")
		v[offCacheBit] = 0x80
		hi := 1 + r.IntN(63)
		for i := 0; i < Registers; i++ {
			if r.IntN(4) == 0 {
				denseSet(v[HeaderSize:], i, uint8(r.IntN(hi+1)))
			}
		}
	}
	return v
}

// longRunElements hash to zero runs longer than 32 bits (found by search).
var longRunElements = [][]byte{[]byte("lr7859224884")}

// Dense values made by hand with registers up to 63, beyond what any element
// can produce: the estimator must overflow and round exactly as Redis does.
func TestDifferentialExtremeRegisters(t *testing.T) {
	p := newPair(t)
	defer p.report()
	r := rand.New(rand.NewPCG(11, 12))
	dense := func(fill func(i int) uint8) []byte {
		v := make([]byte, DenseSize)
		copy(v, "HYLL")
		v[offCacheBit] = 0x80
		for i := 0; i < Registers; i++ {
			denseSet(v[HeaderSize:], i, fill(i))
		}
		return v
	}
	var values [][]byte
	for v := 0; v <= RegisterMax; v++ {
		values = append(values, dense(func(int) uint8 { return uint8(v) }))
		values = append(values, dense(func(i int) uint8 { return uint8(v * (i & 1)) }))
	}
	for k := 0; k < 40; k++ {
		lo, hi := r.IntN(64), r.IntN(64)
		values = append(values, dense(func(int) uint8 { return uint8(lo+r.IntN(hi+1)) % 64 }))
	}
	for i, v := range values {
		p.do("SET", "x", v)
		p.do("PFCOUNT", "x")
		p.check("x")
		p.do("PFCOUNT", "x", "good")
		p.do("PFADD", "good", strconv.Itoa(i))
		p.do("PFMERGE", "m", "x")
		p.check("m")
		p.do("DEL", "m")
	}
}

// A sparse list long enough to overflow a 32-bit register index, which
// Redis 7.0.15 as patched by Debian (CVE-2025-32023) rejects.
func TestDifferentialHugeSparse(t *testing.T) {
	p := newPair(t)
	defer p.report()
	v := sparseValue()
	for i := 0; i < 131073+1; i++ {
		v = append(v, 0x7f, 0xff)
	}
	v = append(v, 0x80)
	for _, cut := range []int{len(v), len(v) - 1, 2 * (1 << 17)} {
		p.do("SET", "huge", v[:cut])
		p.do("PFCOUNT", "huge")
		p.do("PFCOUNT", "huge", "huge")
		p.do("PFMERGE", "m", "huge")
		p.do("PFDEBUG", "TODENSE", "huge")
		p.do("PFADD", "huge", "a")
		p.check("huge")
	}
}
