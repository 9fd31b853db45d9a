package engine

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/redwasm/redwasm/engine/redistest"
	"github.com/redwasm/redwasm/engine/resp"
)

// runScript checks every line of script on the pair, in the protocol
// given. Lines are split as redis-cli splits them ("quotes", \xHH);
// empty lines and lines starting with # are skipped. A line starting
// with "!list " makes its keys hold a list on both sides.
func runScript(t *testing.T, p *redistest.Pair, e *Engine, script string) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(script))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		argv, ok := resp.SplitArgs([]byte(line))
		if !ok {
			t.Fatalf("bad script line %q", line)
		}
		args := make([]string, len(argv))
		for i, a := range argv {
			args[i] = string(a)
		}
		if args[0] == "!list" {
			for _, key := range args[1:] {
				makeList(t, p, e, key)
			}
			continue
		}
		p.Check(args...)
	}
}

// makeList makes key hold a list on both sides.
func makeList(t *testing.T, p *redistest.Pair, e *Engine, key string) {
	t.Helper()
	p.Check("DEL", key)
	p.Check("RPUSH", key, "element")
}

// realDo runs a command on redis-server only and returns its raw reply.
func realDo(t testing.TB, p *redistest.Pair, args ...string) []byte {
	t.Helper()
	argv := make([][]byte, len(args))
	for i, a := range args {
		argv[i] = []byte(a)
	}
	if err := p.Real.Send(resp.AppendCommand(nil, argv...)); err != nil {
		t.Fatal(err)
	}
	reply, err := p.Real.Read(redistest.ReplyTimeout)
	if err != nil {
		t.Fatal(err)
	}
	return reply
}

// forBothProtocols runs fn on a fresh pair in RESP2, then in RESP3.
func forBothProtocols(t *testing.T, fn func(t *testing.T, p *redistest.Pair, e *Engine)) {
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("RESP%d", proto), func(t *testing.T) {
			p, e := newPair(t)
			p.Proto(proto)
			fn(t, p, e)
		})
	}
}

// limitBulkLen sets proto-max-bulk-len on both sides, for the rest of
// the test, so that the size limits can be reached without allocating
// 512 MB.
func limitBulkLen(t *testing.T, p *redistest.Pair, e *Engine, size string) {
	t.Helper()
	realDo(t, p, "CONFIG", "SET", "proto-max-bulk-len", size)
	t.Cleanup(func() { realDo(t, p, "CONFIG", "SET", "proto-max-bulk-len", "512mb") })
	var err error
	e.Do(func() { err = e.cfg.set(e, "proto-max-bulk-len", size) })
	if err != nil {
		t.Fatal(err)
	}
}

func scriptTest(script string) func(t *testing.T) {
	return func(t *testing.T) {
		forBothProtocols(t, func(t *testing.T, p *redistest.Pair, e *Engine) {
			runScript(t, p, e, script)
		})
	}
}

