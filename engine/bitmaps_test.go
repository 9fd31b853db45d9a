package engine

import (
	"bytes"
	"math/rand"
	"strconv"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
)

func TestSetbitGetbitFidelity(t *testing.T) {
	t.Run("basics", scriptTest(`
		SETBIT k 7 1
		GET k
		SETBIT k 7 1
		SETBIT k 7 0
		SETBIT k 100 1
		GET k
		STRLEN k
		GETBIT k 100
		GETBIT k 99
		GETBIT k 1000000
		GETBIT nokey 0
		SETBIT k 0 2
		SETBIT k 0 -1
		SETBIT k 0 abc
		SETBIT k 0 ""
		SETBIT k 0 01
		SETBIT k 0 9223372036854775807
		SETBIT k -1 1
		SETBIT k abc 1
		SETBIT k 1.5 1
		SETBIT k 4294967296 1
		SETBIT k 9223372036854775807 1
		SETBIT k #8 1
		GETBIT k -1
		GETBIT k abc
		GETBIT k 4294967296
		GETBIT k 4294967295
		SET n 12
		GETBIT n 2
		GETBIT n 3
		SETBIT n 7 0
		GET n
		SETBIT new 0 0
		GET new
		!list l
		SETBIT l 0 1
		GETBIT l 0
		SETBIT l 0 2
		SETBIT l -1 1
		GETBIT l -1
	`))
	t.Run("size limit", func(t *testing.T) {
		forBothProtocols(t, func(t *testing.T, p *redistest.Pair, e *Engine) {
			limitBulkLen(t, p, e, "1mb")
			runScript(t, p, e, `
				SETBIT k 8388607 1
				SETBIT k 8388608 1
				GETBIT k 8388608
				GETBIT k 8388607
				STRLEN k
				BITFIELD k GET u8 8388600
				BITFIELD k GET u8 8388601
				BITFIELD k GET u8 8388608
				BITFIELD k GET u8 #1048575
				BITFIELD k GET u8 #1048576
				BITFIELD k SET i64 8388607 -1
				STRLEN k
				BITFIELD k GET i64 8388607
			`)
		})
	})
}

