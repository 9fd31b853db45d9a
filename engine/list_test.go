package engine

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestListFidelity(t *testing.T) {
	p, e := newPair(t)
	bothProtocols(t, p, func(int) {
		p.Check("HSET", "str", "f", "v")
		// Pushes, lengths, arity and type errors.
		p.Check("LPUSH", "l")
		p.Check("LPUSH", "l", "a", "b", "c")
		p.Check("RPUSH", "l", "d", "e")
		p.Check("LPUSHX", "l", "z")
		p.Check("RPUSHX", "l", "y", "x")
		p.Check("LPUSHX", "nokey", "a")
		p.Check("RPUSHX", "nokey", "a")
		p.Check("EXISTS", "nokey")
		p.Check("LPUSH", "str", "a")
		p.Check("RPUSHX", "str", "a")
		p.Check("LLEN", "l")
		p.Check("LLEN", "nokey")
		p.Check("LLEN", "str")
		p.Check("LLEN")
		p.Check("LRANGE", "l", "0", "-1")
		checkEncodings(t, p, e, "l")

		// LRANGE and LINDEX index arithmetic.
		for _, r := range [][2]string{{"0", "0"}, {"-1", "-1"}, {"-100", "100"}, {"2", "1"}, {"5", "100"}, {"100", "200"},
			{"-3", "-2"}, {"1", "-1"}, {"-9223372036854775808", "9223372036854775807"}, {"0", "-100"}} {
			p.Check("LRANGE", "l", r[0], r[1])
		}
		p.Check("LRANGE", "l", "x", "1")
		p.Check("LRANGE", "l", "0", "1.5")
		p.Check("LRANGE", "nokey", "0", "-1")
		p.Check("LRANGE", "nokey", "x", "-1")
		p.Check("LRANGE", "str", "0", "-1")
		p.Check("LRANGE", "l", "0")
		for _, i := range []string{"0", "3", "-1", "-8", "7", "8", "-9", "9223372036854775807", "-9223372036854775808"} {
			p.Check("LINDEX", "l", i)
		}
		p.Check("LINDEX", "l", "x")
		p.Check("LINDEX", "nokey", "x")
		p.Check("LINDEX", "nokey", "0")
		p.Check("LINDEX", "str", "0")

		// LSET.
		p.Check("LSET", "l", "0", "first")
		p.Check("LSET", "l", "-1", "last")
		p.Check("LSET", "l", "8", "v")
		p.Check("LSET", "l", "-9", "v")
		p.Check("LSET", "l", "x", "v")
		p.Check("LSET", "nokey", "0", "v")
		p.Check("LSET", "nokey", "x", "v")
		p.Check("LSET", "str", "0", "v")
		p.Check("LRANGE", "l", "0", "-1")

		// LINSERT.
		p.Check("LINSERT", "l", "BEFORE", "a", "pre")
		p.Check("LINSERT", "l", "after", "a", "post")
		p.Check("LINSERT", "l", "AFTER", "last", "end")
		p.Check("LINSERT", "l", "before", "first", "start")
		p.Check("LINSERT", "l", "before", "missing", "x")
		p.Check("LINSERT", "l", "middle", "a", "x")
		p.Check("LINSERT", "nokey", "before", "a", "x")
		p.Check("LINSERT", "nokey", "middle", "a", "x")
		p.Check("LINSERT", "str", "before", "a", "x")
		p.Check("LRANGE", "l", "0", "-1")

		// LREM in both directions, with limits.
		p.Check("RPUSH", "r", "a", "b", "a", "c", "a", "b", "a")
		p.Check("LREM", "r", "1", "a")
		p.Check("LRANGE", "r", "0", "-1")
		p.Check("LREM", "r", "-2", "a")
		p.Check("LRANGE", "r", "0", "-1")
		p.Check("LREM", "r", "0", "b")
		p.Check("LRANGE", "r", "0", "-1")
		p.Check("LREM", "r", "-9223372036854775808", "a")
		p.Check("LREM", "r", "0", "nothing")
		p.Check("LREM", "r", "x", "a")
		p.Check("LREM", "nokey", "x", "a")
		p.Check("LREM", "nokey", "1", "a")
		p.Check("LREM", "str", "1", "a")
		p.Check("LREM", "r", "0", "c")
		p.Check("EXISTS", "r")

		// LTRIM.
		p.Check("RPUSH", "t", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
		p.Check("LTRIM", "t", "1", "-2")
		p.Check("LRANGE", "t", "0", "-1")
		p.Check("LTRIM", "t", "-3", "100")
		p.Check("LRANGE", "t", "0", "-1")
		p.Check("LTRIM", "t", "x", "1")
		p.Check("LTRIM", "t", "0", "x")
		p.Check("LTRIM", "nokey", "0", "1")
		p.Check("LTRIM", "str", "0", "1")
		p.Check("LTRIM", "t", "2", "1")
		p.Check("EXISTS", "t")

		// LPOP and RPOP, with and without count.
		p.Check("RPUSH", "p", "a", "b", "c", "d", "e")
		p.Check("LPOP", "p")
		p.Check("RPOP", "p")
		p.Check("LPOP", "p", "0")
		p.Check("LPOP", "p", "2")
		p.Check("RPOP", "p", "1")
		p.Check("LPOP", "p", "-1")
		p.Check("LPOP", "p", "x")
		p.Check("LPOP", "p", "1", "2")
		p.Check("RPOP", "p", "1", "2")
		p.Check("LPOP", "nokey")
		p.Check("RPOP", "nokey")
		p.Check("LPOP", "nokey", "1")
		p.Check("RPOP", "nokey", "0")
		p.Check("LPOP", "nokey", "x")
		p.Check("LPOP", "str")
		p.Check("RPOP", "str", "1")
		p.Check("RPUSH", "p", "x", "y", "z")
		p.Check("RPOP", "p", "10")
		p.Check("EXISTS", "p")
		p.Check("RPUSH", "p", "x")
		p.Check("LPOP", "p")
		p.Check("EXISTS", "p")

		// LPOS.
		p.Check("RPUSH", "q", "a", "b", "c", "a", "b", "a", "c", "a")
		for _, opts := range [][]string{
			{}, {"RANK", "2"}, {"RANK", "-1"}, {"RANK", "-3"}, {"RANK", "5"}, {"RANK", "9223372036854775807"},
			{"RANK", "-9223372036854775808"}, {"COUNT", "0"}, {"COUNT", "2"}, {"COUNT", "2", "RANK", "-1"},
			{"COUNT", "0", "RANK", "2"}, {"COUNT", "0", "MAXLEN", "4"}, {"MAXLEN", "3"}, {"MAXLEN", "1"},
			{"RANK", "-2", "MAXLEN", "4", "COUNT", "5"}, {"rank", "1", "count", "1", "maxlen", "0"},
			{"RANK", "0"}, {"RANK", "x"}, {"COUNT", "-1"}, {"COUNT", "x"}, {"MAXLEN", "-1"}, {"MAXLEN", "x"},
			{"RANK"}, {"COUNT"}, {"BAD", "1"}, {"RANK", "1", "COUNT"},
		} {
			p.Check(append([]string{"LPOS", "q", "a"}, opts...)...)
			p.Check(append([]string{"LPOS", "q", "zz"}, opts...)...)
			p.Check(append([]string{"LPOS", "nokey", "a"}, opts...)...)
		}
		p.Check("LPOS", "str", "a")
		p.Check("LPOS", "q")

		// LMOVE and RPOPLPUSH.
		p.Check("RPUSH", "src", "1", "2", "3")
		for _, ends := range [][2]string{{"LEFT", "LEFT"}, {"LEFT", "RIGHT"}, {"right", "left"}, {"RIGHT", "RIGHT"}} {
			p.Check("LMOVE", "src", "dst", ends[0], ends[1])
			p.Check("LRANGE", "dst", "0", "-1")
		}
		p.Check("LMOVE", "src", "src", "LEFT", "RIGHT")
		p.Check("LRANGE", "src", "0", "-1")
		p.Check("LMOVE", "src", "dst", "UP", "LEFT")
		p.Check("LMOVE", "src", "dst", "LEFT", "UP")
		p.Check("LMOVE", "nokey", "dst", "UP", "LEFT")
		p.Check("LMOVE", "nokey", "dst", "LEFT", "LEFT")
		p.Check("LMOVE", "nokey", "str", "LEFT", "LEFT")
		p.Check("LMOVE", "src", "str", "LEFT", "LEFT")
		p.Check("LMOVE", "str", "dst", "LEFT", "LEFT")
		p.Check("LMOVE", "src", "dst", "LEFT")
		p.Check("RPOPLPUSH", "src", "dst")
		p.Check("RPOPLPUSH", "src", "src")
		p.Check("RPOPLPUSH", "src", "new")
		p.Check("RPOPLPUSH", "nokey", "dst")
		p.Check("RPOPLPUSH", "str", "dst")
		p.Check("RPOPLPUSH", "dst", "str")
		p.Check("EXISTS", "src")
		p.Check("RPUSH", "one", "x")
		p.Check("LMOVE", "one", "one", "RIGHT", "LEFT")
		p.Check("LRANGE", "one", "0", "-1")

		// LMPOP.
		p.Check("RPUSH", "m1", "a", "b", "c")
		p.Check("RPUSH", "m2", "d", "e")
		p.Check("LMPOP", "2", "nokey", "m1", "LEFT")
		p.Check("LMPOP", "2", "nokey", "m1", "RIGHT", "COUNT", "5")
		p.Check("LMPOP", "3", "nokey", "m1", "m2", "right", "count", "1")
		p.Check("LMPOP", "1", "nokey", "LEFT")
		p.Check("LMPOP", "1", "nokey", "LEFT", "COUNT", "2")
		p.Check("LMPOP", "1", "str", "LEFT")
		p.Check("LMPOP", "2", "nokey", "str", "LEFT")
		p.Check("LMPOP", "2", "m2", "str", "LEFT")
		for _, bad := range [][]string{
			{"0", "m2", "LEFT"}, {"-1", "m2", "LEFT"}, {"x", "m2", "LEFT"}, {"2", "m2", "LEFT"},
			{"1", "m2", "UP"}, {"1", "m2", "LEFT", "COUNT"}, {"1", "m2", "LEFT", "COUNT", "0"},
			{"1", "m2", "LEFT", "COUNT", "-1"}, {"1", "m2", "LEFT", "COUNT", "x"}, {"1", "m2", "LEFT", "COUNT", "1", "COUNT", "1"},
			{"1", "m2", "LEFT", "BAD"}, {"9223372036854775807", "m2", "LEFT"}, {"1", "m2"},
		} {
			p.Check(append([]string{"LMPOP"}, bad...)...)
		}
		p.Check("LMPOP", "1", "m2", "LEFT", "COUNT", "9223372036854775807")
		p.Check("EXISTS", "m2")
	})
}

// TestListLongAndBinary covers elements of every size and byte, and lists
// long enough to wrap and resize the ring many times.
func TestListLongAndBinary(t *testing.T) {
	p, _ := newPair(t)
	bothProtocols(t, p, func(int) {
		p.Check("RPUSH", "b", "", "\x00", "\r\n", strings.Repeat("x", 100000), "é")
		p.Check("LRANGE", "b", "0", "-1")
		p.Check("LPOS", "b", "")
		p.Check("LREM", "b", "0", "")
		for i := 0; i < 20; i++ {
			p.Check(cmd("RPUSH", "big", numbered("r", 50))...)
			p.Check(cmd("LPUSH", "big", numbered("l", 50))...)
			p.Check("LPOP", "big", "30")
			p.Check("RPOP", "big", "10")
		}
		p.Check("LRANGE", "big", "0", "-1")
		p.Check("LINSERT", "big", "BEFORE", "r25", "mid")
		p.Check("LINSERT", "big", "AFTER", "l3", "mid2")
		p.Check("LREM", "big", "-5", "r7")
		p.Check("LTRIM", "big", "100", "-100")
		p.Check("LRANGE", "big", "0", "-1")
		p.Check("LINDEX", "big", "333")
		p.Check("LPOS", "big", "r49", "RANK", "-2", "COUNT", "0")
	})
}

// TestListRandomOperations compares random command sequences on a few
// keys, reply by reply.
func TestListRandomOperations(t *testing.T) {
	p, _ := newPair(t)
	rng := rand.New(rand.NewPCG(1, 2))
	keys := []string{"k1", "k2", "k3"}
	elems := []string{"a", "b", "c", "1", "2", ""}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	num := func() string { return []string{"-3", "-1", "0", "1", "2", "5"}[rng.IntN(6)] }
	end := func() string { return pick([]string{"LEFT", "RIGHT"}) }
	bothProtocols(t, p, func(int) {
		for i := 0; i < 1500; i++ {
			k := pick(keys)
			var args []string
			switch rng.IntN(17) {
			case 0:
				args = []string{"LPUSH", k, pick(elems), pick(elems)}
			case 1:
				args = []string{"RPUSH", k, pick(elems)}
			case 2:
				args = []string{"LPUSHX", k, pick(elems)}
			case 3:
				args = []string{"RPOP", k}
			case 4:
				args = []string{"LPOP", k, num()}
			case 5:
				args = []string{"LRANGE", k, num(), num()}
			case 6:
				args = []string{"LINDEX", k, num()}
			case 7:
				args = []string{"LSET", k, num(), pick(elems)}
			case 8:
				args = []string{"LINSERT", k, pick([]string{"BEFORE", "AFTER"}), pick(elems), pick(elems)}
			case 9:
				args = []string{"LREM", k, num(), pick(elems)}
			case 10:
				args = []string{"LTRIM", k, num(), num()}
			case 11:
				args = []string{"LPOS", k, pick(elems), "RANK", pick([]string{"1", "-1", "2"}), "COUNT", num()[1:] + "0"}
			case 12:
				args = []string{"LMOVE", k, pick(keys), end(), end()}
			case 13:
				args = []string{"RPOPLPUSH", k, pick(keys)}
			case 14:
				args = []string{"LMPOP", "2", k, pick(keys), end(), "COUNT", "2"}
			case 15:
				args = []string{"LLEN", k}
			case 16:
				args = []string{"RPUSHX", k, pick(elems), pick(elems), pick(elems)}
			}
			p.Check(args...)
		}
		for _, k := range keys {
			p.Check("LRANGE", k, "0", "-1")
		}
	})
}

// FuzzListValue drives the ring buffer with operations read from the
// input and checks it against a plain slice after each one.
func FuzzListValue(f *testing.F) {
	f.Add([]byte("\x00a\x01b\x02c\x03\x04\x05d\x06e"))
	f.Add([]byte(strings.Repeat("\x00x\x01y", 40) + strings.Repeat("\x03\x04", 30)))
	f.Add([]byte(strings.Repeat("\x05a\x06a\x07", 20)))
	f.Fuzz(func(t *testing.T, ops []byte) {
		l := &listValue{}
		var model []string
		for i := 0; i+1 < len(ops); i += 2 {
			op, arg := ops[i]%8, ops[i+1]
			s := string(rune('a' + arg%4))
			switch op {
			case 0:
				l.Push(listHead, s)
				model = append([]string{s}, model...)
			case 1:
				l.Push(listTail, s)
				model = append(model, s)
			case 2:
				for j := 0; j < int(arg); j++ {
					l.Push(listTail, s)
					model = append(model, s)
				}
			case 3, 4:
				if len(model) == 0 {
					continue
				}
				if op == 3 {
					if got := l.Pop(listHead); got != model[0] {
						t.Fatalf("pop head: %q, want %q", got, model[0])
					}
					model = model[1:]
				} else {
					if got := l.Pop(listTail); got != model[len(model)-1] {
						t.Fatalf("pop tail: %q, want %q", got, model[len(model)-1])
					}
					model = model[:len(model)-1]
				}
			case 5:
				j := int(arg) % (len(model) + 1)
				switch { // before the element at j, or after the last
				case j < len(model):
					l.Insert(j, false, s)
				default:
					l.Insert(max(j-1, 0), j > 0, s)
				}
				model = append(model[:j], append([]string{s}, model[j:]...)...)
			case 6:
				count := int64(arg%7) - 3
				var want int64
				model, want = removeModel(model, s, count)
				if got := l.Remove(s, count); got != want {
					t.Fatalf("remove %q %d: %d, want %d", s, count, got, want)
				}
			case 7:
				from, to := int(arg%4), int(arg/4%4)
				from, to = min(from, len(model)), min(to, len(model)-min(from, len(model)))
				l.Trim(from, to)
				model = model[from : len(model)-to]
			}
			if l.Len() != len(model) {
				t.Fatalf("len %d, want %d", l.Len(), len(model))
			}
			checkLayout(t, l)
			for j, want := range model {
				if got := l.at(j); got != want {
					t.Fatalf("element %d is %q, want %q", j, got, want)
				}
			}
			if len(l.ring) > listMinRing && l.n < len(l.ring)/4 {
				t.Fatalf("ring of %d slots holds only %d elements", len(l.ring), l.n)
			}
		}
	})
}

// removeModel is LREM on a plain slice.
func removeModel(model []string, s string, count int64) ([]string, int64) {
	var removed int64
	keep := make([]bool, len(model))
	for i := range keep {
		keep[i] = true
	}
	for k := range model {
		i := k
		if count < 0 {
			i = len(model) - 1 - k
		}
		if model[i] == s && (count == 0 || removed < max(count, -count)) {
			keep[i] = false
			removed++
		}
	}
	var out []string
	for i, ok := range keep {
		if ok {
			out = append(out, model[i])
		}
	}
	return out, removed
}