func TestGetSetFidelity(t *testing.T) {
	t.Run("basics", scriptTest(`
		GET nokey
		SET k v
		GET k
		SET k ""
		GET k
		SET k "\x00\xff binary \r\n"
		GET k
		SET k 12345
		GET k
		!list l
		GET l
		SET l v
		GET l
		GET
		SET k
		GETSET k
	`))
	t.Run("set options", scriptTest(`
		SET k v NX
		SET k v2 NX
		GET k
		SET k v3 XX
		SET nokey v XX
		GET nokey
		SET k v nx xx
		SET k v xx nx
		SET k v NX NX
		SET k v XX XX
		SET k v get
		SET k v GET GET
		SET nokey2 v GET
		SET k v2 GET NX
		SET k v3 NX GET
		SET nokey3 v XX GET
		SET nokey3 v NX GET
		SET k v KEEPTTL
		SET k v KEEPTTL KEEPTTL
		SET k v keepttl EX 10
		SET k v EX 10 KEEPTTL
		SET k v PX 10 keepttl
		SET k v EXAT 99999999999 KEEPTTL
		SET k v PXAT 99999999999999 KEEPTTL
		SET k v EX 10 PX 10
		SET k v PX 10 EX 10
		SET k v EX 10 EXAT 10
		SET k v EXAT 10 PXAT 10
		SET k v PXAT 10 PX 10
		SET k v EX 10 EX 20
		SET k v PX 100000 PX 200000
		SET k v EXAT 99999999999 EXAT 99999999998
		SET k v PXAT 99999999999999 PXAT 99999999999998
		SET k v EX
		SET k v PX
		SET k v EXAT
		SET k v PXAT
		SET k v EX 10 XX GET
		SET k v bogus
		SET k v PERSIST
		SET k v "nx\x00junk"
		SET k v "get\x00junk"
		SET k v NXX
		SET k v N
		SET k v ""
		!list l
		SET l v GET
		SET l v NX GET
		SET l v XX
		SET l v NX
		SET l v EX abc GET
		SET l v EX 0 GET
		GET l
	`))
	t.Run("expire texts", scriptTest(`
		SET k v EX 0
		SET k v EX -1
		SET k v EX abc
		SET k v EX 1.5
		SET k v EX " 10"
		SET k v EX +10
		SET k v EX 010
		SET k v EX 9223372036854775807
		SET k v EX 9223372036854775808
		SET k v EX 9223372036854775
		SET k v EX 9223372036854776
		SET k v EX 9223372036853
		SET k v EX -9223372036854775808
		SET k v PX 0
		SET k v PX -1
		SET k v PX 9223372036854775807
		SET k v PX 9223372036854775806
		SET k v PX 9223370000000000000
		SET k v EXAT 0
		SET k v EXAT -5
		SET k v EXAT 9223372036854775
		SET k v EXAT 9223372036854776
		SET k v EXAT 9223372036854775807
		SET k v PXAT 0
		SET k v PXAT 9223372036854775807
		SET k v PXAT -1
		SET k v EXAT 1
		GET k
		SET k v PXAT 1
		GET k
		SETEX k 0 v
		SETEX k -1 v
		SETEX k abc v
		SETEX k 9223372036854775807 v
		SETEX k 9223372036854775 v
		SETEX k 100 v
		GET k
		PSETEX k 0 v
		PSETEX k -10 v
		PSETEX k x v
		PSETEX k 9223372036854775807 v
		PSETEX k 100000 v
		GET k
		!list l
		SETEX l 100 v
		GET l
		SETEX l 0 v
		PSETEX l 0 v
	`))
	t.Run("setnx getset getdel", scriptTest(`
		SETNX k v
		SETNX k v2
		GET k
		GETSET k v3
		GETSET nokey v
		GET nokey
		GETDEL k
		GETDEL k
		GET k
		!list l
		SETNX l v
		GETSET l v
		GETDEL l
		GET l
		SET e ""
		GETDEL e
		GETDEL e
	`))
	t.Run("getex", scriptTest(`
		GETEX nokey
		GETEX nokey EX 10
		GETEX nokey EX abc
		GETEX nokey bad
		SET k v
		GETEX k
		GETEX k EX 100
		GETEX k PX 100000
		GETEX k EXAT 99999999999
		GETEX k PXAT 99999999999999
		GETEX k PERSIST
		GETEX k PERSIST
		GETEX k persist PERSIST
		GETEX k EX 10 PERSIST
		GETEX k PERSIST EX 10
		GETEX k EX 10 EX 20
		GETEX k EX 10 PX 10
		GETEX k EX
		GETEX k PXAT
		GETEX k NX
		GETEX k XX
		GETEX k GET
		GETEX k KEEPTTL
		GETEX k EX 0
		GETEX k EX -1
		GETEX k EX abc
		GETEX k EX 9223372036854775807
		GETEX k EX 9223372036854775
		GETEX k PX 9223372036854775807
		GETEX k EXAT 9223372036854776
		GETEX k PXAT 0
		GETEX k "persist\x00x"
		GET k
		GETEX k EXAT 1
		GET k
		SET k v
		GETEX k PXAT 1
		GET k
		!list l
		GETEX l
		GETEX l EX abc
		GETEX l EX 0
		GETEX l bad
	`))
	t.Run("mget mset msetnx", scriptTest(`
		MSET a 1 b 2 c 3
		MGET a b c nokey
		MSET a
		MSET a 1 b
		MSETNX a
		MSETNX x 1 y
		MSETNX a 1 d 4
		MGET a d
		MSETNX d 4 e 5
		MGET d e
		MSET a 10 a 11
		GET a
		MSETNX f 1 f 2
		GET f
		!list l
		MGET l a
		MSETNX l 1 g 1
		MSET l v
		GET l
		MGET
	`))
	t.Run("append strlen", scriptTest(`
		APPEND k hello
		APPEND k " world"
		GET k
		STRLEN k
		STRLEN nokey
		APPEND k ""
		APPEND e ""
		STRLEN e
		EXISTS e
		SET n 123
		APPEND n 456
		GET n
		STRLEN n
		!list l
		APPEND l x
		STRLEN l
	`))
	t.Run("size limits", func(t *testing.T) {
		forBothProtocols(t, func(t *testing.T, p *redistest.Pair, e *Engine) {
			limitBulkLen(t, p, e, "1mb")
			runScript(t, p, e, `
				SETRANGE k 1048575 x
				SETRANGE k 1048576 x
				SETRANGE k 1048575 xy
				APPEND k y
				STRLEN k
				SETRANGE k 1048576 ""
				SETRANGE nokey 1048576 x
				SETRANGE nokey 1048575 xy
				SETRANGE nokey 1048570 abcdef
				STRLEN nokey
				APPEND nokey ""
				APPEND nokey x
				SET s abc
				SETRANGE s 1048574 xy
				SETRANGE s 1048574 xyz
				GETRANGE s 0 2
				APPEND s z
			`)
		})
	})
	t.Run("getrange substr", scriptTest(`
		SET k "This is a string"
		GETRANGE k 0 3
		GETRANGE k -3 -1
		GETRANGE k 0 -1
		GETRANGE k 10 100
		GETRANGE k 100 200
		GETRANGE k 5 3
		GETRANGE k -1 -5
		GETRANGE k -100 -50
		GETRANGE k -100 5
		GETRANGE k 0 -100
		GETRANGE k -9223372036854775808 9223372036854775807
		GETRANGE k 9223372036854775807 -9223372036854775808
		GETRANGE k a 1
		GETRANGE k 0 b
		GETRANGE k 0 1.5
		GETRANGE nokey 0 -1
		GETRANGE nokey a b
		SUBSTR k 0 3
		SUBSTR k -3 -1
		SUBSTR nokey 0 1
		SET e ""
		GETRANGE e 0 -1
		GETRANGE e 0 0
		GETRANGE e -1 0
		SET n 1234
		GETRANGE n 1 2
		!list l
		GETRANGE l 0 1
		GETRANGE l a 1
		SUBSTR l 0 1
	`))
	t.Run("setrange", scriptTest(`
		SETRANGE k 0 hello
		SETRANGE k 6 world
		GET k
		SETRANGE k 1 ""
		SETRANGE nokey 0 ""
		EXISTS nokey
		SETRANGE nokey 5 ""
		SETRANGE k -1 x
		SETRANGE k abc x
		SETRANGE nokey -1 ""
		SETRANGE k 536870912 x
		SETRANGE k 9223372036854775807 x
		SETRANGE k 9223372036854775807 ""
		SETRANGE nokey 536870912 x
		SETRANGE nokey 9223372036854775807 xy
		SETRANGE n2 3 abc
		GET n2
		SET n 12345
		SETRANGE n 2 x
		GET n
		!list l
		SETRANGE l 0 x
		SETRANGE l 0 ""
		SETRANGE l -1 x
		SETRANGE l 536870912 x
	`))
}