func TestBitcountBitposFidelity(t *testing.T) {
	t.Run("bitcount", scriptTest(`
		BITCOUNT nokey
		BITCOUNT nokey 0 -1
		BITCOUNT nokey a b
		BITCOUNT nokey 0
		SET s foobar
		BITCOUNT s
		BITCOUNT s 0 0
		BITCOUNT s 1 1
		BITCOUNT s 1 -2
		BITCOUNT s -2 -1
		BITCOUNT s -1 -3
		BITCOUNT s -3 -1
		BITCOUNT s -100 -50
		BITCOUNT s -100 100
		BITCOUNT s 3 2
		BITCOUNT s 100 200
		BITCOUNT s 0 -1 BYTE
		BITCOUNT s 0 -1 byte
		BITCOUNT s 0 -1 BIT
		BITCOUNT s 5 30 BIT
		BITCOUNT s 5 5 BIT
		BITCOUNT s 1 6 bit
		BITCOUNT s 9 17 BIT
		BITCOUNT s -5 -1 BIT
		BITCOUNT s -1 -5 BIT
		BITCOUNT s -100 -50 BIT
		BITCOUNT s 47 47 BIT
		BITCOUNT s 48 100 BIT
		BITCOUNT s 0 -1 bad
		BITCOUNT s -1 -3 bad
		BITCOUNT s 0 1 "bit\x00x"
		BITCOUNT s 0
		BITCOUNT s 0 1 2 3
		BITCOUNT s a 1
		BITCOUNT s 0 b
		BITCOUNT s a b bad
		BITCOUNT s 0 9223372036854775807
		BITCOUNT s -9223372036854775808 -1
		BITCOUNT s -9223372036854775808 9223372036854775807 BIT
		SET e ""
		BITCOUNT e
		BITCOUNT e 0 -1
		BITCOUNT e 0 -1 BIT
		SET n 255
		BITCOUNT n
		BITCOUNT n 0 0 BIT
		!list l
		BITCOUNT l
		BITCOUNT l a b
		BITCOUNT l 0
	`))
	t.Run("bitpos", scriptTest(`
		BITPOS nokey 1
		BITPOS nokey 0
		BITPOS nokey 1 abc
		BITPOS nokey 0 10 20 BIT
		BITPOS nokey 2
		BITPOS nokey abc
		SET s "\xff\xf0\x00"
		BITPOS s 0
		BITPOS s 1
		BITPOS s 1 2
		BITPOS s 0 0 0
		BITPOS s 0 0
		BITPOS s 1 1
		BITPOS s 1 -1
		BITPOS s 0 3
		BITPOS s 1 3
		BITPOS s 0 -1 -1
		BITPOS s 1 0 -1 BIT
		BITPOS s 0 0 -1 BIT
		BITPOS s 0 3 10 BIT
		BITPOS s 0 7 11 BIT
		BITPOS s 0 8 11 BIT
		BITPOS s 1 12 23 BIT
		BITPOS s 1 5 5 BIT
		BITPOS s 1 -20 -1 BIT
		BITPOS s 0 -5 -1 BIT
		BITPOS s 1 -1 -20 BIT
		BITPOS s 1 -10 -20
		BITPOS s 0 -10 -20
		BITPOS s 1 100
		BITPOS s 0 100
		BITPOS s 0 1 100
		BITPOS s 1 0 100 BIT
		BITPOS s 1 abc
		BITPOS s 1 0 abc
		BITPOS s 1 0 1 bad
		BITPOS s 1 0 1 BYTE
		BITPOS s 1 a b bad
		BITPOS s 1 0 b bad
		BITPOS s 1 0 1 2 3
		BITPOS s 2
		BITPOS s -1
		BITPOS s 1.0
		SET ones "\xff\xff\xff"
		BITPOS ones 0
		BITPOS ones 0 1
		BITPOS ones 0 0 -1
		BITPOS ones 0 0 -1 BIT
		BITPOS ones 0 3 5 BIT
		BITPOS ones 0 3 BIT
		SET zeros "\x00\x00"
		BITPOS zeros 1
		BITPOS zeros 0
		BITPOS zeros 1 0 -1 BIT
		SET e ""
		BITPOS e 0
		BITPOS e 1
		BITPOS e 0 0
		BITPOS e 0 0 -1
		SET n 1
		BITPOS n 1
		BITPOS n 0
		!list l
		BITPOS l 1
		BITPOS l 2
		BITPOS l 1 a
	`))
}

func TestBitopFidelity(t *testing.T) {
	t.Run("ops", scriptTest(`
		SET a "\xff\x0f\xaa"
		SET b "\x0f\xf0"
		SET c "\x01"
		BITOP AND dest a b
		GET dest
		BITOP OR dest a b c
		GET dest
		BITOP XOR dest a b c
		GET dest
		BITOP NOT dest a
		GET dest
		BITOP and dest a nokey
		GET dest
		BITOP or dest nokey a
		GET dest
		BITOP xor dest a a
		GET dest
		BITOP NOT dest nokey
		EXISTS dest
		BITOP AND dest nokey nokey2
		BITOP NOT dest a b
		BITOP NOT dest
		BITOP NAND dest a
		BITOP "and\x00x" dest a b
		GET dest
		BITOP AND a a b
		GET a
		SET e ""
		BITOP OR dest e
		EXISTS dest
		SET n 123
		BITOP NOT dest n
		GET dest
		!list l
		BITOP AND dest a l
		BITOP AND l a
		GET l
		!list l
		BITOP NOT dest l
		BITOP NOT l nokey
		EXISTS l
	`))
}

