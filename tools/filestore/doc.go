// Package filestore keeps a redwasm engine's data in files laid out as
// Redis 7.0 lays them out, so that redwasm-server and redis-server can
// read each other's:
//
//   - AOFDir is an engine.Store over Redis 7.0's multi-part AOF directory
//     (appenddirname): a manifest naming a base file (an RDB file,
//     appendonly.aof.N.base.rdb, or commands, .base.aof) and incremental
//     files of commands (appendonly.aof.N.incr.aof). A rewrite starts a
//     new incremental file, writes the new base beside the old files and
//     then switches the manifest in one rename; the files it replaced are
//     deleted afterwards. Whatever moment a crash hits, the manifest names
//     a complete set.
//
//   - Files is an engine.SnapshotFiles for dump.rdb: a file is written
//     under a temporary name, synced and renamed over the old one, then
//     the directory is synced.
//
//     aof, err := filestore.OpenAOFDir("/data/appendonlydir", "appendonly.aof")
//     _, err = e.AttachPersistence(engine.PersistenceOptions{AOF: aof, Files: filestore.Files{}})
//
// Appends that fail are cut back, so that a retried append does not leave
// a torn command in the middle of the log.
package filestore