func TestIncrDecrFidelity(t *testing.T) {
	t.Run("integers", scriptTest(`
		INCR k
		INCR k
		DECR k
		INCRBY k 10
		DECRBY k 100
		GET k
		INCRBY k abc
		INCRBY k 1.5
		INCRBY k ""
		DECRBY k " 1"
		INCRBY k 9223372036854775807
		INCRBY k -9223372036854775808
		SET k 9223372036854775807
		INCR k
		INCRBY k 0
		DECRBY k -1
		SET k -9223372036854775808
		DECR k
		DECRBY k 1
		INCRBY k -1
		DECRBY k -9223372036854775808
		DECRBY nokey -9223372036854775808
		DECRBY k 9223372036854775807
		INCRBY k 9223372036854775807
		INCRBY k 9223372036854775807
		SET s abc
		INCR s
		SET s " 1"
		INCR s
		SET s "1 "
		INCR s
		SET s +1
		INCR s
		SET s 01
		INCR s
		SET s -0
		INCR s
		SET s 9223372036854775808
		INCR s
		SET s ""
		INCR s
		SET s "1\x00"
		INCR s
		SET s 1.0
		INCR s
		SET s 10
		INCRBY s 9223372036854775797
		!list l
		INCR l
		DECR l
		INCRBY l 1
		DECRBY l 1
		INCRBY l abc
		DECRBY l -9223372036854775808
	`))
	t.Run("floats", scriptTest(`
		INCRBYFLOAT k 1.5
		INCRBYFLOAT k 1.5
		INCRBYFLOAT k -3
		INCRBYFLOAT k 0.1
		INCRBYFLOAT k 0.2
		SET x 31
		INCRBYFLOAT x 1e-17
		SET x 10
		INCRBYFLOAT x 0
		INCRBYFLOAT x 5.0e3
		INCRBYFLOAT x 2.0e-3
		INCRBYFLOAT x -1e300
		INCRBYFLOAT x 1e300
		INCRBYFLOAT x 1e4932
		INCRBYFLOAT x 1e4933
		INCRBYFLOAT x 1e-4950
		INCRBYFLOAT x 1e-4952
		INCRBYFLOAT x 0x10
		INCRBYFLOAT x 0x1.8p1
		INCRBYFLOAT x 0X.8P+2
		INCRBYFLOAT x 0x
		INCRBYFLOAT x inf
		INCRBYFLOAT x -inf
		INCRBYFLOAT x infinity
		INCRBYFLOAT x nan
		INCRBYFLOAT x NaN
		INCRBYFLOAT x -nan
		INCRBYFLOAT x abc
		INCRBYFLOAT x ""
		INCRBYFLOAT x " 1"
		INCRBYFLOAT x "1 "
		INCRBYFLOAT x "1\x00"
		INCRBYFLOAT x "\x00"
		INCRBYFLOAT x +1
		INCRBYFLOAT x .5
		INCRBYFLOAT x 5.
		INCRBYFLOAT x .
		INCRBYFLOAT x 1e
		INCRBYFLOAT x 1e+
		INCRBYFLOAT x 1_000
		INCRBYFLOAT x 1,5
		INCRBYFLOAT x 00000000000000000000000001
		INCRBYFLOAT x -0.0
		GET x
		SET z 0
		INCRBYFLOAT z -1e-20
		INCRBYFLOAT z -0
		SET s abc
		INCRBYFLOAT s 1
		SET s inf
		INCRBYFLOAT s 1
		SET s 1e5000
		INCRBYFLOAT s 1
		SET s 1e-5000
		INCRBYFLOAT s 1
		SET s 0e5000
		INCRBYFLOAT s 1
		SET s ""
		INCRBYFLOAT s 1
		SET big 1.18973149535723176502e+4932
		INCRBYFLOAT big 0
		INCRBYFLOAT big 1e4931
		SET tiny 3.6e-4951
		INCRBYFLOAT tiny 0
		INCRBYFLOAT tiny -3.6e-4951
		!list l
		INCRBYFLOAT l 1
		INCRBYFLOAT l abc
	`))
}

