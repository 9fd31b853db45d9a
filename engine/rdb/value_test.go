package rdb

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// These tests put the primitives together the way an RDB writer and loader
// will, and hold them to real Redis: every value Redis 7.0 can hold is
// DUMPed by Redis, rebuilt here from what commands report about it, and
// compared byte for byte; every payload is also decoded here and compared
// with the commands' view.

// testValue is a decoded value: its kind and its elements in storage
// order, flattened (hash: field, value, ...; zset: member, score, ...).
type testValue struct {
	kind  string
	elems []string
}

// decodeValue loads a value of any type Redis 7.0 writes or still reads,
// except streams and modules.
func decodeValue(typ Type, r *Reader) (testValue, error) {
	readStrings := func(n uint64, per int) ([]string, error) {
		var out []string
		for i := uint64(0); i < n; i++ {
			for range per {
				s, err := r.ReadString()
				if err != nil {
					return nil, err
				}
				out = append(out, string(s))
			}
		}
		return out, nil
	}
	readScored := func(n uint64, binary bool) ([]string, error) {
		var out []string
		for i := uint64(0); i < n; i++ {
			m, err := r.ReadString()
			if err != nil {
				return nil, err
			}
			var f float64
			if binary {
				f, err = r.ReadBinaryDouble()
			} else {
				f, err = r.ReadStringDouble()
			}
			if err != nil {
				return nil, err
			}
			out = append(out, string(m), strconv.FormatFloat(f, 'g', -1, 64))
		}
		return out, nil
	}
	blob := func() ([]byte, error) { return r.ReadString() }
	listpackOf := func(b []byte, pairs bool) ([]string, error) {
		lp, err := ParseListpack(b)
		if err != nil {
			return nil, err
		}
		if lp.Len() == 0 || pairs && lp.Len()%2 != 0 {
			return nil, errors.New("empty or odd listpack")
		}
		var out []string
		for e := range lp.Entries() {
			out = append(out, e.String())
		}
		return out, nil
	}
	ziplistOf := func(b []byte, pairs bool) ([]string, error) {
		zl, err := ParseZiplist(b)
		if err != nil {
			return nil, err
		}
		if pairs && zl.Len()%2 != 0 {
			return nil, errors.New("odd ziplist")
		}
		var out []string
		for e := range zl.Entries() {
			out = append(out, e.String())
		}
		return out, nil
	}

	v := testValue{}
	var err error
	switch typ {
	case TypeString:
		v.kind = "string"
		var s []byte
		s, err = r.ReadString()
		v.elems = []string{string(s)}
	case TypeList, TypeSet, TypeHash:
		v.kind = map[Type]string{TypeList: "list", TypeSet: "set", TypeHash: "hash"}[typ]
		var n uint64
		if n, err = r.ReadLength(); err == nil {
			v.elems, err = readStrings(n, map[bool]int{true: 2, false: 1}[typ == TypeHash])
		}
	case TypeZSet, TypeZSet2:
		v.kind = "zset"
		var n uint64
		if n, err = r.ReadLength(); err == nil {
			v.elems, err = readScored(n, typ == TypeZSet2)
		}
	case TypeHashZipmap:
		v.kind = "hash"
		var b []byte
		if b, err = blob(); err == nil {
			var zm Zipmap
			if zm, err = ParseZipmap(b); err == nil {
				for k, val := range zm.Pairs() {
					v.elems = append(v.elems, string(k), string(val))
				}
			}
		}
	case TypeSetIntset:
		v.kind = "set"
		var b []byte
		if b, err = blob(); err == nil {
			var s Intset
			if s, err = ParseIntset(b); err == nil {
				for i := range s.Values() {
					v.elems = append(v.elems, strconv.FormatInt(i, 10))
				}
			}
		}
	case TypeListZiplist, TypeZSetZiplist, TypeHashZiplist:
		v.kind = map[Type]string{TypeListZiplist: "list", TypeZSetZiplist: "zset", TypeHashZiplist: "hash"}[typ]
		var b []byte
		if b, err = blob(); err == nil {
			v.elems, err = ziplistOf(b, typ != TypeListZiplist)
		}
	case TypeHashListpack, TypeZSetListpack:
		v.kind = map[Type]string{TypeHashListpack: "hash", TypeZSetListpack: "zset"}[typ]
		var b []byte
		if b, err = blob(); err == nil {
			v.elems, err = listpackOf(b, true)
		}
	case TypeListQuicklist, TypeListQuicklist2:
		v.kind = "list"
		var n uint64
		n, err = r.ReadLength()
		for i := uint64(0); err == nil && i < n; i++ {
			container := uint64(ContainerPacked)
			if typ == TypeListQuicklist2 {
				if container, err = r.ReadLength(); err != nil {
					break
				}
			}
			var b []byte
			if b, err = blob(); err != nil {
				break
			}
			var elems []string
			switch {
			case container == ContainerPlain:
				elems = []string{string(b)}
			case container != ContainerPacked:
				err = fmt.Errorf("container %d", container)
			case typ == TypeListQuicklist:
				elems, err = ziplistOf(b, false)
			default:
				elems, err = listpackOf(b, false)
			}
			v.elems = append(v.elems, elems...)
		}
	default:
		err = fmt.Errorf("type %d not supported by the test loader", typ)
	}
	return v, err
}

