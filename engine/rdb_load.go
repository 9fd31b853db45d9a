package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"unsafe"

	"github.com/redwasm/redwasm/engine/rdb"
)

// Loading RDB: whatever Redis 7.0 loads, from a file or a RESTORE payload,
// in every encoding it ever wrote (RDB versions 1 to 10), into the
// engine's values, in the encodings Redis 7.0 would give them after
// loading. Input is never trusted: every blob is checked whole before use
// (as Redis does with sanitize-dump-payload yes, here always), lengths are
// never allocated before their bytes arrive, and anything malformed is an
// error wrapping rdb.ErrCorrupt.

// errEmptyKey is a collection stored without elements. Redis refuses it in
// a RESTORE payload and skips it in a file.
var errEmptyKey = fmt.Errorf("%w: empty keys are not allowed", rdb.ErrCorrupt)

// loadLimits are the encoding thresholds a loaded value is held to.
type loadLimits struct {
	hashEntries int
	hashValue   int64
	setInts     int
	zset        zsetLimits
	listFill    int
}

func (e *Engine) loadLimits() loadLimits {
	return loadLimits{
		hashEntries: e.cfg.hashMaxListpackEntries,
		hashValue:   e.cfg.hashMaxListpackValue,
		setInts:     min(e.cfg.setMaxIntsetEntries, intsetLimit),
		zset:        e.zsetLimits(),
		listFill:    e.cfg.listMaxListpackSize,
	}
}

// valueLoader decodes values of any RDB type from r.
type valueLoader struct {
	r   *rdb.Reader
	lim loadLimits
}

func corruptf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", rdb.ErrCorrupt, fmt.Sprintf(format, args...))
}

// load reads a value of type t.
func (l *valueLoader) load(t rdb.Type) (value, error) {
	switch t {
	case rdb.TypeString:
		b, err := l.r.ReadString()
		if err != nil {
			return nil, err
		}
		return &stringValue{b: b}, nil
	case rdb.TypeList:
		return l.loadPlainList()
	case rdb.TypeListZiplist:
		return l.loadZiplistList()
	case rdb.TypeListQuicklist, rdb.TypeListQuicklist2:
		return l.loadQuicklist(t == rdb.TypeListQuicklist2)
	case rdb.TypeSet:
		return l.loadPlainSet()
	case rdb.TypeSetIntset:
		return l.loadIntset()
	case rdb.TypeHash:
		return l.loadPlainHash()
	case rdb.TypeHashZipmap, rdb.TypeHashZiplist, rdb.TypeHashListpack:
		return l.loadPackedHash(t)
	case rdb.TypeZSet, rdb.TypeZSet2:
		return l.loadPlainZset(t == rdb.TypeZSet2)
	case rdb.TypeZSetZiplist, rdb.TypeZSetListpack:
		return l.loadPackedZset(t == rdb.TypeZSetListpack)
	case rdb.TypeStreamListpacks, rdb.TypeStreamListpacks2:
		return l.loadStream(t == rdb.TypeStreamListpacks2)
	case rdb.TypeModule2, rdb.TypeModulePreGA:
		return nil, l.r.ReadModuleID(false)
	}
	return nil, corruptf("unknown RDB value type %d", t)
}

// readLength reads a count of elements; lengths are hints, never
// allocations, so any value is accepted here.
func (l *valueLoader) readLength() (int, error) {
	n, err := l.r.ReadLength()
	if err != nil {
		return 0, err
	}
	if n > math.MaxInt32*8 {
		return 0, corruptf("length %d out of range", n)
	}
	return int(n), nil
}

// readBlob reads a string holding a listpack, ziplist, zipmap or intset.
func (l *valueLoader) readBlob() ([]byte, error) { return l.r.ReadString() }

func (l *valueLoader) newList() *listValue { return &listValue{fillSetting: l.lim.listFill} }

func (l *valueLoader) loadPlainList() (value, error) {
	n, err := l.readLength()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errEmptyKey
	}
	list := l.newList()
	for range n {
		b, err := l.r.ReadString()
		if err != nil {
			return nil, err
		}
		list.Push(listTail, string(b))
	}
	return list, nil
}

func (l *valueLoader) loadZiplistList() (value, error) {
	b, err := l.readBlob()
	if err != nil {
		return nil, err
	}
	zl, err := rdb.ParseZiplist(b)
	if err != nil {
		return nil, err
	}
	if zl.Len() == 0 {
		return nil, errEmptyKey
	}
	list := l.newList()
	for e := range zl.Entries() {
		list.Push(listTail, e.String())
	}
	return list, nil
}

