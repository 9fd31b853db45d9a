// redwasm's JavaScript API: a Redis-compatible database running in a Web
// Worker, persistent in IndexedDB or in memory.
//
//   import { open } from './redwasm.js';
//   const db = await open({ name: 'app' });      // or open({ memory: true })
//   const c = db.connect();
//   await c.send('SET', 'greeting', 'hello');
//   await c.send('GET', 'greeting');             // 'hello'
//   await c.line('GET greeting');                // '"hello"\n', as redis-cli prints it
//
// Commands sent in the same turn of the event loop travel to the worker
// together, and the worker runs them in one call into the engine.

import { ByteWriter, Decoder, NEED_MORE, Push, RedisError, encodeCommand } from './resp.js';
import {
  FrameWriter, IN_CLOSE, IN_CONNECT, IN_LINE, IN_REQUESTS,
  OUT_CLOSED, OUT_LINE, OUT_REPLIES, OUT_TEXT, lineOutput, readFrames,
} from './frames.js';

export { RedisError, Push };

/** An error of the database itself (it could not open, save, or load). */
export class DatabaseError extends Error {
  constructor(code, message, problems) {
    super(message);
    this.name = 'DatabaseError';
    /**
     * IN_USE (another tab has the database open), CORRUPT (the stored
     * data fails its checks), LOAD (the engine could not start), UNSAVED
     * (a write could not be stored), CLOSED (closed here), DISCONNECTED
     * (closed by the engine: QUIT, CLIENT KILL) or ERROR.
     */
    this.code = code;
    /** For CORRUPT: what is damaged. */
    this.problems = problems || [];
  }
}

const encoder = new TextEncoder();

/**
 * open starts an engine in a Web Worker and opens a database in it.
 * options: {name} for a database kept in IndexedDB (default "default"),
 * or {memory: true}; durability "strict" (default: a write resolves once
 * it is stored) or "relaxed" (stored within a second, like appendfsync
 * everysec); flushToDisk; recover "readable" or "reset" for a damaged
 * database; onProgress(phase, done, total); workerURL.
 */
export async function open(options = {}) {
  const opts = {
    name: options.memory ? '' : (options.name ?? 'default'),
    memory: !!options.memory,
    durability: options.durability === 'relaxed' ? 'relaxed' : 'strict',
    flushToDisk: !!options.flushToDisk,
    recover: options.recover || '',
  };
  const url = options.workerURL || new URL('./worker.js', import.meta.url);
  const worker = new Worker(url, { type: 'module', name: 'redwasm' });
  const db = new Database(worker, opts, options.onProgress);
  await db._opened;
  return db;
}

/** A database: the engine in its worker, with any number of clients. */
export class Database {
  constructor(worker, options, onProgress) {
    this.worker = worker;
    this.options = options;
    /** What opening found: restore time, sizes, recovery. */
    this.info = null;
    /** The last persistence failure's message, or null. */
    this.persistError = null;
    this._onProgress = onProgress;
    this._clients = new Map();
    this._nextConn = 1;
    this._frames = new FrameWriter();
    this._flushQueued = false;
    this._calls = new Map();
    this._nextCall = 1;
    this._statusListeners = new Set();
    this._closed = null;
    this._opened = new Promise((resolve, reject) => {
      this._openedResolve = resolve;
      this._openedReject = reject;
    });
    worker.onmessage = (ev) => this._message(ev.data);
    worker.onerror = (ev) => this._fail(new DatabaseError('LOAD', ev.message || 'the worker failed to start'));
    worker.postMessage({ t: 'open', options });
  }

  /**
   * connect opens a client: a connection with its own selected
   * database, transaction and subscriptions. protocol 3 (the default)
   * gives RESP3 replies; binary returns strings as Uint8Array.
   */
  connect({ protocol = 3, binary = false } = {}) {
    this._check();
    const id = this._nextConn++;
    const client = new Client(this, id, { protocol, binary });
    this._clients.set(id, client);
    this._frame(id, IN_CONNECT, Uint8Array.of(protocol));
    return client;
  }