func TestBitfieldFidelity(t *testing.T) {
	t.Run("get set incrby", scriptTest(`
		BITFIELD k
		BITFIELD nokey GET u8 0
		EXISTS nokey
		BITFIELD k SET u8 0 255 GET u8 0 GET i8 0 GET u4 4 GET i4 4
		GET k
		BITFIELD k SET i8 0 -128 SET i8 8 127 GET i16 0 GET u16 0
		BITFIELD k INCRBY u8 0 10 INCRBY i8 8 1 INCRBY i8 8 -300
		BITFIELD k SET u63 0 9223372036854775807 GET u63 0 GET i64 0
		BITFIELD k SET i64 0 -9223372036854775808 GET i64 0 INCRBY i64 0 -1
		BITFIELD k SET i64 0 9223372036854775807 INCRBY i64 0 1 OVERFLOW SAT INCRBY i64 0 1
		BITFIELD k OVERFLOW SAT SET i64 0 -9223372036854775808 INCRBY i64 0 -1 INCRBY i64 0 -9223372036854775808
		BITFIELD k OVERFLOW FAIL INCRBY i64 0 -1 INCRBY i64 0 9223372036854775807
		BITFIELD k SET u8 #1 200 GET u8 #1 GET u8 8 SET i5 #3 10 GET i5 #3 GET i5 15
		BITFIELD k GET u8 #0 GET u8 "#"
		BITFIELD k GET u8 #-1
		BITFIELD k GET u8 #2305843009213693952
		BITFIELD k GET u8 #2305843009213693953
		BITFIELD k GET u8 #1152921504606846977
		BITFIELD k GET i1 #9223372036854775807
		BITFIELD k GET u8 -1
		BITFIELD k GET u8 abc
		BITFIELD k GET u8 1.5
		BITFIELD k GET u8 4294967296
		BITFIELD k GET u8 4294967295
		BITFIELD k OVERFLOW WRAP SET u2 0 5 GET u2 0
		BITFIELD k OVERFLOW SAT SET u2 0 5 GET u2 0
		BITFIELD k OVERFLOW FAIL SET u2 0 5 GET u2 0
		BITFIELD k OVERFLOW SAT SET u2 0 -1 GET u2 0
		BITFIELD k OVERFLOW WRAP SET u2 0 -1 GET u2 0
		BITFIELD k OVERFLOW FAIL SET u2 0 -1 GET u2 0
		BITFIELD k OVERFLOW SAT SET i3 0 5 SET i3 3 -5 GET i3 0 GET i3 3
		BITFIELD k OVERFLOW WRAP SET i3 0 5 SET i3 3 -5 GET i3 0 GET i3 3
		BITFIELD k OVERFLOW FAIL SET i3 0 5 SET i3 3 -5 GET i3 0 GET i3 3
		BITFIELD k OVERFLOW SAT INCRBY u4 0 100 INCRBY u4 0 -100 INCRBY i4 0 100 INCRBY i4 0 -100
		BITFIELD k OVERFLOW WRAP INCRBY u4 0 100 INCRBY u4 0 -100 INCRBY i4 0 100 INCRBY i4 0 -100
		BITFIELD k OVERFLOW FAIL INCRBY u4 0 100 INCRBY u4 0 -100 INCRBY i4 0 100 INCRBY i4 0 -100
		BITFIELD k overflow sat incrby u1 0 1 overflow wrap incrby u1 0 1 overflow fail incrby u1 0 1
		BITFIELD k INCRBY u63 0 -9223372036854775808 INCRBY u63 0 9223372036854775807
		BITFIELD k OVERFLOW SAT INCRBY u63 0 -9223372036854775808 INCRBY u63 0 9223372036854775807
		BITFIELD k SET u8 100 1 GET u8 100
		STRLEN k
		BITFIELD k GET u64 0
		BITFIELD k GET i65 0
		BITFIELD k GET i0 0
		BITFIELD k GET u0 0
		BITFIELD k GET x8 0
		BITFIELD k GET U8 0
		BITFIELD k GET i 0
		BITFIELD k GET "" 0
		BITFIELD k GET i08 0
		BITFIELD k GET "u8\x00zz" 0
		BITFIELD k GET i-8 0
		BITFIELD k GET u8
		BITFIELD k SET u8 0
		BITFIELD k INCRBY u8 0
		BITFIELD k SET u8 0 abc
		BITFIELD k INCRBY u8 0 1.5
		BITFIELD k OVERFLOW
		BITFIELD k OVERFLOW BAD GET u8 0
		BITFIELD k OVERFLOW "sat\x00x" INCRBY u2 0 10
		BITFIELD k BAD u8 0
		BITFIELD k "get\x00x" u8 0
		BITFIELD k GET u8 0 SET u8 0
		BITFIELD k GET u8 0 GET x8 0 SET u8 0 1
		BITFIELD k SET u8 0 1 GET u8 -1
		BITFIELD k GET u8 0 EXTRA
		SET n 12
		BITFIELD n GET u8 0 GET u16 0
		BITFIELD n INCRBY u8 0 1
		GET n
		BITFIELD fresh OVERFLOW FAIL INCRBY u8 8 300
		GET fresh
		BITFIELD fresh2 OVERFLOW FAIL INCRBY u8 8 300 SET u8 0 1
		GET fresh2
		!list l
		BITFIELD l GET u8 0
		BITFIELD l SET u8 0 1
		BITFIELD l GET x8 0
		BITFIELD l
	`))
	t.Run("bitfield_ro", scriptTest(`
		BITFIELD_RO k
		BITFIELD_RO k GET u8 0
		SET k abc
		BITFIELD_RO k GET u8 0 GET i8 8 GET u16 #1
		BITFIELD_RO k SET u8 0 1
		BITFIELD_RO k INCRBY u8 0 1
		BITFIELD_RO k GET u8 0 INCRBY u8 0 1
		BITFIELD_RO k OVERFLOW SAT GET u8 0
		BITFIELD_RO k OVERFLOW BAD
		BITFIELD_RO k SET x8 0 1
		BITFIELD_RO k SET u8 0 a
		BITFIELD_RO k SET u8 -1 1
		BITFIELD_RO k BAD
		BITFIELD_RO k GET u8
		GET k
		!list l
		BITFIELD_RO l GET u8 0
		BITFIELD_RO l SET u8 0 1
	`))
}

