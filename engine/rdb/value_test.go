package rdb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
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

// unordered puts a set's members and a hash's pairs in a canonical order:
// once loaded, their order depends on how Redis stores them, not on the
// payload.
func unordered(v testValue) testValue {
	switch v.kind {
	case "set":
		v.elems = slices.Sorted(slices.Values(v.elems))
	case "hash":
		var pairs []string
		for i := 0; i+1 < len(v.elems); i += 2 {
			pairs = append(pairs, v.elems[i]+"\x00"+v.elems[i+1])
		}
		v.elems = slices.Sorted(slices.Values(pairs))
	}
	return v
}

// TestRedisRestoreOldEncodings builds payloads in the encodings Redis 7.0
// no longer writes but still loads, has Redis RESTORE them, and compares
// what Redis then holds with what the decoders here read.
func TestRedisRestoreOldEncodings(t *testing.T) {
	rc := redis(t)
	rc.must("SELECT", 4)
	rc.must("FLUSHDB")
	defer rc.must("FLUSHDB")
	bs := func(elems ...string) []byte { return []byte(strings.Join(elems, "")) }
	blob := func(typ Type, b []byte) []byte { return append([]byte{byte(typ)}, AppendString(nil, b, true)...) }
	list := []string{"a", "0", "12", "13", "-1", "-128", "1000", "-70000", "2147483648", strings.Repeat("s", 300), "", "007"}
	pairs := []string{"f1", "v1", "n", "42", "neg", "-7", "big", strings.Repeat("w", 260), "", "empty field"}
	zpairs := []string{"m1", "-2.5", "m2", "0", "m3", "1", "m4", "1.5", "m5", "100000"}
	withStrings := func(typ Type, elems []string, per int) []byte {
		b := AppendLength([]byte{byte(typ)}, uint64(len(elems)/per))
		for _, e := range elems {
			b = AppendString(b, bs(e), true)
		}
		return b
	}
	withDoubles := func(typ Type, bin bool) []byte {
		b := AppendLength([]byte{byte(typ)}, uint64(len(zpairs)/2))
		for i := 0; i < len(zpairs); i += 2 {
			f, _ := strconv.ParseFloat(zpairs[i+1], 64)
			b = AppendString(b, bs(zpairs[i]), true)
			if bin {
				b = AppendBinaryDouble(b, f)
			} else {
				b = AppendStringDouble(b, f)
			}
		}
		return b
	}
	quicklist := AppendLength([]byte{byte(TypeListQuicklist)}, 2)
	quicklist = AppendString(quicklist, encodeZiplist(list[:5]...), true)
	quicklist = AppendString(quicklist, encodeZiplist(list[5:]...), true)
	plainNode := AppendLength([]byte{byte(TypeListQuicklist2)}, 2)
	plainNode = AppendString(AppendLength(plainNode, ContainerPacked), buildListpack("x", "y"), true)
	plainNode = AppendString(AppendLength(plainNode, ContainerPlain), bs(strings.Repeat("plain", 10)), true)

	for name, body := range map[string][]byte{
		"zipmap":             blob(TypeHashZipmap, encodeZipmap(0, pairs...)),
		"zipmap free":        blob(TypeHashZipmap, encodeZipmap(2, pairs...)),
		"list ziplist":       blob(TypeListZiplist, encodeZiplist(list...)),
		"zset ziplist":       blob(TypeZSetZiplist, encodeZiplist(zpairs...)),
		"hash ziplist":       blob(TypeHashZiplist, encodeZiplist(pairs...)),
		"quicklist":          quicklist,
		"quicklist2 plain":   plainNode,
		"list":               withStrings(TypeList, list, 1),
		"set":                withStrings(TypeSet, []string{"x", "y", "1", "-5"}, 1),
		"int set":            withStrings(TypeSet, []string{"3", "1", "2"}, 1),
		"hash":               withStrings(TypeHash, pairs, 2),
		"zset string double": withDoubles(TypeZSet, false),
		"zset binary double": withDoubles(TypeZSet2, true),
	} {
		for _, version := range []uint16{6, 9, Version} {
			payload := withVersion(body, version)
			key := name + ":" + strconv.Itoa(int(version))
			if reply := rc.do("RESTORE", key, 0, payload); fmt.Sprint(reply) != "[79 75]" {
				t.Fatalf("%s: RESTORE said %s", key, reply)
			}
			typ, r, err := OpenDump(payload)
			if err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			got, err := decodeValue(typ, r)
			if err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			if want := commandView(t, rc, key); !sameValue(unordered(got), unordered(want)) {
				t.Errorf("%s: decoded %q\nRedis holds %q", key, got.elems, want.elems)
			}
		}
	}
	// RDB 11 types are unknown to Redis 7.0, and so to OpenDump.
	for _, typ := range []Type{TypeSetListpack, TypeStreamListpacks3} {
		payload := AppendDumpFooter(blob(typ, buildListpack("a")))
		if reply := rc.do("RESTORE", "rdb11", 0, payload); reply != redisError("ERR Bad data format") {
			t.Errorf("type %d: RESTORE said %v", typ, reply)
		}
		if _, _, err := OpenDump(payload); err != ErrBadDataFormat {
			t.Errorf("type %d: OpenDump %v", typ, err)
		}
	}
}

