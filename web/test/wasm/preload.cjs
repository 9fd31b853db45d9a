// Preloaded into node for Go's wasm tests (NODE_OPTIONS=--require ...):
// gives node an IndexedDB (fake-indexeddb) and makes stdout and stderr
// synchronous, because output Go writes from inside a JavaScript callback
// can otherwise be lost or deadlock node when they are pipes.
require('../../node_modules/fake-indexeddb/auto');
for (const stream of [process.stdout, process.stderr]) {
  if (stream._handle && stream._handle.setBlocking) stream._handle.setBlocking(true);
}

// The browser engine imports its clock from the worker (redwasm.now);
// give every Go instance node starts that import.
let GoClass;
Object.defineProperty(globalThis, 'Go', {
  configurable: true,
  get() { return GoClass; },
  set(C) {
    GoClass = class extends C {
      constructor(...args) {
        super(...args);
        this.importObject.redwasm = { now: () => performance.timeOrigin + performance.now() };
      }
    };
  },
});
