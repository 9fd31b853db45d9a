package engine

// Keyspace notification classes, Redis's NOTIFY_* flags.
const (
	notifyKeyspace = 1 << iota // K
	notifyKeyevent             // E
	notifyGeneric              // g
	notifyString               // $
	notifyList                 // l
	notifySet                  // s
	notifyHash                 // h
	notifyZset                 // z
	notifyExpired              // x
	notifyEvicted              // e
	notifyStream               // t
	notifyKeyMiss              // m
	notifyLoaded               // module only
	notifyModule               // d
	notifyNew                  // n
)

// notifyAll is the 'A' class: every class but key misses and new keys.
const notifyAll = notifyGeneric | notifyString | notifyList | notifySet | notifyHash |
	notifyZset | notifyExpired | notifyEvicted | notifyStream | notifyModule

// notifyClassLetters maps notify-keyspace-events letters to classes, in
// the order CONFIG GET writes them.
var notifyClassLetters = []struct {
	letter byte
	class  int
}{
	{'g', notifyGeneric}, {'$', notifyString}, {'l', notifyList}, {'s', notifySet},
	{'h', notifyHash}, {'z', notifyZset}, {'x', notifyExpired}, {'e', notifyEvicted},
	{'t', notifyStream}, {'d', notifyModule}, {'n', notifyNew},
}

// parseNotifyFlags reads a notify-keyspace-events value.
func parseNotifyFlags(v string) (int, bool) {
	flags := 0
	for i := 0; i < len(v); i++ {
		switch ch := v[i]; ch {
		case 'A':
			flags |= notifyAll
		case 'K':
			flags |= notifyKeyspace
		case 'E':
			flags |= notifyKeyevent
		case 'm':
			flags |= notifyKeyMiss
		default:
			found := false
			for _, l := range notifyClassLetters {
				if l.letter == ch {
					flags |= l.class
					found = true
				}
			}
			if !found {
				return 0, false
			}
		}
	}
	return flags, true
}

// formatNotifyFlags writes flags as Redis shows them.
func formatNotifyFlags(flags int) string {
	var b []byte
	if flags&notifyAll == notifyAll {
		b = append(b, 'A') // Redis drops 'n' here; so do we
	} else {
		for _, l := range notifyClassLetters {
			if flags&l.class != 0 {
				b = append(b, l.letter)
			}
		}
	}
	if flags&notifyKeyspace != 0 {
		b = append(b, 'K')
	}
	if flags&notifyKeyevent != 0 {
		b = append(b, 'E')
	}
	if flags&notifyKeyMiss != 0 {
		b = append(b, 'm')
	}
	return string(b)
}

func init() {
	configParams = append(configParams, configParam{
		name: "notify-keyspace-events",
		get:  func(cfg *config) string { return formatNotifyFlags(cfg.notifyKeyspaceEvents) },
		set: func(e *Engine, v string) error {
			flags, ok := parseNotifyFlags(v)
			if !ok {
				return configError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
			}
			e.cfg.notifyKeyspaceEvents = flags
			return nil
		},
	})
}

// notifyKeyspaceEvent publishes a keyspace event when the class is enabled
// by notify-keyspace-events. Handlers call it for every change they make,
// with Redis's event names.
func (e *Engine) notifyKeyspaceEvent(class int, event, key string, dbid int) {
	flags := e.cfg.notifyKeyspaceEvents
	if flags&class == 0 {
		return
	}
	if flags&notifyKeyspace != 0 {
		e.publish([]byte("__keyspace@"+itoa(dbid)+"__:"+key), []byte(event), false)
	}
	if flags&notifyKeyevent != 0 {
		e.publish([]byte("__keyevent@"+itoa(dbid)+"__:"+event), []byte(key), false)
	}
}

// keyModified is Redis's signalModifiedKey: every write to a key calls it,
// so that WATCH and client-side caches learn of the change, and used_memory
// counts the key's new size.
func (e *Engine) keyModified(db *DB, key string) {
	e.touchWatchedKey(db, key)
	e.keyWritten(db, key, nil)
}

// keyAdded is Redis's signalKeyAsReady for new keys: clients blocked on a
// key (BLPOP, BZPOPMIN, XREAD BLOCK) wait for it to come into existence.
// Streams also call it on every XADD, since readers wait for new entries.
func (e *Engine) keyAdded(db *DB, key string) {
	e.signalKeyAsReady(db, key)
}

// valueReplaced is called when the value of key is replaced (now is the
// new value) or deleted (now is nil). A stream that goes away wakes the
// readers blocked on it: XREADGROUP answers that the key is gone.
func (e *Engine) valueReplaced(db *DB, key string, old, now value) {
	if _, was := old.(*streamValue); was {
		if _, is := now.(*streamValue); !is {
			e.signalKeyAsReady(db, key)
		}
	}
}

// signalStreamsGone wakes the readers blocked on streams of db that its
// replacement (nil when emptied; FLUSHDB, SWAPDB) does not have.
func (e *Engine) signalStreamsGone(db, replacement *DB) {
	for bk := range e.blocking.waiting {
		if bk.db != db {
			continue
		}
		if o, ok := db.keys.Get(bk.key); ok {
			var now value
			if replacement != nil {
				if r, ok := replacement.keys.Get(bk.key); ok {
					now = r.v
				}
			}
			e.valueReplaced(db, bk.key, o.v, now)
		}
	}
}