// commandView returns a key's value as commands report it, in the order
// decodeValue reports elements.
func commandView(t *testing.T, rc *redisConn, key string) testValue {
	t.Helper()
	kind := string(rc.must("TYPE", key).([]byte))
	enc := string(rc.must("OBJECT", "ENCODING", key).([]byte))
	v := testValue{kind: kind}
	switch kind {
	case "string":
		v.elems = []string{string(rc.must("GET", key).([]byte))}
	case "list":
		v.elems = replyStrings(t, rc.must("LRANGE", key, 0, -1))
	case "set":
		v.elems = replyStrings(t, rc.must("SMEMBERS", key))
	case "hash":
		v.elems = replyStrings(t, rc.must("HGETALL", key))
	case "zset":
		// The listpack keeps ascending order; the skiplist is written from
		// the highest score down.
		cmd := "ZRANGE"
		if enc == "skiplist" {
			cmd = "ZREVRANGE"
		}
		v.elems = replyStrings(t, rc.must(cmd, key, 0, -1, "WITHSCORES"))
	default:
		t.Fatalf("%s: type %s", key, kind)
	}
	return v
}

// sameValue compares a decoded value with the command view, scores by
// value.
func sameValue(a, b testValue) bool {
	if a.kind != b.kind || len(a.elems) != len(b.elems) {
		return false
	}
	for i := range a.elems {
		if a.kind == "zset" && i%2 == 1 {
			x, err1 := strconv.ParseFloat(a.elems[i], 64)
			y, err2 := strconv.ParseFloat(b.elems[i], 64)
			if err1 != nil || err2 != nil || x != y {
				return false
			}
		} else if a.elems[i] != b.elems[i] {
			return false
		}
	}
	return true
}

