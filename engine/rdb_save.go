package engine

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/redwasm/redwasm/engine/rdb"
)

// Writing RDB: the dataset as Redis 7.0 writes dump.rdb, an AOF base file
// or a DUMP payload. Every value gets the RDB type and encoding Redis 7.0
// would give it in the same OBJECT ENCODING, so that a DUMP here is byte
// for byte a DUMP there and a file written here is a file Redis writes.

// rdbEncoder encodes values. It holds the settings that decide how (string
// compression, how a list splits into quicklist nodes and which nodes
// Redis keeps compressed) and scratch space reused from value to value.
type rdbEncoder struct {
	compress bool // rdbcompression
	// listDepth is list-compress-depth: a quicklist keeps its nodes LZF
	// compressed except the listDepth nodes at each end.
	listDepth int

	lp      rdb.ListpackBuilder
	lpBuf   []byte
	scratch []byte // compressed quicklist nodes
}

func (e *Engine) newRDBEncoder() *rdbEncoder {
	return &rdbEncoder{compress: e.cfg.persist.rdbCompression, listDepth: e.cfg.listCompressDepth}
}

// rdbTypeOf returns the RDB type Redis 7.0 writes for v.
func rdbTypeOf(v value) rdb.Type {
	switch v := v.(type) {
	case *stringValue:
		return rdb.TypeString
	case *listValue:
		return rdb.TypeListQuicklist2
	case *setValue:
		if v.table == nil {
			return rdb.TypeSetIntset
		}
		return rdb.TypeSet
	case *hashValue:
		if v.table == nil {
			return rdb.TypeHashListpack
		}
		return rdb.TypeHash
	case *zsetValue:
		if v.tree == nil {
			return rdb.TypeZSetListpack
		}
		return rdb.TypeZSet2
	case *streamValue:
		return rdb.TypeStreamListpacks2
	}
	panic(fmt.Sprintf("engine: no RDB type for %T", v))
}

// appendValue appends the encoding of v that follows its type byte.
func (enc *rdbEncoder) appendValue(dst []byte, v value) []byte {
	switch v := v.(type) {
	case *stringValue:
		return rdb.AppendString(dst, v.b, enc.compress)
	case *listValue:
		return enc.appendList(dst, v)
	case *setValue:
		return enc.appendSet(dst, v)
	case *hashValue:
		return enc.appendHash(dst, v)
	case *zsetValue:
		return enc.appendZset(dst, v)
	case *streamValue:
		return enc.appendStream(dst, v)
	}
	panic(fmt.Sprintf("engine: no RDB encoding for %T", v))
}

// appendBlob appends a string Redis writes with rdbSaveRawString.
func (enc *rdbEncoder) appendBlob(dst, b []byte) []byte {
	return rdb.AppendString(dst, b, enc.compress)
}

func (enc *rdbEncoder) appendStr(dst []byte, s string) []byte {
	return rdb.AppendString(dst, []byte(s), enc.compress)
}

// startListpack empties the listpack builder, reusing its storage.
func (enc *rdbEncoder) startListpack() *rdb.ListpackBuilder {
	enc.lp.Reset(enc.lpBuf)
	return &enc.lp
}

// finishListpack returns the built listpack; it stays valid until the
// next startListpack.
func (enc *rdbEncoder) finishListpack() []byte {
	b := enc.lp.Finish()
	enc.lpBuf = b
	return b
}

// Quicklist node rules of Redis 7.0 (quicklist.c).
const (
	// quicklistPackedThreshold is the element size from which an element
	// gets a plain node of its own instead of a place in a listpack.
	quicklistPackedThreshold = 1 << 30
	// quicklistMinCompressBytes is the smallest node Redis compresses, and
	// quicklistMinCompressImprove what compression must save.
	quicklistMinCompressBytes   = 48
	quicklistMinCompressImprove = 8
	quicklistFillMax            = 1<<15 - 1
)

// listNode is one quicklist node of a list as Redis would hold it: the
// elements [from, to) of the list, packed in a listpack or, for one huge
// element, plain.
type listNode struct {
	from, to int
	plain    bool
}