  /** export returns the whole dataset as an RDB file. */
  export() {
    return this._call('export');
  }

  /** import replaces the whole dataset with an RDB file's, and stores it. */
  import(bytes) {
    return this._call('import', bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  }

  /** flush resolves once every write so far is stored. */
  flush() {
    return this._call('flush');
  }

  /** status describes persistence: positions, log size, failure. */
  status() {
    return this._call('status');
  }

  /** hint returns redis-cli's grey argument hint for a typed line. */
  hint(line) {
    return this._call('hint', line);
  }

  /** completions returns what Tab offers for a typed line. */
  completions(line) {
    return this._call('completions', line);
  }

  /** onStatus(cb) calls cb(error or null) when saving starts or stops failing. */
  onStatus(cb) {
    this._statusListeners.add(cb);
    return () => this._statusListeners.delete(cb);
  }

  /** close stores what is pending and stops the engine. */
  async close() {
    if (this._closed) return;
    try {
      await this.flush();
    } finally {
      this._fail(new DatabaseError('CLOSED', 'the database is closed'));
      this.worker.terminate();
    }
  }

  _check() {
    if (this._closed) throw this._closed;
  }

  // _frame queues a frame for the worker; the turn's frames go together.
  _frame(conn, kind, payload) {
    this._frames.frame(conn, kind, payload);
    this._queueFlush();
  }

  _requestWriter(conn) {
    return this._frames.begin(conn, IN_REQUESTS);
  }

  _queueFlush() {
    if (this._flushQueued) return;
    this._flushQueued = true;
    queueMicrotask(() => {
      this._flushQueued = false;
      if (this._frames.empty || this._closed) return;
      const buf = this._frames.take();
      this.worker.postMessage({ t: 'frames', buf }, [buf]);
    });
  }

  _call(op, arg) {
    if (this._closed) return Promise.reject(this._closed);
    const id = this._nextCall++;
    return new Promise((resolve, reject) => {
      this._calls.set(id, { resolve, reject });
      this.worker.postMessage({ t: 'call', id, op, arg });
    });
  }

  _message(m) {
    switch (m.t) {
      case 'frames':
        return readFrames(m.buf, (conn, kind, payload) => {
          const c = this._clients.get(conn);
          if (c) c._output(kind, payload, m.unsaved);
        });
      case 'result': {
        const call = this._calls.get(m.id);
        this._calls.delete(m.id);
        if (!call) return;
        return m.error ? call.reject(new DatabaseError('ERROR', m.error)) : call.resolve(m.value);
      }
      case 'progress':
        return this._onProgress && this._onProgress(m.phase, m.done, m.total);
      case 'opened':
        this.info = m.info;
        return this._openedResolve(this);
      case 'failed':
        this._fail(new DatabaseError(m.error.code, m.error.message, m.error.problems));
        return this._openedReject(this._closed);
      case 'status':
        this.persistError = m.error;
        for (const cb of this._statusListeners) cb(m.error);
        return;
      case 'fatal':
        this._fail(new DatabaseError('ERROR', m.message));
        return this._openedReject(this._closed);
    }
  }

  _fail(err) {
    if (this._closed) return;
    this._closed = err;
    for (const c of this._clients.values()) c._closedBy(err);
    for (const call of this._calls.values()) call.reject(err);
    this._calls.clear();
    this.worker.terminate();
  }
}

// Subscribe commands answer with one confirmation per channel, as pushes
// in RESP3; their promises resolve with the last confirmation's count.
const SUBSCRIBE_COMMANDS = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe']);
const MESSAGE_KINDS = new Set(['message', 'pmessage', 'smessage']);

/** A client: one connection to the database. */
export class Client {
  constructor(db, id, { protocol, binary }) {
    this.db = db;
    this.id = id;
    this.protocol = protocol;
    this.binary = binary;
    /**
     * What redis-cli's prompt would show after the last line: {db,
     * inMulti, reading}.
     */
    this.prompt = { db: 0, inMulti: false, reading: false };
    this._decoder = new Decoder({ binary });
    this._replies = [];   // waiting for RESP replies: {resolve, reject, subscribe}
    this._lines = [];     // waiting for typed lines' answers
    this._deferred = [];  // requests waiting for the other kind to finish
    this._channels = { subscribe: new Set(), psubscribe: new Set(), ssubscribe: new Set() };
    this._onMessage = new Set();
    this._onPush = new Set();
    this._onText = new Set();
    this._onClose = new Set();
    this._closed = null;
  }