// expectedBody encodes a key's value as Redis 7.0 does, from what commands
// report. A list's split into nodes is the list type's business, so it is
// taken from Redis's own payload (nodeSizes); which nodes are compressed
// follows list-compress-depth, and lzfNodes counts them.
func expectedBody(t *testing.T, rc *redisConn, key string, compress bool, compressDepth int, intsetWidth int, lzfNodes *int) []byte {
	t.Helper()
	v := commandView(t, rc, key)
	enc := string(rc.must("OBJECT", "ENCODING", key).([]byte))
	bs := func(s string) []byte { return []byte(s) }
	listpackOf := func(elems []string) []byte {
		var b ListpackBuilder
		for _, e := range elems {
			b.AppendString(bs(e))
		}
		return b.Finish()
	}
	switch v.kind + "/" + enc {
	case "string/raw", "string/embstr", "string/int":
		return AppendString([]byte{byte(TypeString)}, bs(v.elems[0]), compress)
	case "hash/listpack":
		return AppendString([]byte{byte(TypeHashListpack)}, listpackOf(v.elems), compress)
	case "zset/listpack":
		return AppendString([]byte{byte(TypeZSetListpack)}, listpackOf(v.elems), compress)
	case "hash/hashtable", "set/hashtable":
		typ, per := TypeHash, 2
		if v.kind == "set" {
			typ, per = TypeSet, 1
		}
		out := AppendLength([]byte{byte(typ)}, uint64(len(v.elems)/per))
		for _, e := range v.elems {
			out = AppendString(out, bs(e), compress)
		}
		return out
	case "zset/skiplist":
		out := AppendLength([]byte{byte(TypeZSet2)}, uint64(len(v.elems)/2))
		for i := 0; i < len(v.elems); i += 2 {
			score, err := strconv.ParseFloat(v.elems[i+1], 64)
			if err != nil {
				t.Fatal(err)
			}
			out = AppendBinaryDouble(AppendString(out, bs(v.elems[i]), compress), score)
		}
		return out
	case "set/intset":
		vals := make([]int64, len(v.elems))
		for i, e := range v.elems {
			vals[i], _ = strconv.ParseInt(e, 10, 64)
		}
		return AppendString([]byte{byte(TypeSetIntset)}, AppendIntset(nil, vals, max(intsetWidth, IntsetWidth(vals))), compress)
	case "list/quicklist":
		sizes := nodeSizes(t, rc.must("DUMP", key).([]byte))
		out := AppendLength([]byte{byte(TypeListQuicklist2)}, uint64(len(sizes)))
		elems := v.elems
		for i, n := range sizes {
			lp := listpackOf(elems[:n])
			elems = elems[n:]
			out = AppendLength(out, ContainerPacked)
			inner := compressDepth > 0 && i >= compressDepth && i < len(sizes)-compressDepth
			// quicklist compresses a node of 48 bytes or more when that
			// saves more than 8 bytes, with lzf allowed the node's size.
			if c, ok := CompressLZF(nil, lp, len(lp)); inner && len(lp) >= 48 && ok && len(c)+8 < len(lp) {
				out = AppendLZFString(out, c, len(lp))
				*lzfNodes++
			} else {
				out = AppendString(out, lp, compress)
			}
		}
		return out
	}
	t.Fatalf("%s: no encoder for %s/%s", key, v.kind, enc)
	return nil
}

// nodeSizes returns the number of elements in each node of a quicklist
// DUMP payload.
func nodeSizes(t *testing.T, payload []byte) []int {
	t.Helper()
	typ, r, err := OpenDump(payload)
	if err != nil || typ != TypeListQuicklist2 {
		t.Fatalf("not a quicklist: %d %v", typ, err)
	}
	n, _ := r.ReadLength()
	var sizes []int
	for range n {
		if c, _ := r.ReadLength(); c != ContainerPacked {
			t.Fatalf("container %d", c)
		}
		b, err := r.ReadString()
		if err != nil {
			t.Fatal(err)
		}
		lp, err := ParseListpack(b)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, lp.Len())
	}
	return sizes
}