// quicklistNodes splits l into the nodes Redis would hold for it: those
// its layout followed through its history (quicklist_layout.go), or, for
// a list whose layout is not known, the nodes Redis builds when elements
// are pushed at the tail one by one: a node takes elements while
// _quicklistNodeAllowInsert lets it, under the list's fill.
func quicklistNodes(l *listValue) []listNode {
	if l.layout.total() == l.n {
		nodes := make([]listNode, 0, l.layout.n)
		from := 0
		l.layout.each(func(nd qlNode) {
			nodes = append(nodes, listNode{from: from, to: from + nd.count, plain: nd.plain})
			from += nd.count
		})
		return nodes
	}
	fill := l.fill()
	var nodes []listNode
	sz, count := 0, 0
	for i := 0; i < l.n; i++ {
		elem := l.at(i)
		if len(elem) >= quicklistPackedThreshold {
			nodes = append(nodes, listNode{from: i, to: i + 1, plain: true})
			count = 0
			continue
		}
		if count > 0 && quicklistNodeAccepts(sz, count, len(elem), fill) {
			sz += listpackEntrySize(elem)
			count++
			nodes[len(nodes)-1].to = i + 1
			continue
		}
		nodes = append(nodes, listNode{from: i, to: i + 1})
		sz, count = listpackEmpty+listpackEntrySize(elem), 1
	}
	return nodes
}

// appendList writes a list as a quicklist 2: the node count, then per
// node its container and its listpack (or plain element). Nodes Redis
// would keep compressed (list-compress-depth) are written as the LZF
// blobs Redis holds; the others go through rdbSaveRawString, which may
// compress them too.
func (enc *rdbEncoder) appendList(dst []byte, l *listValue) []byte {
	nodes := quicklistNodes(l)
	dst = rdb.AppendLength(dst, uint64(len(nodes)))
	for i, node := range nodes {
		if node.plain {
			dst = rdb.AppendLength(dst, rdb.ContainerPlain)
			dst = enc.appendStr(dst, l.at(node.from))
			continue
		}
		dst = rdb.AppendLength(dst, rdb.ContainerPacked)
		lp := enc.startListpack()
		for j := node.from; j < node.to; j++ {
			lp.AppendString([]byte(l.at(j)))
		}
		packed := enc.finishListpack()
		if enc.nodeCompressed(i, len(nodes)) && len(packed) >= quicklistMinCompressBytes {
			out, ok := rdb.CompressLZF(enc.scratch[:0], packed, len(packed))
			enc.scratch = out
			if ok && len(out)+quicklistMinCompressImprove < len(packed) {
				dst = rdb.AppendLZFString(dst, out, len(packed))
				continue
			}
		}
		dst = enc.appendBlob(dst, packed)
	}
	return dst
}

// nodeCompressed reports whether Redis keeps node i of n compressed: with
// a compress depth d, every node but the d first and d last, once the
// list has at least 2d nodes.
func (enc *rdbEncoder) nodeCompressed(i, n int) bool {
	d := enc.listDepth
	return d > 0 && n >= 2*d && i >= d && i < n-d
}

func (enc *rdbEncoder) appendSet(dst []byte, s *setValue) []byte {
	if s.table == nil {
		width := max(int(s.intWidth), rdb.IntsetWidth(s.ints))
		blob := rdb.AppendIntset(enc.lpBuf[:0], s.ints, width)
		enc.lpBuf = blob
		return enc.appendBlob(dst, blob)
	}
	dst = rdb.AppendLength(dst, uint64(s.table.Len()))
	s.table.Each(func(m string, _ struct{}) bool {
		dst = enc.appendStr(dst, m)
		return true
	})
	return dst
}

func (enc *rdbEncoder) appendHash(dst []byte, h *hashValue) []byte {
	if h.table == nil {
		lp := enc.startListpack()
		for _, p := range h.pairs {
			lp.AppendString([]byte(p.field))
			lp.AppendString([]byte(p.value))
		}
		return enc.appendBlob(dst, enc.finishListpack())
	}
	dst = rdb.AppendLength(dst, uint64(h.table.Len()))
	h.table.Each(func(f, v string) bool {
		dst = enc.appendStr(dst, f)
		dst = enc.appendStr(dst, v)
		return true
	})
	return dst
}

// appendZset writes a listpack of member, score pairs, or, for the
// skiplist encoding, the members from the highest to the lowest (Redis
// walks its skiplist backwards so that loading inserts at the head) with
// binary scores.
func (enc *rdbEncoder) appendZset(dst []byte, z *zsetValue) []byte {
	if z.tree == nil {
		lp := enc.startListpack()
		var buf [32]byte
		for _, e := range z.entries {
			lp.AppendString([]byte(e.member))
			lp.AppendString(appendListpackScore(buf[:0], e.score))
		}
		return enc.appendBlob(dst, enc.finishListpack())
	}
	dst = rdb.AppendLength(dst, uint64(z.tree.length))
	for p := z.tree.last(); p.ok(); p = p.prev() {
		dst = enc.appendStr(dst, p.member())
		dst = rdb.AppendBinaryDouble(dst, p.score())
	}
	return dst
}

// dumpPayload is DUMP's reply: the type byte, the value, the RDB version
// and the CRC64 of it all (createDumpPayload).
func (e *Engine) dumpPayload(v value) []byte {
	enc := e.newRDBEncoder()
	payload := []byte{byte(rdbTypeOf(v))}
	payload = enc.appendValue(payload, v)
	return rdb.AppendDumpFooter(payload)
}