  /**
   * send runs one command. It resolves to the reply as a JavaScript value
   * and rejects with a RedisError for an error reply.
   */
  send(...args) {
    if (args.length === 1 && Array.isArray(args[0])) args = args[0];
    return new Promise((resolve, reject) => {
      this._request('reply', () => this._sendNow([args], [{ resolve, reject }]));
    });
  }

  /**
   * pipeline runs commands in order without waiting between them, and
   * resolves to their replies, error replies included as RedisError
   * values.
   */
  pipeline(commands) {
    return Promise.all(commands.map((args) => this.send(args).catch((e) => {
      if (e instanceof RedisError) return e;
      throw e;
    })));
  }

  /**
   * line runs a line as typed at redis-cli's prompt (quotes, \xHH escapes,
   * a repeat count, HELP) and resolves to what redis-cli prints for it.
   */
  line(text) {
    return new Promise((resolve, reject) => {
      this._request('line', () => {
        this._lines.push({ resolve, reject });
        this.db._frame(this.id, IN_LINE, encoder.encode(text));
      });
    });
  }

  /** onMessage(cb) calls cb(channel, message, pattern) for pub/sub messages. */
  onMessage(cb) {
    this._onMessage.add(cb);
    return () => this._onMessage.delete(cb);
  }

  /** onPush(cb) calls cb(items) for other RESP3 push messages. */
  onPush(cb) {
    this._onPush.add(cb);
    return () => this._onPush.delete(cb);
  }

  /**
   * onText(cb) calls cb(text, prompt) with what redis-cli prints between
   * prompts: messages while it reads a subscription, MONITOR lines.
   */
  onText(cb) {
    this._onText.add(cb);
    return () => this._onText.delete(cb);
  }

  /** onClose(cb) calls cb(error) once the connection is closed. */
  onClose(cb) {
    this._onClose.add(cb);
    return () => this._onClose.delete(cb);
  }

  /** close closes the connection. */
  close() {
    if (this._closed) return;
    this.db._frame(this.id, IN_CLOSE);
    this._closedBy(new DatabaseError('CLOSED', 'the connection is closed'));
  }

  // _request runs a request now, or after the requests of the other kind
  // (RESP or typed lines) are answered: the host formats one kind at a time.
  _request(kind, run) {
    if (this._closed) throw this._closed;
    const busyOther = kind === 'reply' ? this._lines.length : this._replies.length;
    if (busyOther > 0 || this._deferred.length > 0) {
      this._deferred.push({ kind, run });
    } else {
      run();
    }
  }

  _runDeferred() {
    while (this._deferred.length > 0) {
      const next = this._deferred[0];
      const busyOther = next.kind === 'reply' ? this._lines.length : this._replies.length;
      if (busyOther > 0) return;
      this._deferred.shift();
      next.run();
    }
  }

  _sendNow(commands, waiters) {
    const w = this.db._requestWriter(this.id);
    for (let i = 0; i < commands.length; i++) {
      const args = commands[i];
      const waiter = waiters[i];
      try {
        encodeCommand(w, args);
      } catch (e) {
        waiter.reject(e);
        continue;
      }
      const name = typeof args[0] === 'string' ? args[0].toLowerCase() : '';
      if (SUBSCRIBE_COMMANDS.has(name)) {
        waiter.subscribe = name;
        waiter.left = args.length > 1 ? args.length - 1 : -1; // -1: one per current subscription
      }
      this._replies.push(waiter);
    }
    this.db._frames.end();
    this.db._queueFlush();
  }