// loadQuicklist reads a list of nodes: ziplists (RDB 7 to 9) or, in
// quicklist 2, listpacks and plain elements, each after its container.
// Empty nodes are skipped, as Redis skips them.
func (l *valueLoader) loadQuicklist(v2 bool) (value, error) {
	n, err := l.readLength()
	if err != nil {
		return nil, err
	}
	list := l.newList()
	var fileNodes []qlNode // a quicklist 2 keeps the nodes it loads
	for range n {
		container := uint64(rdb.ContainerPacked)
		if v2 {
			if container, err = l.r.ReadLength(); err != nil {
				return nil, err
			}
			if container != rdb.ContainerPacked && container != rdb.ContainerPlain {
				return nil, corruptf("quicklist integrity check failed")
			}
		}
		b, err := l.readBlob()
		if err != nil {
			return nil, err
		}
		switch {
		case container == rdb.ContainerPlain:
			list.Push(listTail, string(b))
			fileNodes = append(fileNodes, qlNode{count: 1, sz: len(b), plain: true})
		case v2:
			lp, err := rdb.ParseListpack(b)
			if err != nil {
				return nil, err
			}
			if lp.Len() == 0 {
				continue // Redis skips empty nodes
			}
			for e := range lp.Entries() {
				list.Push(listTail, e.String())
			}
			fileNodes = append(fileNodes, qlNode{count: lp.Len(), sz: len(b)})
		default:
			zl, err := rdb.ParseZiplist(b)
			if err != nil {
				return nil, err
			}
			if zl.Len() == 0 {
				continue // Redis skips empty nodes
			}
			from := list.n
			for e := range zl.Entries() {
				list.Push(listTail, e.String())
			}
			// Each ziplist becomes a listpack node of its own.
			fileNodes = append(fileNodes, qlNode{count: zl.Len(), sz: segmentSize(list, from, list.n)})
		}
	}
	if list.Len() == 0 {
		return nil, errEmptyKey
	}
	list.layout = layoutOf(fileNodes)
	return list, nil
}

// loadPlainSet reads a set stored as its members. Like Redis it becomes
// an intset when it is small enough and every member is an integer.
func (l *valueLoader) loadPlainSet() (value, error) {
	n, err := l.readLength()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errEmptyKey
	}
	s := &setValue{}
	if n > l.lim.setInts {
		s.table = &dict[struct{}]{}
	}
	for range n {
		b, err := l.r.ReadString()
		if err != nil {
			return nil, err
		}
		if s.table == nil {
			if v, ok := rdb.ParseInt64(b); ok {
				i, found := slices.BinarySearch(s.ints, v)
				if found {
					return nil, corruptf("duplicate set members detected")
				}
				s.ints = slices.Insert(s.ints, i, v)
				continue
			}
			s.convert()
		}
		if !s.table.Set(string(b), struct{}{}) {
			return nil, corruptf("duplicate set members detected")
		}
	}
	if s.table == nil {
		s.intWidth = uint8(rdb.IntsetWidth(s.ints))
	}
	return s, nil
}

func (l *valueLoader) loadIntset() (value, error) {
	b, err := l.readBlob()
	if err != nil {
		return nil, err
	}
	is, err := rdb.ParseIntset(b)
	if err != nil {
		return nil, err
	}
	s := &setValue{ints: make([]int64, 0, is.Len()), intWidth: uint8(is.Width())}
	for v := range is.Values() {
		s.ints = append(s.ints, v)
	}
	if len(s.ints) > l.lim.setInts {
		s.convert()
	}
	return s, nil
}

// loadPlainHash reads a hash stored as field, value pairs: a listpack
// while it is within the limits, then a hashtable.
func (l *valueLoader) loadPlainHash() (value, error) {
	n, err := l.readLength()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errEmptyKey
	}
	h := &hashValue{}
	if n > l.lim.hashEntries {
		h.table = &dict[string]{}
	}
	var seen map[string]struct{}
	for range n {
		f, err := l.r.ReadString()
		if err != nil {
			return nil, err
		}
		v, err := l.r.ReadString()
		if err != nil {
			return nil, err
		}
		if h.table == nil && (int64(len(f)) > l.lim.hashValue || int64(len(v)) > l.lim.hashValue) {
			h.convert()
		}
		if h.table != nil {
			if !h.table.Set(string(f), string(v)) {
				return nil, corruptf("duplicate hash fields detected")
			}
			continue
		}
		if seen == nil {
			seen = map[string]struct{}{}
		}
		if _, dup := seen[string(f)]; dup {
			return nil, corruptf("duplicate hash fields detected")
		}
		seen[string(f)] = struct{}{}
		h.pairs = append(h.pairs, hashPair{string(f), string(v)})
	}
	return h, nil
}

