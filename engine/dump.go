package engine

import (
	"errors"
	"strconv"

	"github.com/redwasm/redwasm/engine/rdb"
)

// DUMP and RESTORE: a value as an RDB payload, byte for byte what Redis
// 7.0 produces for the same value in the same encoding, and back.

func init() {
	implement(map[string]Handler{
		"dump":           dumpCommand,
		"restore":        restoreCommand,
		"restore-asking": restoreCommand,
	})
}

// Errors of RESTORE.
const (
	errBusyKey     = "BUSYKEY Target key name already exists."
	errInvalidTTL  = "ERR Invalid TTL value, must be >= 0"
	errInvalidIdle = "ERR Invalid IDLETIME value, must be >= 0"
	errInvalidFreq = "ERR Invalid FREQ value, must be >= 0 and <= 255"
	errDumpPayload = "ERR DUMP payload version or checksum are wrong"
	errBadData     = "ERR Bad data format"
)

// DUMP key
func dumpCommand(c *Client, args [][]byte) {
	v := c.db.lookup(args[1])
	if v == nil {
		c.NullBulk()
		return
	}
	c.Bulk(c.e.dumpPayload(v))
}

// restoreOptions are RESTORE's options after the payload.
type restoreOptions struct {
	replace, absTTL bool
	idle            int64 // seconds, -1 for none
	freq            int   // -1 for none
}

// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds]
// [FREQ frequency]
func restoreCommand(c *Client, args [][]byte) {
	o := restoreOptions{idle: -1, freq: -1}
	for j := 4; j < len(args); j++ {
		more := len(args) - j - 1
		switch a := args[j]; {
		case equalFold(a, "replace"):
			o.replace = true
		case equalFold(a, "absttl"):
			o.absTTL = true
		case equalFold(a, "idletime") && more >= 1 && o.freq == -1:
			n, ok := c.intArg(args[j+1])
			if !ok {
				return
			}
			if n < 0 {
				c.Error(errInvalidIdle)
				return
			}
			o.idle = n
			j++
		case equalFold(a, "freq") && more >= 1 && o.idle == -1:
			n, ok := c.intArg(args[j+1])
			if !ok {
				return
			}
			if n < 0 || n > 255 {
				c.Error(errInvalidFreq)
				return
			}
			o.freq = int(n)
			j++
		default:
			c.Error(ErrSyntax)
			return
		}
	}
	key := args[1]
	if !o.replace && c.db.peek(key) != nil {
		c.Error(errBusyKey)
		return
	}
	ttl, ok := c.intArg(args[2])
	if !ok {
		return
	}
	if ttl < 0 {
		c.Error(errInvalidTTL)
		return
	}
	v, err := c.e.loadDumpPayload(args[3])
	if err != nil {
		if errors.Is(err, rdb.ErrDumpPayload) {
			c.Error(errDumpPayload)
		} else {
			c.Error(errBadData)
		}
		return
	}

	e := c.e
	k := string(key)
	deleted := o.replace && c.db.delete(key)
	if ttl > 0 && !o.absTTL {
		ttl += e.now
	}
	if ttl > 0 && ttl <= e.now && !e.isLoading() {
		// Already expired: the key is not created, and an old one it
		// replaced is recorded as deleted.
		if deleted {
			c.replicateAs([]byte("DEL"), key)
			e.keyModified(c.db, k)
			e.notifyKeyspaceEvent(notifyGeneric, "del", k, c.db.id)
			e.dirty++
		} else {
			c.preventPropagation()
		}
		c.OK()
		return
	}
	c.db.set(key, v)
	if obj := c.db.keys.Ref(k); obj != nil {
		obj.lru = e.restoredAccessClock(obj.lru, o.idle, o.freq)
	}
	if ttl > 0 {
		c.db.setExpire(key, ttl)
		if !o.absTTL {
			// Recorded with the absolute deadline, which replays the same.
			effect := make([][]byte, 0, len(args)+1)
			effect = append(effect, args[:2]...)
			effect = append(effect, strconv.AppendInt(nil, ttl, 10))
			effect = append(effect, args[3:]...)
			effect = append(effect, []byte("ABSTTL"))
			c.replicateAs(effect...)
		}
	}
	e.keyModified(c.db, k)
	e.notifyKeyspaceEvent(notifyGeneric, "restore", k, c.db.id)
	c.OK()
	e.dirty++
}

// restoredAccessClock applies RESTORE's IDLETIME or FREQ to the clock a
// new key got.
func (e *Engine) restoredAccessClock(current uint32, idle int64, freq int) uint32 {
	if e.lfuPolicy() {
		if freq >= 0 {
			return e.lfuMinutes()<<8 | uint32(freq)
		}
		return current
	}
	if idle >= 0 {
		return e.loadClock().of(idle, -1)
	}
	return current
}

// loadDumpPayload checks a DUMP payload and decodes its value. Errors
// wrap rdb.ErrDumpPayload for a bad footer, anything else means the value
// cannot be loaded ("Bad data format").
func (e *Engine) loadDumpPayload(payload []byte) (value, error) {
	var t rdb.Type
	var r *rdb.Reader
	var err error
	if e.persist.skipChecksum {
		t, r, err = openDumpUnchecked(payload)
	} else {
		t, r, err = rdb.OpenDump(payload)
	}
	if err != nil {
		return nil, err
	}
	l := &valueLoader{r: r, lim: e.loadLimits()}
	return l.load(t)
}

// openDumpUnchecked opens a payload without verifying its checksum
// (DEBUG SET-SKIP-CHECKSUM-VALIDATION 1); the version still counts.
func openDumpUnchecked(payload []byte) (rdb.Type, *rdb.Reader, error) {
	if len(payload) < 10 {
		return 0, nil, rdb.ErrDumpPayload
	}
	if v := int(payload[len(payload)-10]) | int(payload[len(payload)-9])<<8; v > rdb.Version {
		return 0, nil, rdb.ErrDumpPayload
	}
	fixed := rdb.AppendDumpFooter(append([]byte(nil), payload[:len(payload)-10]...))
	return rdb.OpenDump(fixed)
}