// TestRedisRestoreCorrupt mutates valid listpacks, ziplists, zipmaps,
// intsets and LZF strings, and checks that the parsers here accept exactly
// the payloads Redis (with sanitize-dump-payload yes) accepts, and read
// the same elements from them. RDB_CORRUPT_CASES=n sets the number of
// mutants per kind for longer runs by hand.
func TestRedisRestoreCorrupt(t *testing.T) {
	perKind := 1500
	if n, err := strconv.Atoi(os.Getenv("RDB_CORRUPT_CASES")); err == nil {
		perKind = n
	}
	rc := redis(t)
	rc.must("SELECT", 5)
	rc.must("FLUSHDB")
	defer rc.must("FLUSHDB")
	rng := rand.New(rand.NewPCG(21, 22))
	fixLen := func(b []byte) []byte {
		if len(b) >= 4 {
			binary.LittleEndian.PutUint32(b, uint32(len(b)))
		}
		return b
	}
	// An LZF case is the raw length in 2 bytes, then the compressed data.
	lzfBase := func() []byte {
		s := []byte(strings.Repeat("abcabcabd", 5+rng.IntN(20)))
		c, _ := CompressLZF(nil, s, len(s))
		return append(binary.LittleEndian.AppendUint16(nil, uint16(len(s))), c...)
	}
	lzfFrame := func(b []byte) []byte {
		for len(b) < 2 {
			b = append(b, 0)
		}
		body := []byte{byte(TypeString), lenEnc<<6 | encLZF}
		body = AppendLength(body, uint64(len(b)-2))
		body = AppendLength(body, uint64(binary.LittleEndian.Uint16(b)))
		return append(body, b[2:]...)
	}
	kinds := []struct {
		name  string
		base  func() []byte
		fix   func([]byte) []byte // run on most mutants, to get past the header check
		frame func([]byte) []byte // mutant to payload body
		ours  func([]byte) ([]string, bool)
	}{{
		"listpack",
		func() []byte {
			var elems []string
			for range 1 + rng.IntN(8) {
				elems = append(elems, []string{"a", "77", "-3000", "100000", "", strings.Repeat("x", 70), "9999999999"}[rng.IntN(7)])
			}
			return buildListpack(elems...)
		},
		fixLen,
		func(b []byte) []byte {
			body := AppendLength(AppendLength([]byte{byte(TypeListQuicklist2)}, 1), ContainerPacked)
			return append(AppendLength(body, uint64(len(b))), b...)
		},
		func(b []byte) ([]string, bool) {
			lp, err := ParseListpack(b)
			if err != nil || lp.Len() == 0 {
				return nil, false
			}
			var out []string
			for e := range lp.Entries() {
				out = append(out, e.String())
			}
			return out, true
		},
	}, {
		"ziplist",
		func() []byte {
			var elems []string
			for range 1 + rng.IntN(8) {
				elems = append(elems, []string{"a", "7", "-3000", "100000", "", strings.Repeat("x", 260), "9999999999"}[rng.IntN(7)])
			}
			return encodeZiplist(elems...)
		},
		fixLen,
		func(b []byte) []byte {
			return append(AppendLength([]byte{byte(TypeListZiplist)}, uint64(len(b))), b...)
		},
		func(b []byte) ([]string, bool) {
			zl, err := ParseZiplist(b)
			if err != nil || zl.Len() == 0 {
				return nil, false
			}
			var out []string
			for e := range zl.Entries() {
				out = append(out, e.String())
			}
			return out, true
		},
	}, {
		"zipmap",
		func() []byte {
			var kv []string
			for i := range 1 + rng.IntN(5) {
				kv = append(kv, "k"+strconv.Itoa(i), []string{"v", "", "12", strings.Repeat("y", 256)}[rng.IntN(4)])
			}
			return encodeZipmap(rng.IntN(3), kv...)
		},
		func(b []byte) []byte { return b },
		func(b []byte) []byte {
			return append(AppendLength([]byte{byte(TypeHashZipmap)}, uint64(len(b))), b...)
		},
		func(b []byte) ([]string, bool) {
			zm, err := ParseZipmap(b)
			if err != nil {
				return nil, false
			}
			var out []string
			seen := map[string]bool{}
			for k, v := range zm.Pairs() {
				if seen[string(k)] {
					return nil, false // Redis refuses duplicate fields
				}
				seen[string(k)] = true
				out = append(out, string(k), string(v))
			}
			return out, true
		},
	}, {
		"intset",
		func() []byte {
			vals := map[int64]bool{}
			for range 1 + rng.IntN(6) {
				vals[int64(rng.IntN(200000))-100000] = true
			}
			sorted := slices.Sorted(func(yield func(int64) bool) {
				for v := range vals {
					if !yield(v) {
						return
					}
				}
			})
			return AppendIntset(nil, sorted, IntsetWidth(sorted))
		},
		func(b []byte) []byte { return b },
		func(b []byte) []byte {
			return append(AppendLength([]byte{byte(TypeSetIntset)}, uint64(len(b))), b...)
		},
		func(b []byte) ([]string, bool) {
			s, err := ParseIntset(b)
			if err != nil {
				return nil, false
			}
			var out []string
			for v := range s.Values() {
				out = append(out, strconv.FormatInt(v, 10))
			}
			return out, true
		},
	}, {
		"lzf",
		lzfBase,
		func(b []byte) []byte { return b },
		lzfFrame,
		func(b []byte) ([]string, bool) {
			s, err := NewReader(bytes.NewReader(lzfFrame(b)[1:])).ReadString()
			return []string{string(s)}, err == nil
		},
	}}

	// Edge cases found by reading the validators, checked against Redis too.
	edges := map[string][][]byte{
		"listpack": {
			{0x09, 0, 0, 0, 1, 0, 0x80, 0x81, 0xff},            // backlen reading back into the header
			{0x0b, 0, 0, 0, 1, 0, 0x81, 'a', 0x02, 0xff, 0xff}, // end marker inside
			{0x09, 0, 0, 0, 0xff, 0xff, 0x01, 0x01, 0xff},      // count unknown
			{0x07, 0, 0, 0, 0, 0, 0xff},                        // no entries
		},
	}

	for _, k := range kinds {
		accepted, rejected := 0, 0
		var cases [][]byte
		for range perKind {
			b := k.base()
			for range 1 + rng.IntN(3) {
				b = mutate(rng, b)
			}
			if rng.IntN(4) != 0 {
				b = k.fix(b)
			}
			cases = append(cases, b)
		}
		cases = append(cases, edges[k.name]...)
		for i, b := range cases {
			key := k.name + ":" + strconv.Itoa(i)
			reply := rc.do("RESTORE", key, 0, AppendDumpFooter(k.frame(b)))
			redisOK := fmt.Sprint(reply) == "[79 75]"
			if !redisOK && reply != redisError("ERR Bad data format") {
				t.Fatalf("%s %x: RESTORE said %v", k.name, b, reply)
			}
			elems, ok := k.ours(b)
			if ok != redisOK {
				t.Errorf("%s %.100x: Redis accepts %v, we accept %v", k.name, b, redisOK, ok)
				continue
			}
			if !ok {
				rejected++
				continue
			}
			accepted++
			if want := commandView(t, rc, key); !slices.Equal(unordered(testValue{want.kind, elems}).elems, unordered(want).elems) {
				t.Errorf("%s %.100x: decoded %.100q, Redis holds %.100q", k.name, b, elems, want.elems)
			}
		}
		t.Logf("%s: %d accepted, %d rejected, all as Redis did", k.name, accepted, rejected)
		if accepted < 20 || rejected < 20 {
			t.Errorf("%s: %d accepted, %d rejected: the mutations are not testing much", k.name, accepted, rejected)
		}
	}
}

// mutate applies one random change to b: a byte set to a random or an
// interesting value, or a byte inserted or removed.
func mutate(rng *rand.Rand, b []byte) []byte {
	b = slices.Clone(b)
	interesting := []byte{0x00, 0x01, 0x02, 0x3f, 0x40, 0x7f, 0x80, 0x81, 0xbf, 0xc0, 0xd0, 0xe0, 0xe1, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xfd, 0xfe, 0xff}
	if len(b) == 0 {
		return append(b, interesting[rng.IntN(len(interesting))])
	}
	i := rng.IntN(len(b))
	switch rng.IntN(5) {
	case 0:
		b[i] = byte(rng.Uint32())
	case 1, 2:
		b[i] = interesting[rng.IntN(len(interesting))]
	case 3:
		b = slices.Insert(b, i, interesting[rng.IntN(len(interesting))])
	default:
		b = slices.Delete(b, i, i+1)
	}
	return b
}