// packedPairs reads the field, value pairs of a zipmap, ziplist or
// listpack, checking that they pair up and that no field repeats.
func (l *valueLoader) packedPairs(t rdb.Type) ([][2]string, error) {
	b, err := l.readBlob()
	if err != nil {
		return nil, err
	}
	var pairs [][2]string
	var field string
	odd := false
	add := func(e rdb.Entry) {
		if !odd {
			field = e.String()
		} else {
			pairs = append(pairs, [2]string{field, e.String()})
		}
		odd = !odd
	}
	switch t {
	case rdb.TypeHashZipmap:
		zm, err := rdb.ParseZipmap(b)
		if err != nil {
			return nil, err
		}
		pairs = make([][2]string, 0, zm.Len())
		for k, v := range zm.Pairs() {
			pairs = append(pairs, [2]string{string(k), string(v)})
		}
	case rdb.TypeHashZiplist, rdb.TypeZSetZiplist:
		zl, err := rdb.ParseZiplist(b)
		if err != nil {
			return nil, err
		}
		pairs = make([][2]string, 0, zl.Len()/2)
		for e := range zl.Entries() {
			add(e)
		}
	default:
		lp, err := rdb.ParseListpack(b)
		if err != nil {
			return nil, err
		}
		pairs = make([][2]string, 0, lp.Len()/2)
		for e := range lp.Entries() {
			add(e)
		}
	}
	if odd {
		return nil, corruptf("odd number of entries in a pair encoding")
	}
	if len(pairs) == 0 {
		return nil, errEmptyKey
	}
	if hasDuplicateField(pairs) {
		return nil, corruptf("duplicate fields detected")
	}
	return pairs, nil
}