// TestBitCommandsRandom runs random sequences of bit and range commands
// on random strings, comparing every reply.
func TestBitCommandsRandom(t *testing.T) {
	forBothProtocols(t, func(t *testing.T, p *redistest.Pair, e *Engine) {
		r := rand.New(rand.NewSource(2))
		keys := []string{"a", "b", "c", "nokey"}
		randomBytes := func() string {
			if r.Intn(4) == 0 { // long runs of zeros and ones
				var b []byte
				for n := r.Intn(5); n >= 0; n-- {
					run := []byte{0, 0xff, byte(r.Intn(256))}[r.Intn(3)]
					b = append(b, bytes.Repeat([]byte{run}, r.Intn(60))...)
				}
				return string(b)
			}
			b := make([]byte, r.Intn(40))
			for i := range b {
				switch r.Intn(4) {
				case 0:
					b[i] = 0
				case 1:
					b[i] = 0xff
				default:
					b[i] = byte(r.Intn(256))
				}
			}
			return string(b)
		}
		index := func() string {
			if r.Intn(3) == 0 {
				return strconv.Itoa(r.Intn(4000) - 2000)
			}
			return strconv.Itoa(r.Intn(400) - 200)
		}
		fieldType := func() string {
			if r.Intn(2) == 0 {
				return "i" + strconv.Itoa(1+r.Intn(64))
			}
			return "u" + strconv.Itoa(1+r.Intn(63))
		}
		offset := func() string {
			if r.Intn(4) == 0 {
				return "#" + strconv.Itoa(r.Intn(10))
			}
			return strconv.Itoa(r.Intn(300))
		}
		fieldValue := func() string {
			switch r.Intn(3) {
			case 0:
				return strconv.FormatInt(r.Int63()-r.Int63(), 10)
			case 1:
				return strconv.Itoa(r.Intn(1000) - 500)
			}
			return strconv.Itoa(r.Intn(20) - 10)
		}
		unit := func() []string {
			switch r.Intn(3) {
			case 0:
				return nil
			case 1:
				return []string{"BIT"}
			}
			return []string{"BYTE"}
		}
		for i := 0; i < 3000; i++ {
			key := keys[r.Intn(len(keys))]
			var cmd []string
			switch r.Intn(14) {
			case 0:
				cmd = []string{"SET", key, randomBytes()}
			case 1:
				cmd = []string{"SETBIT", key, strconv.Itoa(r.Intn(400)), strconv.Itoa(r.Intn(2))}
			case 2:
				cmd = []string{"GETBIT", key, strconv.Itoa(r.Intn(400))}
			case 3:
				cmd = []string{"BITCOUNT", key}
				if r.Intn(4) > 0 {
					cmd = append(append(cmd, index(), index()), unit()...)
				}
			case 4:
				cmd = []string{"BITPOS", key, strconv.Itoa(r.Intn(2))}
				switch r.Intn(4) {
				case 1:
					cmd = append(cmd, index())
				case 2:
					cmd = append(cmd, index(), index())
				case 3:
					cmd = append(append(cmd, index(), index()), unit()...)
				}
			case 5:
				ops := []string{"AND", "OR", "XOR", "NOT"}
				op := ops[r.Intn(len(ops))]
				cmd = []string{"BITOP", op, keys[r.Intn(len(keys))], key}
				if op != "NOT" {
					for n := r.Intn(3); n > 0; n-- {
						cmd = append(cmd, keys[r.Intn(len(keys))])
					}
				}
			case 6, 7:
				cmd = []string{"BITFIELD", key}
				for n := 1 + r.Intn(4); n > 0; n-- {
					switch r.Intn(5) {
					case 0:
						cmd = append(cmd, "GET", fieldType(), offset())
					case 1:
						cmd = append(cmd, "SET", fieldType(), offset(), fieldValue())
					case 2:
						cmd = append(cmd, "INCRBY", fieldType(), offset(), fieldValue())
					default:
						policies := []string{"WRAP", "SAT", "FAIL"}
						cmd = append(cmd, "OVERFLOW", policies[r.Intn(3)])
					}
				}
			case 8:
				cmd = []string{"BITFIELD_RO", key, "GET", fieldType(), offset()}
			case 9:
				cmd = []string{"SETRANGE", key, strconv.Itoa(r.Intn(60)), randomBytes()}
			case 10:
				cmd = []string{"GETRANGE", key, index(), index()}
			case 11:
				cmd = []string{"APPEND", key, randomBytes()}
			case 12:
				cmd = []string{"LCS", key, keys[r.Intn(len(keys))]}
				opts := [][]string{{"LEN"}, {"IDX"}, {"IDX", "WITHMATCHLEN"}, {"IDX", "MINMATCHLEN", strconv.Itoa(r.Intn(4))}, {}}
				cmd = append(cmd, opts[r.Intn(len(opts))]...)
			default:
				cmd = []string{"GET", key}
			}
			p.Check(cmd...)
		}
		checkEncodings(t, p, e, keys...)
	})
}

