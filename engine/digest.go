package engine

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"

	"github.com/redwasm/redwasm/engine/resp"
)

// DEBUG DIGEST and DIGEST-VALUE: Redis's SHA1 fingerprint of the dataset
// (debug.c's computeDatasetDigest), so that two servers holding the same
// data answer the same 40 hex digits whatever their encodings. Elements
// whose order is not part of the value (set members, hash fields, sorted
// set members) are combined with XOR, which ignores order; list elements
// and a key's parts are mixed in sequence.

type digest [20]byte

// xor folds the SHA1 of b into d.
func (d *digest) xor(b []byte) {
	h := sha1.Sum(b)
	for i := range d {
		d[i] ^= h[i]
	}
}

// mix folds b into d and then replaces d by its own SHA1, so that the
// order of mixes matters.
func (d *digest) mix(b []byte) {
	d.xor(b)
	*d = sha1.Sum(d[:])
}

func (d *digest) mixString(s string) { d.mix([]byte(s)) }

func digestHex(d digest) string { return hex.EncodeToString(d[:]) }

// digestTypeCodes are Redis's object type numbers, which start each
// value's digest.
func digestTypeCode(v value) uint32 {
	switch v.(type) {
	case *stringValue:
		return 0
	case *listValue:
		return 1
	case *setValue:
		return 2
	case *zsetValue:
		return 3
	case *hashValue:
		return 4
	}
	return 6 // stream
}

// valueDigest folds a key's value and whether it has a TTL into d
// (xorObjectDigest).
func valueDigest(d *digest, v value, hasExpire bool) {
	var code [4]byte
	binary.BigEndian.PutUint32(code[:], digestTypeCode(v))
	d.mix(code[:])
	switch v := v.(type) {
	case *stringValue:
		d.mix(v.b)
	case *listValue:
		for i := 0; i < v.n; i++ {
			d.mixString(v.at(i))
		}
	case *setValue:
		v.Each(func(m string) bool {
			d.xor([]byte(m))
			return true
		})
	case *zsetValue:
		var buf [32]byte
		v.Each(false, func(m string, score float64) bool {
			var el digest
			el.mixString(m)
			el.mix(resp.AppendFloat(buf[:0], score))
			d.xor(el[:])
			return true
		})
	case *hashValue:
		v.Each(func(f, val string) bool {
			var el digest
			el.mixString(f)
			el.mixString(val)
			d.xor(el[:])
			return true
		})
	case *streamValue:
		streamDigest(d, v)
	}
	if hasExpire {
		d.xor([]byte("!!expire!!"))
	}
}

// datasetDigest is DEBUG DIGEST: per non-empty database its number, then
// the XOR of each key's digest (key mixed with value). An empty dataset
// digests to zeros. Keys whose time has passed but are not yet deleted
// count, as in Redis.
func (e *Engine) datasetDigest() digest {
	var final digest
	for _, db := range e.dbs {
		if db.keys.Len() == 0 {
			continue
		}
		var id [4]byte
		binary.BigEndian.PutUint32(id[:], uint32(db.id))
		final.mix(id[:])
		db.keys.Each(func(key string, o object) bool {
			var kd digest
			kd.mixString(key)
			_, hasExpire := db.expires.Get(key)
			valueDigest(&kd, o.v, hasExpire)
			final.xor(kd[:])
			return true
		})
	}
	return final
}

// keyDigest is one key's DEBUG DIGEST-VALUE: its value's digest, zeros
// for a missing key. The key is looked up without touching it.
func (c *Client) keyDigest(key []byte) digest {
	var d digest
	k := view(key)
	c.db.expireIfNeeded(k)
	if o := c.db.keys.Ref(k); o != nil {
		_, hasExpire := c.db.expires.Get(k)
		valueDigest(&d, o.v, hasExpire)
	}
	return d
}