// hasDuplicateField reports whether a field repeats: by comparing every
// pair while that is cheaper than building a set.
func hasDuplicateField(pairs [][2]string) bool {
	if len(pairs) <= 16 {
		for i := range pairs {
			for j := i + 1; j < len(pairs); j++ {
				if pairs[i][0] == pairs[j][0] {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]struct{}, len(pairs))
	for _, p := range pairs {
		if _, dup := seen[p[0]]; dup {
			return true
		}
		seen[p[0]] = struct{}{}
	}
	return false
}

// loadPackedHash reads a hash stored as a zipmap, ziplist or listpack. It
// stays a listpack unless it has too many fields; a zipmap or ziplist
// with a field or value over hash-max-listpack-value becomes a hashtable
// too.
func (l *valueLoader) loadPackedHash(t rdb.Type) (value, error) {
	pairs, err := l.packedPairs(t)
	if err != nil {
		return nil, err
	}
	h := &hashValue{pairs: make([]hashPair, len(pairs))}
	longest := 0
	for i, p := range pairs {
		h.pairs[i] = hashPair{p[0], p[1]}
		longest = max(longest, len(p[0]), len(p[1]))
	}
	if len(pairs) > l.lim.hashEntries || (t != rdb.TypeHashListpack && int64(longest) > l.lim.hashValue) {
		h.convert()
	}
	return h, nil
}

// loadPlainZset reads a sorted set stored as member, score pairs, scores
// as text (RDB_TYPE_ZSET) or binary (RDB_TYPE_ZSET_2). It becomes a
// listpack when small enough.
func (l *valueLoader) loadPlainZset(binary bool) (value, error) {
	n, err := l.readLength()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errEmptyKey
	}
	var entries []zsetEntry
	seen := map[string]struct{}{}
	for range n {
		m, err := l.r.ReadString()
		if err != nil {
			return nil, err
		}
		var score float64
		if binary {
			score, err = l.r.ReadBinaryDouble()
		} else {
			score, err = l.r.ReadStringDouble()
		}
		if err != nil {
			return nil, err
		}
		if math.IsNaN(score) {
			return nil, corruptf("zset with NAN score detected")
		}
		member := string(m)
		if _, dup := seen[member]; dup {
			return nil, corruptf("duplicate zset fields detected")
		}
		seen[member] = struct{}{}
		entries = append(entries, zsetEntry{member, score})
	}
	return newZsetFromEntries(entries, l.lim.zset), nil
}

// loadPackedZset reads a sorted set stored as a ziplist or listpack of
// member, score pairs. It stays a listpack unless it has more members than
// zset-max-listpack-entries. Scores are read as Redis reads them, the
// longest prefix that is a number.
func (l *valueLoader) loadPackedZset(listpack bool) (value, error) {
	t := rdb.TypeZSetZiplist
	if listpack {
		t = rdb.TypeZSetListpack
	}
	pairs, err := l.packedPairs(t)
	if err != nil {
		return nil, err
	}
	entries := make([]zsetEntry, len(pairs))
	for i, p := range pairs {
		text := p[1][:min(len(p[1]), 127)] // zzlStrtod reads at most 127 bytes
		score, _ := rdb.ParseCDouble([]byte(text))
		if math.IsNaN(score) {
			return nil, corruptf("zset with NAN score detected")
		}
		entries[i] = zsetEntry{p[0], score}
	}
	if len(entries) > l.lim.zset.entries {
		return newZsetFromEntries(entries, zsetLimits{entries: -1}), nil
	}
	return newZsetFromEntries(entries, zsetLimits{entries: len(entries), value: math.MaxInt}), nil
}

// rdbLoadOptions say how a file is loaded.
type rdbLoadOptions struct {
	// keepExpired loads keys whose time has passed, as the base of an AOF
	// is loaded: the log that follows may still rely on them.
	keepExpired bool
	// verifyChecksum compares the CRC64 at the end (rdbchecksum).
	verifyChecksum bool
}

// rdbLoadResult tells what a load found.
type rdbLoadResult struct {
	dbs          []*DB
	functions    []string
	keysLoaded   int64
	keysExpired  int64
	emptySkipped int64
	consumed     int64 // bytes of the input that were the RDB file
	aofBase      bool  // the aux field aof-base was 1
}

// loadRDB reads a whole RDB file into new databases, leaving the engine's
// own untouched: the caller installs them once the file loaded completely.
func (e *Engine) loadRDB(src io.Reader, opts rdbLoadOptions) (*rdbLoadResult, error) {
	r := rdb.NewReader(src)
	version, err := r.ReadFileHeader()
	if err != nil {
		return nil, err
	}
	res := &rdbLoadResult{dbs: make([]*DB, len(e.dbs))}
	for i := range res.dbs {
		res.dbs[i] = newDB(e, i)
	}
	l := &valueLoader{r: r, lim: e.loadLimits()}
	clock := e.loadClock()
	budget := presizeBudget(src)
	db := res.dbs[0]
	expire := int64(-1)
	lruIdle, lfuFreq := int64(-1), -1
	ins := newKeyInserter()
	defer ins.stop()
	for {
		op, err := r.ReadByte()
		if err != nil {
			return nil, err
		}
		switch op {
		case rdb.OpExpireTime:
			s, err := r.ReadSecondTime()
			if err != nil {
				return nil, err
			}
			expire = s * 1000
			continue
		case rdb.OpExpireTimeMs:
			if expire, err = r.ReadMillisecondTime(); err != nil {
				return nil, err
			}
			continue
		case rdb.OpFreq:
			b, err := r.ReadByte()
			if err != nil {
				return nil, err
			}
			lfuFreq = int(b)
			continue
		case rdb.OpIdle:
			n, err := r.ReadLength()
			if err != nil {
				return nil, err
			}
			lruIdle = int64(min(n, math.MaxInt64))
			continue
		case rdb.OpEOF:
			if version >= 5 {
				sum := r.Checksum()
				stored, err := r.ReadMillisecondTime()
				if err != nil {
					return nil, err
				}
				if opts.verifyChecksum && stored != 0 && uint64(stored) != sum {
					return nil, corruptf("wrong RDB checksum expected: (%x) got: (%x)", uint64(stored), sum)
				}
			}
			res.consumed = r.Offset()
			if err := ins.stop(); err != nil {
				return nil, err
			}
			return res, nil
		case rdb.OpSelectDB:
			n, err := r.ReadLength()
			if err != nil {
				return nil, err
			}
			if n >= uint64(len(res.dbs)) {
				return nil, fmt.Errorf("%w: data file was created with a Redis server configured to handle more than %d databases", rdb.ErrCorrupt, len(res.dbs))
			}
			db = res.dbs[n]
			continue
		case rdb.OpResizeDB:
			keys, err := r.ReadLength()
			if err != nil {
				return nil, err
			}
			expires, err := r.ReadLength()
			if err != nil {
				return nil, err
			}
			// The sizes come from the file: each key takes at least 3
			// bytes of it, which bounds what they may reserve.
			ins.add(loadedKey{db: db, presizeKeys: min(keys, budget), presizeExpires: min(expires, budget)})
			budget -= min(keys, budget)
			continue
		case rdb.OpAux:
			name, err := r.ReadString()
			if err != nil {
				return nil, err
			}
			val, err := r.ReadString()
			if err != nil {
				return nil, err
			}
			if string(name) == "aof-base" {
				res.aofBase = string(val) == "1"
			}
			continue
		case rdb.OpModuleAux:
			return nil, r.ReadModuleID(true)
		case rdb.OpFunctionPreGA:
			return nil, corruptf("pre-release function format not supported")
		case rdb.OpFunction2:
			code, err := r.ReadString()
			if err != nil {
				return nil, err
			}
			res.functions = append(res.functions, string(code))
			continue
		}
		t := rdb.Type(op)
		if !rdb.IsObjectType(t) {
			return nil, corruptf("unknown RDB encoding type %d", op)
		}
		key, err := r.ReadString()
		if err != nil {
			return nil, err
		}
		v, err := l.load(t)
		if errors.Is(err, errEmptyKey) {
			res.emptySkipped++
			expire, lruIdle, lfuFreq = -1, -1, -1
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%w (key %q)", err, key)
		}
		if !opts.keepExpired && expire != -1 && expire < e.now {
			res.keysExpired++
			expire, lruIdle, lfuFreq = -1, -1, -1
			continue
		}
		ins.add(loadedKey{db: db, key: ownedString(key), o: object{v: v, lru: clock.of(lruIdle, lfuFreq)}, expire: expire})
		res.keysLoaded++
		expire, lruIdle, lfuFreq = -1, -1, -1
	}
}

// loadedKey is a key decoded from an RDB file, on its way into its
// database; without a value it asks to presize the database's tables.
type loadedKey struct {
	db     *DB
	key    string
	o      object
	expire int64

	presizeKeys, presizeExpires uint64
}

// keyInserter stores decoded keys in their databases on a goroutine of
// its own, with their memory accounted, so that decoding the next keys
// and storing the last ones (hashing, accounting) run at once. Keys go
// over in batches, to keep the hand-over cheap.
type keyInserter struct {
	batch   []loadedKey
	batches chan []loadedKey
	spare   chan []loadedKey
	done    chan error
	stopped bool
	err     error
}

const insertBatch = 256

func newKeyInserter() *keyInserter {
	ins := &keyInserter{
		batch:   make([]loadedKey, 0, insertBatch),
		batches: make(chan []loadedKey, 4),
		spare:   make(chan []loadedKey, 4),
		done:    make(chan error, 1),
	}
	go ins.run()
	return ins
}

func (ins *keyInserter) run() {
	var err error
	for batch := range ins.batches {
		for i := range batch {
			if err == nil {
				err = batch[i].store()
			}
			batch[i] = loadedKey{}
		}
		select {
		case ins.spare <- batch[:0]:
		default:
		}
	}
	ins.done <- err
}

// store puts the key in its database.
func (k *loadedKey) store() error {
	db := k.db
	if k.o.v == nil {
		presize(&db.keys, k.presizeKeys)
		presize(&db.expires, k.presizeExpires)
		return nil
	}
	db.account(k.key, &k.o)
	if !db.keys.Set(k.key, k.o) {
		return corruptf("RDB has duplicated key '%s' in DB %d", k.key, db.id)
	}
	if k.expire != -1 {
		db.expires.Set(k.key, k.expire)
	}
	return nil
}

// add queues a key.
func (ins *keyInserter) add(k loadedKey) {
	ins.batch = append(ins.batch, k)
	if len(ins.batch) == insertBatch {
		ins.batches <- ins.batch
		select {
		case ins.batch = <-ins.spare:
		default:
			ins.batch = make([]loadedKey, 0, insertBatch)
		}
	}
}

// stop stores what is queued, ends the goroutine and returns the first
// error; later calls return the same.
func (ins *keyInserter) stop() error {
	if !ins.stopped {
		ins.stopped = true
		if len(ins.batch) > 0 {
			ins.batches <- ins.batch
		}
		close(ins.batches)
		ins.err = <-ins.done
	}
	return ins.err
}

// presize gives an empty dict room for the number of keys RESIZEDB
// announces.
func presize[V any](d *dict[V], hint uint64) {
	if d.Len() > 0 || hint == 0 {
		return
	}
	size := dictMinSize
	for uint64(size) < hint {
		size *= 2
	}
	d.resize(size)
}

// presizeBudget is how many keys the databases may reserve room for
// ahead of loading them: a third of the input's size when it is known (a
// key takes at least three bytes), else a modest number.
func presizeBudget(src io.Reader) uint64 {
	switch s := src.(type) {
	case interface{ Len() int }:
		return uint64(s.Len()) / 3
	case interface{ Stat() (fs.FileInfo, error) }:
		if st, err := s.Stat(); err == nil && st.Mode().IsRegular() {
			return uint64(st.Size()) / 3
		}
	}
	return 1 << 16
}

// ownedString returns b as a string without copying. b must be a buffer
// nothing else holds or changes, as the strings rdb.Reader returns are.
func ownedString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// accessClocks gives loaded keys their access clocks, with the policy and
// the clocks read once per load.
type accessClocks struct {
	lfu            bool
	lruNow, lfuNow uint32
	newKey         uint32
}

func (e *Engine) loadClock() accessClocks {
	return accessClocks{lfu: e.lfuPolicy(), lruNow: e.lruClock(), lfuNow: e.lfuMinutes(), newKey: e.newAccessClock()}
}

// of is the clock of a key loaded with the idle time (seconds) or LFU
// counter its file or RESTORE gave, or -1 for none (Redis's
// objectSetLRUOrLFU).
func (a accessClocks) of(idle int64, freq int) uint32 {
	if a.lfu {
		if freq >= 0 {
			return a.lfuNow<<8 | uint32(freq)
		}
		return a.newKey
	}
	if idle >= 0 {
		now := int64(a.lruNow)
		abs := now - idle
		if abs < 0 {
			abs = (now + lruClockMax/2) % lruClockMax
		}
		return uint32(abs)
	}
	return a.newKey
}

// installDatasets replaces every database's keys with those loaded, as
// an RDB load does after emptying the dataset.
func (e *Engine) installDatasets(dbs []*DB) {
	for i, db := range e.dbs {
		db.flush()
		// The loader accounted the keys' memory as it stored them.
		db.keys, db.expires, db.mem = dbs[i].keys, dbs[i].expires, dbs[i].mem
	}
}

// LoadRDB replaces the whole dataset with the RDB file read from r, as
// Redis loads dump.rdb at start-up. Keys whose time has passed are not
// loaded. On error nothing changes. FUNCTION libraries in the file go to
// the attached FunctionLibraries; a file with libraries fails to load
// when none is attached. With appendonly on, the AOF is then rewritten
// to hold the new dataset.
func (e *Engine) LoadRDB(r io.Reader) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refreshNow()
	if _, err := e.loadRDBFile(r, rdbLoadOptions{verifyChecksum: e.verifyChecksums()}); err != nil {
		return err
	}
	e.afterImport()
	return nil
}

// loadRDBFile loads and installs an RDB file, functions included.
func (e *Engine) loadRDBFile(r io.Reader, opts rdbLoadOptions) (*rdbLoadResult, error) {
	res, err := e.loadRDB(r, opts)
	if err != nil {
		return nil, err
	}
	if e.persist.funcs != nil {
		e.persist.funcs.Flush()
	}
	if err := e.restoreFunctions(res.functions); err != nil {
		return nil, err
	}
	e.installDatasets(res.dbs)
	e.persist.loadedKeys, e.persist.expiredOnLoad = res.keysLoaded, res.keysExpired
	return res, nil
}

// isRDB reports whether b starts like an RDB file rather than AOF
// commands.
func isRDB(b []byte) bool { return bytes.HasPrefix(b, []byte("REDIS")) }

// formatLoadError turns a load error into a line for the log.
func formatLoadError(err error) string {
	var me *rdb.ModuleError
	if errors.As(err, &me) {
		return me.Error()
	}
	return "Short read or OOM loading DB. Unrecoverable error, aborting now: " + strconv.Quote(err.Error())
}