// TestIncrbyfloatLongTexts checks Redis's 5120-byte limit on the texts
// INCRBYFLOAT reads, in the key and in the argument.
func TestIncrbyfloatLongTexts(t *testing.T) {
	forBothProtocols(t, func(t *testing.T, p *redistest.Pair, e *Engine) {
		for _, n := range []int{5117, 5118, 5119, 5120, 6000} {
			long := strings.Repeat("0", n-2) + "1" + "5"
			p.Check("SET", "f", long)
			p.Check("INCRBYFLOAT", "f", "1")
			p.Check("INCRBYFLOAT", "g", long)
			p.Check("INCRBYFLOAT", "g", "0."+long[:n-2])
		}
	})
}

// TestIncrbyfloatRandom compares INCRBYFLOAT on random numbers of every
// shape: its long double arithmetic and formatting must match to the
// last digit.
func TestIncrbyfloatRandom(t *testing.T) {
	p, _ := newPair(t)
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 3000; i++ {
		if i%20 == 0 {
			p.Check("SET", "f", randomFloatText(r))
		}
		p.Check("INCRBYFLOAT", "f", randomFloatText(r))
	}
}

// randomFloatText returns a number text of some shape INCRBYFLOAT may
// meet: integers, decimals of many digits, exponents near the limits,
// hex floats, and malformed or special values.
func randomFloatText(r *rand.Rand) string {
	sign := []string{"", "-", "+"}[r.Intn(3)]
	digits := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteByte(byte('0' + r.Intn(10)))
		}
		return b.String()
	}
	switch r.Intn(12) {
	case 0:
		return strconv.FormatInt(r.Int63()-r.Int63(), 10)
	case 1:
		return sign + strconv.FormatFloat(r.NormFloat64()*1e6, 'f', r.Intn(20), 64)
	case 2:
		return sign + digits(1+r.Intn(30)) + "." + digits(r.Intn(30))
	case 3:
		return sign + digits(1+r.Intn(20)) + "e" + strconv.Itoa(r.Intn(9900)-4950)
	case 4:
		return sign + "0." + digits(r.Intn(40)) + "e-" + strconv.Itoa(4900+r.Intn(60))
	case 5:
		return sign + fmt.Sprintf("0x%x.%xp%d", r.Uint32(), r.Uint32(), r.Intn(200)-100)
	case 6:
		return sign + strconv.Itoa(r.Intn(1000)) + "." + strconv.Itoa(r.Intn(1000))
	case 7:
		return []string{"inf", "-inf", "nan", "abc", "", " 1", "1 ", "1e", ".", "0x", "1.5.5", "--1", "1e99999", "1e-99999", "0e99999", "4932e1"}[r.Intn(16)]
	case 8:
		return sign + digits(1+r.Intn(300))
	case 9:
		return sign + "0.000" + digits(1+r.Intn(25))
	case 10:
		return fmt.Sprintf("%s%d.%de%d", sign, r.Intn(10), r.Intn(1000000), r.Intn(40)-20)
	}
	return sign + strconv.FormatFloat(r.ExpFloat64(), 'g', -1, 64)
}

