// Preloaded into node for Go's wasm tests (NODE_OPTIONS=--require ...):
// gives node an IndexedDB (fake-indexeddb) and makes stdout and stderr
// synchronous, because output Go writes from inside a JavaScript callback
// can otherwise be lost or deadlock node when they are pipes.
require('../../node_modules/fake-indexeddb/auto');
for (const stream of [process.stdout, process.stderr]) {
  if (stream._handle && stream._handle.setBlocking) stream._handle.setBlocking(true);
}