// TestBitSideEffects compares the notifications, change counts and AOF
// effects of the bit commands, including writes that change nothing.
func TestBitSideEffects(t *testing.T) {
	s := newSideEffects(t)
	runSideEffectScript(t, s, `
		SETBIT k 3 1
		SETBIT k 3 1
		SETBIT k 3 0
		SETBIT k 20 0
		SETBIT k 20 0
		SETBIT new 0 0
		SETBIT k -1 1
		GETBIT k 3
		BITCOUNT k
		BITPOS k 1
		SET t v EX 100
		SETBIT t 0 1
		!ttl t
		BITOP OR dest k new
		BITOP AND dest nokey
		BITOP AND dest nokey
		BITOP NOT dest k
		SET dest x EX 100
		BITOP NOT dest k
		!ttl dest
		BITFIELD k SET u8 0 1
		BITFIELD k SET u8 0 1
		BITFIELD k INCRBY u8 0 0
		BITFIELD k SET u8 0 1 SET u8 8 2 INCRBY u8 8 1
		BITFIELD k GET u8 0
		BITFIELD k OVERFLOW FAIL INCRBY u8 0 300
		BITFIELD k OVERFLOW FAIL INCRBY u8 100 300
		BITFIELD k SET u8 200 0
		BITFIELD k SET u8 200 0
		BITFIELD fresh SET u4 0 0 SET u4 4 0
		BITFIELD fresh2 OVERFLOW FAIL INCRBY u8 0 300
		BITFIELD_RO k GET u8 0
		BITFIELD k SET x8 0 1
	`)
}

// TestFirstBit compares the word-skipping search with a plain one on
// buffers made of long runs, where the skipping matters.
func TestFirstBit(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for i := 0; i < 20000; i++ {
		var b []byte
		for n := r.Intn(6); n >= 0; n-- {
			run := []byte{0, 0xff, byte(r.Intn(256))}[r.Intn(3)]
			b = append(b, bytes.Repeat([]byte{run}, r.Intn(40))...)
		}
		if len(b) == 0 {
			continue
		}
		total := int64(len(b)) * 8
		from := r.Int63n(total)
		to := from + r.Int63n(total-from)
		bit := uint64(r.Intn(2))
		want := int64(-1)
		for j := from; j <= to; j++ {
			if bitAt(b, uint64(j)) == bit {
				want = j
				break
			}
		}
		if got := firstBit(b, from, to, bit); got != want {
			t.Fatalf("firstBit(%x, %d, %d, %d) = %d, want %d", b, from, to, bit, got, want)
		}
	}
}