// fillKeys creates one key of every encoding Redis 7.0 has, and returns
// the intset width each set key must keep.
func fillKeys(t *testing.T, rc *redisConn, rng *rand.Rand) map[string]int {
	pick := func(pool []string) string { return pool[rng.IntN(len(pool))] }
	values := []string{
		"", "0", "-1", "7", "127", "128", "-4096", "4095", "32767", "-32769", "8388608", "100000",
		"2147483647", "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808",
		"12345678901", "007", "-0", "+1", "1.5", "a", "hello world", "ümlaut", "\x00\xff binary",
		strings.Repeat("x", 63), strings.Repeat("y", 64), strings.Repeat("abc", 21),
	}
	long := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdefghij0123456789 "[rng.IntN(21)]
		}
		return string(b)
	}
	for i, v := range append(values, long(100), long(5000), strings.Repeat("z", 100000)) {
		rc.must("SET", "str:"+strconv.Itoa(i), v)
	}
	rc.must("SET", "str:int", 12345)
	rc.must("INCRBY", "str:int", 1<<40)

	for h := range 12 {
		key := "hash:" + strconv.Itoa(h)
		fields := 1 + rng.IntN(40)
		if h == 10 {
			fields = 200 // hashtable
		}
		for f := range fields {
			field := pick(values) + strconv.Itoa(f)
			if rng.IntN(3) == 0 {
				field = strconv.Itoa(rng.IntN(1 << (rng.IntN(40) + 1)))
			}
			rc.must("HSET", key, field, pick(values))
		}
		if h == 11 {
			rc.must("HSET", key, "big", long(100)) // hashtable by value size
		}
	}

	scores := []string{"0", "1", "-1", "1.5", "0.1", "-2.25", "3.1415926535897931", "1e-7", "100000",
		"1e20", "9007199254740993", "4503599627370496", "-4503599627370495", "inf", "-inf", "12345678901"}
	for z := range 8 {
		key := "zset:" + strconv.Itoa(z)
		n := 1 + rng.IntN(30)
		if z == 7 {
			n = 200 // skiplist
		}
		for m := range n {
			member := pick(values) + "#" + strconv.Itoa(m)
			score := pick(scores)
			if rng.IntN(2) == 0 {
				score = strconv.FormatFloat(rng.NormFloat64()*1000, 'g', -1, 64)
			}
			rc.must("ZADD", key, score, member)
		}
	}
	rc.must("ZADD", "zset:big", 1, long(100)) // skiplist by member size

	widths := map[string]int{}
	for s, limit := range []int{100, 40000, 1 << 40, 0} {
		key := "set:int:" + strconv.Itoa(s)
		for range 1 + rng.IntN(50) {
			v := int64(rng.IntN(2*limit+1)) - int64(limit)
			rc.must("SADD", key, v)
		}
	}
	// Intsets widen and never narrow.
	rc.must("SADD", "set:int:sticky", 1, 2, 100000)
	rc.must("SREM", "set:int:sticky", 100000)
	widths["set:int:sticky"] = 4
	rc.must("SADD", "set:str", "a", "b", "1", "hello")
	for i := range 600 {
		rc.must("SADD", "set:bigint", i*7)
	}

	for l := range 6 {
		key := "list:" + strconv.Itoa(l)
		n := 1 + rng.IntN(20)
		if l >= 4 {
			n = 3000 // several nodes
		}
		for range n {
			rc.must("RPUSH", key, pick(values))
		}
	}
	rc.must("RPUSH", "list:dups", "a", "a", "b", "a", "1", "1")
	rc.must("RPUSH", "list:bigelem", "a", long(9000), "b", strings.Repeat("c", 5000))
	return widths
}

func TestRedisDumpValues(t *testing.T) {
	rc := redis(t)
	rc.must("SELECT", 3)
	rc.must("FLUSHDB")
	defer rc.must("FLUSHDB")
	defer rc.must("CONFIG", "SET", "rdbcompression", "yes")
	defer rc.must("CONFIG", "SET", "list-compress-depth", "0")
	widths := fillKeys(t, rc, rand.New(rand.NewPCG(11, 12)))
	keys := replyStrings(t, rc.must("KEYS", "*"))
	slices.Sort(keys)
	encodings := map[string]int{}
	for _, setting := range []struct {
		compress bool
		depth    int
	}{{true, 0}, {false, 0}, {true, 1}, {true, 2}} {
		rc.must("CONFIG", "SET", "rdbcompression", map[bool]string{true: "yes", false: "no"}[setting.compress])
		rc.must("CONFIG", "SET", "list-compress-depth", setting.depth)
		// Compression depth applies when a list changes: touch each list.
		for _, key := range keys {
			if strings.HasPrefix(key, "list:") {
				rc.must("RPUSH", key, "tmp")
				rc.must("RPOP", key)
			}
		}
		lzfNodes := 0
		for _, key := range keys {
			dump := rc.must("DUMP", key).([]byte)
			want := AppendDumpFooter(expectedBody(t, rc, key, setting.compress, setting.depth, widths[key], &lzfNodes))
			if !bytes.Equal(dump, want) {
				t.Errorf("%s (compress %v, depth %d):\nRedis %.300x\nours  %.300x", key, setting.compress, setting.depth, dump, want)
				continue
			}
			typ, r, err := OpenDump(dump)
			if err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			got, err := decodeValue(typ, r)
			if err != nil || !sameValue(got, commandView(t, rc, key)) {
				t.Errorf("%s: decoded %v, %v", key, got, err)
			}
			encodings[string(rc.must("OBJECT", "ENCODING", key).([]byte))]++
		}
		if setting.depth > 0 && lzfNodes == 0 {
			t.Errorf("depth %d: no compressed list node", setting.depth)
		}
	}
	for _, enc := range []string{"embstr", "raw", "int", "listpack", "hashtable", "skiplist", "intset", "quicklist"} {
		if encodings[enc] == 0 {
			t.Errorf("no key had encoding %s", enc)
		}
	}
	t.Logf("%d keys x 4 settings compared; encodings %v", len(keys), encodings)
}