// TestStringCommandsRandom runs random sequences of the string commands,
// with random option lists (valid or not), values and numbers near the
// limits, comparing every reply and the encodings left behind.
func TestStringCommandsRandom(t *testing.T) {
	forBothProtocols(t, func(t *testing.T, p *redistest.Pair, e *Engine) {
		r := rand.New(rand.NewSource(6))
		makeList(t, p, e, "l")
		for i := 0; i < 3000; i++ {
			p.Check(randomStringCommand(r)...)
		}
	})
}

// TestStringSideEffectsRandom runs random string commands through the
// side-effect comparison: notifications, counters and AOF effects.
func TestStringSideEffectsRandom(t *testing.T) {
	s := newSideEffects(t)
	s.do("RPUSH", "l", "element")
	r := rand.New(rand.NewSource(7))
	for i := 0; i < 1000 && !t.Failed(); i++ {
		s.do(randomStringCommand(r)...)
	}
}

// randomStringCommand returns a random string command on the keys a, b,
// c, nokey and l (a list, when the test made one).
func randomStringCommand(r *rand.Rand) []string {
	keys := []string{"a", "b", "c", "nokey", "l"}
	key := keys[r.Intn(len(keys))]
	value := func() string {
		switch r.Intn(6) {
		case 0:
			return strconv.FormatInt(r.Int63()-r.Int63(), 10)
		case 1:
			return strconv.Itoa(r.Intn(200) - 100)
		case 2:
			return strings.Repeat("x", r.Intn(60))
		case 3:
			return randomFloatText(r)
		case 4:
			return []string{"", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "+1", "01", " 1", "1.0"}[r.Intn(8)]
		}
		b := make([]byte, r.Intn(10))
		r.Read(b)
		return string(b)
	}
	number := func() string {
		switch r.Intn(4) {
		case 0:
			return strconv.FormatInt(r.Int63()-r.Int63(), 10)
		case 1:
			return []string{"9223372036854775807", "-9223372036854775808", "0", "-1", "abc", "1.5", ""}[r.Intn(7)]
		}
		return strconv.Itoa(r.Intn(2000) - 1000)
	}
	// No TTL is short enough to run out during a test, where the two
	// sides would see it run out at different instants.
	ttl := func() string {
		return []string{"100000", "0", "-5", "abc", "1.5", "9223372036854775807"}[r.Intn(6)]
	}
	setOptions := func() []string {
		var opts []string
		names := []string{"NX", "XX", "GET", "KEEPTTL", "EX", "PX", "EXAT", "PXAT", "PERSIST", "nx", "ex", "bad"}
		for n := r.Intn(4); n > 0; n-- {
			opt := names[r.Intn(len(names))]
			opts = append(opts, opt)
			switch strings.ToUpper(opt) {
			case "EX", "PX":
				if r.Intn(8) > 0 {
					opts = append(opts, ttl())
				}
			case "EXAT", "PXAT":
				if r.Intn(8) > 0 {
					opts = append(opts, []string{"99999999999", "99999999999999", "1", "0", "x"}[r.Intn(5)])
				}
			}
		}
		return opts
	}
	switch r.Intn(20) {
	case 0, 1, 2:
		return append([]string{"SET", key, value()}, setOptions()...)
	case 3:
		return append([]string{"GETEX", key}, setOptions()...)
	case 4:
		return []string{"GETSET", key, value()}
	case 5:
		return []string{"GETDEL", key}
	case 6:
		return []string{"SETNX", key, value()}
	case 7:
		return []string{[]string{"SETEX", "PSETEX"}[r.Intn(2)], key, ttl(), value()}
	case 8:
		cmd := []string{[]string{"MSET", "MSETNX"}[r.Intn(2)]}
		for n := 1 + r.Intn(3); n > 0; n-- {
			cmd = append(cmd, keys[r.Intn(len(keys))], value())
		}
		if r.Intn(10) == 0 {
			cmd = cmd[:len(cmd)-1]
		}
		return cmd
	case 9:
		return []string{"MGET", key, keys[r.Intn(len(keys))], keys[r.Intn(len(keys))]}
	case 10:
		return []string{[]string{"INCR", "DECR"}[r.Intn(2)], key}
	case 11:
		return []string{[]string{"INCRBY", "DECRBY"}[r.Intn(2)], key, number()}
	case 12:
		return []string{"INCRBYFLOAT", key, randomFloatText(r)}
	case 13:
		return []string{"APPEND", key, value()}
	case 14:
		return []string{"STRLEN", key}
	case 15:
		return []string{[]string{"GETRANGE", "SUBSTR"}[r.Intn(2)], key, number(), number()}
	case 16:
		return []string{"SETRANGE", key, strconv.Itoa(r.Intn(50) - 5), value()}
	case 17:
		return []string{"OBJECT", "ENCODING", key}
	}
	return []string{"GET", key}
}

