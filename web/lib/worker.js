// The engine's Web Worker: it loads the Go engine (engine.wasm), opens the
// database, and runs the page's frames through it, one crossing into Go
// per message. It owns durability: in strict mode the replies of a turn
// that wrote are held until the journal's commit covers the turn (group
// commit), and so are the replies of later turns, to keep their order.
//
// Messages from the page (see redwasm.js):
//   {t: 'open', options}             open the database
//   {t: 'frames', buf}               frames to run (an ArrayBuffer)
//   {t: 'call', id, op, arg}         export, import, hint, completions,
//                                    status, flush: answered {t: 'result'}
// Messages to the page:
//   {t: 'progress', phase, done, total}
//   {t: 'opened', info} / {t: 'failed', error}
//   {t: 'frames', buf, unsaved}      output; unsaved holds the message of a
//                                    commit that failed for these replies
//   {t: 'result', id, value, error}
//   {t: 'status', error}             persistence failing (error) or well again (null)
//   {t: 'fatal', message}            the engine crashed

import './wasm_exec.js';
import { wasmURL, wasmSize } from './build.js';

let exports = null;   // the wasm instance's exports
let api = null;       // the Go side's functions
let strict = true;    // hold replies until their writes are committed
let committed = 0;    // the journal's committed position
let lastWritten = 0;  // the written position after the last turn
const held = [];      // {position, buf} waiting for a commit, in order
let persistError = null;
let commitTimer = 0;
const waiters = [];   // {position, resolve} for flush and import

function post(msg, transfer) {
  self.postMessage(msg, transfer || []);
}

function progress(phase, done, total) {
  post({ t: 'progress', phase, done, total });
}

self.redwasmBoot = {
  ready: null, // set by load
  committed(position, error) {
    if (error) {
      if (persistError !== error) {
        persistError = error;
        post({ t: 'status', error });
      }
      // The held replies cannot be acknowledged: deliver them marked, so
      // the page fails them with the reason. Their writes stay pending in
      // the journal and are retried with the next commit.
      for (const h of held.splice(0)) post({ t: 'frames', buf: h.buf, unsaved: error }, [h.buf]);
      scheduleRetry();
      return;
    }
    committed = Math.max(committed, position);
    if (persistError) {
      persistError = null;
      post({ t: 'status', error: null });
    }
    while (held.length && held[0].position <= committed) {
      const h = held.shift();
      post({ t: 'frames', buf: h.buf }, [h.buf]);
    }
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].position <= committed) waiters.splice(i, 1)[0].resolve();
    }
  },
  progress(phase, done, total) {
    progress(phase, done, total);
  },
  fatal(message) {
    post({ t: 'fatal', message });
  },
};

async function load() {
  const go = new self.Go();
  go.importObject.redwasm = { now: () => performance.timeOrigin + performance.now() };
  const url = new URL(wasmURL, import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`redwasm: fetching ${url}: ${response.status} ${response.statusText}`);
  let done = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      done += chunk.byteLength;
      progress('download', done, wasmSize);
      controller.enqueue(chunk);
    },
  }));
  const { instance } = await WebAssembly.instantiateStreaming(
    new Response(counted, { headers: { 'Content-Type': 'application/wasm' } }), go.importObject);
  exports = instance.exports;
  const ready = new Promise((resolve) => { self.redwasmBoot.ready = resolve; });
  go.run(instance).then(() => post({ t: 'fatal', message: 'the engine exited' }));
  api = await ready;
}

// holdLock takes the database's Web Lock, so that one tab at a time has
// it open; a tab that reloads may take a moment to let go of it.
async function holdLock(name) {
  if (!self.navigator.locks) return true; // no Web Locks: nothing to coordinate with
  const lockName = 'redwasm:' + name;
  const take = (options) => new Promise((resolve, reject) => {
    self.navigator.locks.request(lockName, options, (lock) => {
      resolve(lock !== null);
      return lock ? new Promise(() => {}) : undefined; // hold it for the worker's life
    }).catch(reject);
  });
  if (await take({ ifAvailable: true })) return true;
  progress('waiting', 0, 0);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 3000);
  try {
    return await take({ signal: abort.signal });
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function open(options) {
  if (!options.memory && !(await holdLock(options.name))) {
    return post({ t: 'failed', error: { code: 'IN_USE', message: `the database "${options.name}" is open in another tab` } });
  }
  try {
    await load();
  } catch (e) {
    return post({ t: 'failed', error: { code: 'LOAD', message: String(e && e.message || e) } });
  }
  strict = options.durability !== 'relaxed';
  api.open({ memory: !!options.memory, name: options.name || '', flushToDisk: !!options.flushToDisk, recover: options.recover || '' }, (error, info) => {
    if (error) return post({ t: 'failed', error: { ...error } });
    post({ t: 'opened', info: { ...info } });
    setInterval(() => {
      emit(exports.redwasm_cron());
      api.kick(); // lets background work in Go (a rewrite's snapshot) run
    }, 100);
  });
}

// run passes a turn's frames to the engine.
function run(buf) {
  const n = buf.byteLength;
  const at = exports.redwasm_input(n);
  new Uint8Array(exports.mem.buffer, at, n).set(new Uint8Array(buf));
  emit(exports.redwasm_process(n));
}

// emit sends (or holds) the output of the last call into the engine.
function emit(n) {
  const written = exports.redwasm_written();
  const wrote = written > lastWritten;
  lastWritten = written;
  if (n === 0) {
    if (wrote) commitSoon();
    return;
  }
  const buf = new Uint8Array(exports.mem.buffer, exports.redwasm_output(), n).slice().buffer;
  if (strict && (wrote || held.length > 0)) {
    held.push({ position: written, buf });
    api.commit();
    return;
  }
  post({ t: 'frames', buf }, [buf]);
  if (wrote) commitSoon();
}

// commitSoon commits within a second: relaxed mode's appendfsync everysec,
// and strict mode's writes that had no reply to hold (expiry in cron).
function commitSoon() {
  if (!strict && commitTimer) return;
  if (strict) return api.commit();
  commitTimer = setTimeout(() => {
    commitTimer = 0;
    api.commit();
  }, 1000);
}

// scheduleRetry retries a failing commit now and then, so that writes
// kept in memory are stored once space is freed.
function scheduleRetry() {
  if (commitTimer) return;
  commitTimer = setTimeout(() => {
    commitTimer = 0;
    api.commit();
  }, 5000);
}

// flushed resolves once everything written so far is committed.
function flushed(position) {
  return new Promise((resolve) => {
    if (position <= committed || position === 0) return resolve();
    waiters.push({ position, resolve });
    api.commit();
  });
}

async function call(op, arg) {
  switch (op) {
    case 'hint':
      return api.hint(arg);
    case 'completions':
      return api.completions(arg);
    case 'status':
      return { ...api.status(), strict };
    case 'flush':
      return flushed(exports.redwasm_written());
    case 'export': {
      const r = api.export();
      if (r.error) throw new Error(r.error);
      return r.bytes;
    }
    case 'import':
      await new Promise((resolve, reject) => api.import(arg, (error) => (error ? reject(new Error(error)) : resolve())));
      return undefined;
    default:
      throw new Error(`redwasm: unknown call ${op}`);
  }
}

self.onmessage = async (ev) => {
  const m = ev.data;
  switch (m.t) {
    case 'frames':
      return run(m.buf);
    case 'open':
      return open(m.options);
    case 'call':
      try {
        const value = await call(m.op, m.arg);
        post({ t: 'result', id: m.id, value });
      } catch (e) {
        post({ t: 'result', id: m.id, error: String(e && e.message || e) });
      }
  }
};