// A dataset is what an RDB file holds: the databases, each with its keys,
// values, expiry times and access clocks. It is either the live keyspace
// (SAVE, with the engine locked throughout) or a copy taken at one instant
// (BGSAVE and AOF rewrites, written while clients go on).
type dataset struct {
	dbs       []datasetDB
	functions []string // FUNCTION library sources
	now       int64    // unix ms the dataset stands for
	aux       rdbAux
}

type datasetDB struct {
	id      int
	keys    int // number of keys
	expires int // number of keys with a TTL
	// each calls fn for every key until fn returns false.
	each func(fn func(key string, o object, expire int64) bool)
}

// rdbAux is what the header's aux fields and the per-key access
// information depend on.
type rdbAux struct {
	ctime   int64  // unix seconds
	usedMem uint64 // used-mem
	policy  int    // maxmemory-policy, deciding LRU or LFU records
	lruNow  uint32 // LRU clock at the instant of the dataset
	lfu     func(lru uint32) int
	idle    func(lru uint32) int64
}

// liveDataset is the keyspace itself; it is valid while the engine stays
// locked.
func (e *Engine) liveDataset() *dataset {
	ds := &dataset{now: e.now, aux: e.rdbAux(), functions: e.functionSources()}
	for _, db := range e.dbs {
		db := db
		ds.dbs = append(ds.dbs, datasetDB{
			id: db.id, keys: db.keys.Len(), expires: db.expires.Len(),
			each: func(fn func(string, object, int64) bool) {
				db.keys.Each(func(key string, o object) bool {
					expire := int64(-1)
					if db.expires.Len() > 0 {
						if when, ok := db.expires.Get(key); ok {
							expire = when
						}
					}
					return fn(key, o, expire)
				})
			},
		})
	}
	return ds
}

// snapshotEntry is one key of a copied dataset.
type snapshotEntry struct {
	key string
	v   value
	lru uint32
}

// snapshotDataset takes the dataset as it is now for a background job to
// write without the lock while clients go on, as a fork gives Redis's
// child process: the keys, their values and access clocks are listed
// (keys are immutable strings, and values are shared: copy on write,
// see Engine.unshare) and the TTLs copied. It starts a copy-on-write
// generation that the job's end closes.
func (e *Engine) snapshotDataset() *dataset {
	e.shareDataset()
	ds := &dataset{now: e.now, aux: e.rdbAux(), functions: e.functionSources()}
	for _, db := range e.dbs {
		entries := make([]snapshotEntry, 0, db.keys.Len())
		db.keys.Each(func(key string, o object) bool {
			entries = append(entries, snapshotEntry{key: key, v: o.v, lru: o.lru})
			return true
		})
		expires := make(map[string]int64, db.expires.Len())
		db.expires.Each(func(key string, when int64) bool {
			expires[key] = when
			return true
		})
		ds.dbs = append(ds.dbs, datasetDB{
			id: db.id, keys: len(entries), expires: len(expires),
			each: func(fn func(string, object, int64) bool) {
				for _, en := range entries {
					expire := int64(-1)
					if len(expires) > 0 {
						if when, ok := expires[en.key]; ok {
							expire = when
						}
					}
					if !fn(en.key, object{v: en.v, lru: en.lru}, expire) {
						return
					}
				}
			},
		})
	}
	return ds
}

// rdbAux captures the header fields and the access-clock rules now, so
// that a copied dataset is written as it was when copied.
func (e *Engine) rdbAux() rdbAux {
	policy := e.cfg.maxmemoryPolicy
	lruNow, lfuNow, decay := e.lruClock(), e.lfuMinutes(), e.cfg.lfuDecayTime
	return rdbAux{
		ctime:   e.now / 1000,
		usedMem: uint64(e.usedMemory()),
		policy:  policy,
		lruNow:  lruNow,
		idle: func(lru uint32) int64 {
			if lruNow >= lru {
				return int64(lruNow - lru)
			}
			return int64(lruNow + (lruClockMax - lru))
		},
		lfu: func(lru uint32) int { return lfuDecayed(lru, lfuNow, decay) },
	}
}

// lfuDecayed is an LFU counter after the decay for the minutes since its
// last access, as seen at minute now (Redis's LFUDecrAndReturn).
func lfuDecayed(lru, now uint32, decayTime int) int {
	last, counter := lru>>8, int(lru&0xff)
	elapsed := now - last
	if now < last {
		elapsed = 0xffff - last + now
	}
	if decayTime > 0 {
		counter -= min(counter, int(elapsed)/decayTime)
	}
	return counter
}

