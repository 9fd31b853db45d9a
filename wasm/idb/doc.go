// Package idb keeps a redwasm database in the browser's IndexedDB, as an
// engine.Store: a snapshot (an RDB file) and the log of effects committed
// since, in Redis's AOF form.
//
// # Layout
//
// The redwasm database "name" is the IndexedDB database "redwasm:name"
// with three object stores: "meta" holds one header record, "snapshot"
// the pieces of the current snapshot keyed [generation, piece], and "log"
// one record per commit keyed [generation, sequence]. Every value is a
// record (format.go): a versioned header with a CRC-32C over header and
// payload, so a damaged, missing, repeated or misplaced record is found
// when the database loads, and a database written by a newer format is
// refused instead of misread.
//
// # Transactions
//
// Append writes one record in one transaction; Rewrite (compaction)
// clears the snapshot and the log, writes the new snapshot's pieces and
// the header with the next generation, all in one transaction, so a crash
// leaves the old contents or the new ones. Requests of a transaction are
// all issued before any is awaited. A full quota aborts the transaction:
// Append returns ErrQuotaExceeded and nothing of it is stored.
//
// # Damage
//
// Load returns a *CorruptError when checks fail: it says what is wrong
// and holds what is still readable (the snapshot if intact, the log up to
// the first bad record), which the page can load to export. Delete removes
// the database to start afresh.
//
// The store itself (store.go) needs GOOS=js; its tests run under node with
// fake-indexeddb. The format is plain Go and tested natively.
package idb