  _output(kind, payload, unsaved) {
    switch (kind) {
      case OUT_REPLIES:
        this._decoder.feed(payload);
        for (let v = this._decoder.next(); v !== NEED_MORE; v = this._decoder.next()) this._reply(v, unsaved);
        break;
      case OUT_LINE: {
        const out = lineOutput(payload);
        this._setPrompt(out);
        const waiter = this._lines.shift();
        if (waiter) {
          if (unsaved) waiter.reject(unsavedError(unsaved));
          else waiter.resolve(out.text);
        }
        break;
      }
      case OUT_TEXT: {
        const out = lineOutput(payload);
        this._setPrompt(out);
        for (const cb of this._onText) cb(out.text, this.prompt);
        break;
      }
      case OUT_CLOSED:
        this._closedBy(new DatabaseError('DISCONNECTED', 'the server closed the connection'));
        return;
    }
    this._runDeferred();
  }

  _setPrompt(out) {
    this.prompt = { db: out.db, inMulti: out.inMulti, reading: out.reading };
  }

  _reply(v, unsaved) {
    const items = v instanceof Push ? v.items : (this.protocol === 2 && Array.isArray(v) && this._pubsubShaped(v) ? v : null);
    if (items) {
      const kind = bytesToString(items[0]).toLowerCase();
      const head = this._replies[0];
      if (head && head.subscribe === kind) {
        this._confirm(head, kind, items);
        return;
      }
      if (MESSAGE_KINDS.has(kind)) {
        const [channel, message, pattern] = kind === 'pmessage' ? [items[2], items[3], items[1]] : [items[1], items[2], undefined];
        for (const cb of this._onMessage) cb(channel, message, pattern);
        return;
      }
      if (v instanceof Push) {
        for (const cb of this._onPush) cb(items);
        return;
      }
    }
    const waiter = this._replies.shift();
    if (!waiter) return; // a reply nobody waits for: the request was sent as a line
    if (unsaved) waiter.reject(unsavedError(unsaved));
    else if (v instanceof RedisError) waiter.reject(v);
    else waiter.resolve(v);
  }

  // In RESP2 subscribed mode, messages and confirmations are plain arrays.
  _pubsubShaped(v) {
    if (v.length < 3) return false;
    const kind = bytesToString(v[0]).toLowerCase();
    if (MESSAGE_KINDS.has(kind)) return this._subscriptions() > 0;
    const head = this._replies[0];
    return head !== undefined && head.subscribe === kind;
  }

  _subscriptions() {
    return this._channels.subscribe.size + this._channels.psubscribe.size + this._channels.ssubscribe.size;
  }

  // _confirm counts a (un)subscribe confirmation for the command waiting.
  _confirm(waiter, kind, items) {
    const unsubscribe = kind.includes('un');
    const set = this._channels[kind.replace('un', '')];
    // Unsubscribing from all: one confirmation per subscription, or one
    // saying there was none.
    if (waiter.left === -1) waiter.left = Math.max(1, set.size);
    if (items[1] !== null) {
      const channel = bytesToString(items[1]);
      if (unsubscribe) set.delete(channel);
      else set.add(channel);
    }
    if (--waiter.left === 0) {
      this._replies.shift();
      waiter.resolve(items[2]);
    }
  }

  _closedBy(err) {
    if (this._closed) return;
    this._closed = err;
    this.db._clients.delete(this.id);
    for (const w of this._replies.splice(0)) w.reject(err);
    for (const w of this._lines.splice(0)) w.reject(err);
    for (const d of this._deferred.splice(0)) d.run = () => {};
    for (const cb of this._onClose) cb(err);
  }
}

function unsavedError(message) {
  return new DatabaseError('UNSAVED', `not saved: ${message}; the change stays in memory and is saved when space allows`);
}

function bytesToString(v) {
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return v === null || v === undefined ? '' : String(v);
}