// rdbFileOptions say what kind of file is written.
type rdbFileOptions struct {
	aofBase  bool // the base of an AOF (aux field aof-base 1)
	checksum bool // rdbchecksum: write the CRC64, or 0
}

// writeRDB writes ds as an RDB file, as rdbSaveRio does: header, aux
// fields, function libraries, then each non-empty database (SELECTDB,
// RESIZEDB, its keys), EOF and the checksum. progress, if set, is called
// with the number of keys written every so often.
func (enc *rdbEncoder) writeRDB(w io.Writer, ds *dataset, opts rdbFileOptions, progress func(keys int64)) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	rw := rdb.NewWriter(bw)
	buf := rdb.AppendFileHeader(make([]byte, 0, 4096))
	buf = appendAux(buf, "redis-ver", RedisVersion)
	buf = appendAuxInt(buf, "redis-bits", strconv.IntSize)
	buf = appendAuxInt(buf, "ctime", ds.aux.ctime)
	buf = appendAuxInt(buf, "used-mem", int64(ds.aux.usedMem))
	aofBase := int64(0)
	if opts.aofBase {
		aofBase = 1
	}
	buf = appendAuxInt(buf, "aof-base", aofBase)
	for _, code := range ds.functions {
		buf = append(buf, rdb.OpFunction2)
		buf = enc.appendStr(buf, code)
	}
	rw.Write(buf)

	saveLRU := policyTracksLRU(ds.aux.policy)
	saveLFU := policyTracksLFU(ds.aux.policy)
	var written int64
	var err error
	for _, db := range ds.dbs {
		if db.keys == 0 {
			continue
		}
		buf = append(buf[:0], rdb.OpSelectDB)
		buf = rdb.AppendLength(buf, uint64(db.id))
		buf = append(buf, rdb.OpResizeDB)
		buf = rdb.AppendLength(buf, uint64(db.keys))
		buf = rdb.AppendLength(buf, uint64(db.expires))
		if _, err = rw.Write(buf); err != nil {
			return err
		}
		db.each(func(key string, o object, expire int64) bool {
			buf = buf[:0]
			if expire >= 0 {
				buf = append(buf, rdb.OpExpireTimeMs)
				buf = rdb.AppendMillisecondTime(buf, expire)
			}
			if saveLRU {
				buf = append(buf, rdb.OpIdle)
				buf = rdb.AppendLength(buf, uint64(ds.aux.idle(o.lru)))
			}
			if saveLFU {
				buf = append(buf, rdb.OpFreq, byte(ds.aux.lfu(o.lru)))
			}
			buf = append(buf, byte(rdbTypeOf(o.v)))
			buf = enc.appendStr(buf, key)
			buf = enc.appendValue(buf, o.v)
			if _, err = rw.Write(buf); err != nil {
				return false
			}
			written++
			if progress != nil && written%1024 == 0 {
				progress(written)
			}
			if cap(buf) > 1<<20 {
				buf = make([]byte, 0, 4096) // let a huge value's buffer go
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	if opts.checksum {
		err = rw.WriteEOF()
	} else {
		_, err = rw.Write([]byte{rdb.OpEOF, 0, 0, 0, 0, 0, 0, 0, 0})
	}
	if err != nil {
		return err
	}
	if progress != nil {
		progress(written)
	}
	return bw.Flush()
}

func appendAux(dst []byte, name, value string) []byte {
	dst = append(dst, rdb.OpAux)
	dst = rdb.AppendString(dst, []byte(name), true)
	return rdb.AppendString(dst, []byte(value), true)
}

func appendAuxInt(dst []byte, name string, v int64) []byte {
	dst = append(dst, rdb.OpAux)
	dst = rdb.AppendString(dst, []byte(name), true)
	return rdb.AppendInt(dst, v)
}

// policyTracksLRU and policyTracksLFU tell whether keys carry an LRU clock
// or an LFU counter under a maxmemory policy, the records an RDB file
// keeps for them (Redis's MAXMEMORY_FLAG_LRU and MAXMEMORY_FLAG_LFU).
func policyTracksLRU(policy int) bool {
	p := maxmemoryPolicies[policy]
	return p == "volatile-lru" || p == "allkeys-lru"
}

func policyTracksLFU(policy int) bool {
	p := maxmemoryPolicies[policy]
	return p == "volatile-lfu" || p == "allkeys-lfu"
}

// SaveRDB writes the whole dataset to w as an RDB file, as Redis 7.0's SAVE
// writes dump.rdb. The engine is locked while it writes: commands wait.
// Hosts that must not block use a Persistence's background save.
func (e *Engine) SaveRDB(w io.Writer) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refreshNow()
	return e.newRDBEncoder().writeRDB(w, e.liveDataset(), rdbFileOptions{checksum: e.cfg.persist.rdbChecksum}, nil)
}