func TestStringErrorsAndArity(t *testing.T) {
	t.Run("arity", scriptTest(`
		GET
		GET a b
		SET a
		SETNX a
		SETNX a b c
		SETEX a 1
		PSETEX a 1
		GETEX
		GETDEL
		GETDEL a b
		GETSET a
		MGET
		MSET
		MSET a
		MSETNX
		APPEND a
		STRLEN
		GETRANGE a 1
		SUBSTR a 1
		SETRANGE a 1
		INCR
		INCR a b
		DECR
		INCRBY a
		DECRBY a
		INCRBYFLOAT a
		LCS a
		SETBIT a 1
		GETBIT a
		BITCOUNT
		BITPOS a
		BITOP AND a
		BITFIELD
		BITFIELD_RO
	`))
}

// encodingOf returns what the engine's OBJECT ENCODING would say of key
// in database 0, read directly.
func encodingOf(e *Engine, key string) string {
	var enc string
	e.Do(func() {
		if o, ok := e.dbs[0].keys.Get(key); ok {
			enc = o.v.encoding()
		}
	})
	return enc
}

// checkEncodings compares the OBJECT ENCODING of keys on both sides.
func checkEncodings(t *testing.T, p *redistest.Pair, _ *Engine, keys ...string) {
	t.Helper()
	for _, key := range keys {
		p.Check("OBJECT", "ENCODING", key)
	}
}

func TestStringEncodings(t *testing.T) {
	p, _ := newPair(t)
	long := strings.Repeat("x", 45)
	steps := [][]string{
		{"SET", "int", "12345"},
		{"SET", "negint", "-9223372036854775808"},
		{"SET", "bigint", "9223372036854775808"},
		{"SET", "plus", "+1"},
		{"SET", "zero", "0"},
		{"SET", "minuszero", "-0"},
		{"SET", "emb", strings.Repeat("x", 44)},
		{"SET", "raw", long},
		{"SET", "e44", "12345678901234567890123456789012345678901234"},
		{"MSET", "m1", "77", "m2", "text"},
		{"SETNX", "nx", "88"},
		{"SETEX", "ex", "100", "99"},
		{"PSETEX", "pex", "100000", "abc"},
		{"GETSET", "gs", "42"},
		{"SET", "sg", "43", "GET"},
		{"INCR", "counter"},
		{"INCRBY", "counter2", "-5"},
		{"SET", "c3", "abc"}, {"SET", "c3", "5"}, {"DECR", "c3"},
		{"INCRBYFLOAT", "f1", "3"},
		{"INCRBYFLOAT", "f2", "1.5"},
		{"SET", "f3", "10"}, {"INCRBYFLOAT", "f3", "0"},
		{"INCRBYFLOAT", "f4", "1e40"},
		{"SET", "ap", "12"}, {"APPEND", "ap", "3"},
		{"APPEND", "apnew", "12"},
		{"APPEND", "apnew2", "hello"},
		{"APPEND", "apnew3", long},
		{"SET", "ape", "12"}, {"APPEND", "ape", ""},
		{"SETRANGE", "sr", "0", "12"},
		{"SET", "sr2", "12"}, {"SETRANGE", "sr2", "0", "3"},
		{"SET", "sr3", "12"}, {"SETRANGE", "sr3", "0", ""},
		{"SETBIT", "sb", "7", "1"},
		{"SET", "sb2", "10"}, {"SETBIT", "sb2", "0", "0"},
		{"SET", "sb3", "10"}, {"GETBIT", "sb3", "0"},
		{"SET", "bf", "10"}, {"BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "300"},
		{"SET", "bf2", "10"}, {"BITFIELD", "bf2", "GET", "u8", "0"},
		{"BITFIELD", "bf3", "SET", "u8", "0", "49"},
		{"SET", "bo1", "1"}, {"BITOP", "OR", "bo", "bo1"},
		{"SET", "gx", "12"}, {"GETEX", "gx", "EX", "100"},
	}
	for _, s := range steps {
		p.Check(s...)
	}
	var keys []string
	for _, s := range steps {
		if s[0] != "GETBIT" {
			keys = append(keys, s[1])
		}
	}
	keys = append(keys, "bo", "m2")
	checkEncodings(t, p, nil, keys...)
}

func BenchmarkGet(b *testing.B) {
	e := newTestEngine(b)
	c := e.NewClient(ClientOptions{})
	c.Do("SET", "key", "value")
	req := resp.AppendCommand(nil, []byte("GET"), []byte("key"))
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		_, out, _ = c.Exchange(req, out[:0])
	}
}

func BenchmarkSet(b *testing.B) {
	e := newTestEngine(b)
	c := e.NewClient(ClientOptions{})
	req := resp.AppendCommand(nil, []byte("SET"), []byte("key"), []byte("value"))
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		_, out, _ = c.Exchange(req, out[:0])
	}
}

func BenchmarkIncr(b *testing.B) {
	e := newTestEngine(b)
	c := e.NewClient(ClientOptions{})
	req := resp.AppendCommand(nil, []byte("INCR"), []byte("counter"))
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		_, out, _ = c.Exchange(req, out[:0])
	}
	if !bytes.HasPrefix(out, []byte(":")) {
		b.Fatalf("unexpected reply %q", out)
	}
}

// TestStringSideEffects compares the notifications, change counts, AOF
// effects and TTLs of every string command's paths.
func TestStringSideEffects(t *testing.T) {
	s := newSideEffects(t)
	runSideEffectScript(t, s, `
		SET k v
		SET k v2 GET
		SET k v3 get GET
		SET k v4 NX
		SET k v4 NX GET
		SET k v5 XX
		SET nokey v XX GET
		SET k v EX 100
		!ttl k
		SET k v KEEPTTL
		!ttl k
		SET k v
		!ttl k
		SET k v PX 100000 GET
		!ttl k
		SET k v EXAT 99999999999
		!ttl k
		SET k v PXAT 99999999999999 GET XX
		SET k v EX 0
		SET k v EX abc
		SET k v bogus
		SETNX k v
		SETNX k2 v
		SETEX k3 100 v
		!ttl k3
		PSETEX k4 100000 v
		!ttl k4
		SETEX k3 0 v
		GET k
		GETEX k
		GETEX k EX 200
		!ttl k
		GETEX k PX 200000
		GETEX k EXAT 99999999999
		GETEX k PXAT 99999999999999
		!ttl k
		GETEX k PERSIST
		!ttl k
		GETEX k PERSIST
		GETEX nokey EX 10
		GETEX k EX 0
		GETEX k EXAT 1
		GET k
		SET k v
		GETEX k PXAT 1
		GETSET k v
		GETSET k w
		SET t v EX 100
		GETSET t w
		!ttl t
		GETDEL t
		GETDEL t
		MSET a 1 b 2 a 3
		MSETNX a 1 c 3
		MSETNX c 3 d 4
		APPEND a x
		APPEND newa x
		APPEND newa ""
		SETRANGE a 0 y
		SETRANGE a 0 ""
		SETRANGE none 0 ""
		SETRANGE none 2 abc
		SETRANGE none -1 abc
		SET i 1 EX 100
		INCR i
		!ttl i
		DECR i
		INCRBY i 10
		DECRBY i 5
		INCRBY i 9223372036854775807
		DECRBY i -9223372036854775808
		INCR none2
		INCRBYFLOAT f 1.5
		SET f 10 EX 100
		INCRBYFLOAT f 0.25
		!ttl f
		INCRBYFLOAT f 1e-17
		INCRBYFLOAT f abc
		INCRBYFLOAT f inf
		MGET a b f
		STRLEN a
		GETRANGE a 0 -1
		SET past v PXAT 1
		GET past
		SET past v PXAT 1
		INCR past
		SET past v PXAT 1
		APPEND past x
		SET past v PXAT 1
		SET past w NX
		SET past v PXAT 1
		MSETNX past 1
		SET past v PXAT 1
		GETEX past PERSIST
		RPUSH l x
		SET l v GET
		GETSET l v
		INCR l
		INCRBYFLOAT l 1
		APPEND l x
		SETRANGE l 0 x
		GETDEL l
		GETEX l PERSIST
		MSETNX l 1 m 2
		MULTI
		SET k v EX 100
		INCRBYFLOAT f 2
		GETEX k PERSIST
		SET k v2 GET
		GETDEL a
		EXEC
		MULTI
		SET k v EX 0
		INCR k2
		EXEC
	`)
}
