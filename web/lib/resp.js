// RESP, the Redis protocol, for the page: requests are encoded into bytes
// and replies (RESP2 and RESP3) decoded into JavaScript values. Pure
// functions and small classes, so node can test them.
//
// Replies map to values this way: simple and bulk strings and verbatim
// text to string (or Uint8Array when decoding binary), integers to number
// (bigint beyond 2^53), doubles to number, big numbers to bigint, nulls to
// null, booleans to boolean, arrays to Array, maps to Map, sets to Set.
// An error reply becomes a RedisError value (top-level errors reject the
// command's promise; errors inside arrays, as in EXEC, stay values). A
// RESP3 push decodes to a Push. Attributes are read and dropped.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An error reply from the engine; message is Redis's text. */
export class RedisError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RedisError';
    /** The error code: the first word, such as "ERR" or "WRONGTYPE". */
    this.code = message.split(' ', 1)[0];
  }
}

/** A RESP3 push message (pub/sub messages, invalidations). */
export class Push {
  constructor(items) {
    this.items = items;
  }
}

/** A growable byte buffer that requests are encoded into. */
export class ByteWriter {
  constructor(size = 1024) {
    this.buf = new Uint8Array(size);
    this.len = 0;
  }

  ensure(n) {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }

  byte(b) {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  // ascii appends a string known to be ASCII.
  ascii(s) {
    this.ensure(s.length);
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < s.length; i++) buf[len++] = s.charCodeAt(i);
    this.len = len;
  }

  bytes(b) {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  uint32(n) {
    this.ensure(4);
    const buf = this.buf;
    buf[this.len++] = n & 0xff;
    buf[this.len++] = (n >>> 8) & 0xff;
    buf[this.len++] = (n >>> 16) & 0xff;
    buf[this.len++] = (n >>> 24) & 0xff;
  }

  // take returns the bytes written, copied, and empties the writer.
  take() {
    const out = this.buf.slice(0, this.len);
    this.len = 0;
    return out;
  }
}

// utf8Length returns the UTF-8 length of s, or -1 when s is pure ASCII
// (then its length is s.length and it can be copied byte per char).
function utf8Length(s) {
  let n = 0;
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else {
      ascii = false;
      if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        n += 4;
        i++;
      } else n += 3;
    }
  }
  return ascii ? -1 : n;
}

function argString(a) {
  switch (typeof a) {
    case 'string':
      return a;
    case 'number':
      if (!Number.isFinite(a)) return a > 0 ? 'inf' : a < 0 ? '-inf' : 'nan';
      return String(a);
    case 'bigint':
      return String(a);
    default:
      throw new TypeError(`redwasm: an argument must be a string, number, bigint or Uint8Array, not ${a === null ? 'null' : typeof a}`);
  }
}

/** encodeCommand appends args as one RESP request to w. */
export function encodeCommand(w, args) {
  if (args.length === 0) throw new TypeError('redwasm: a command needs at least its name');
  w.ascii(`*${args.length}\r\n`);
  for (const a of args) {
    if (a instanceof Uint8Array) {
      w.ascii(`$${a.length}\r\n`);
      w.bytes(a);
    } else {
      const s = argString(a);
      const n = utf8Length(s);
      if (n < 0) {
        w.ascii(`$${s.length}\r\n`);
        w.ascii(s);
      } else {
        w.ascii(`$${n}\r\n`);
        w.ensure(n);
        w.len += encoder.encodeInto(s, w.buf.subarray(w.len)).written;
      }
    }
    w.ascii('\r\n');
  }
}

/**
 * A Decoder reads replies from chunks of bytes. Feed it chunks; next()
 * returns the next whole reply, or NEED_MORE when the bytes so far end
 * inside one.
 */
export const NEED_MORE = Symbol('need more');

export class Decoder {
  constructor({ binary = false } = {}) {
    this.binary = binary;
    this.buf = new Uint8Array(0);
    this.pos = 0;
  }

  feed(chunk) {
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
    } else {
      const rest = this.buf.subarray(this.pos);
      const joined = new Uint8Array(rest.length + chunk.length);
      joined.set(rest);
      joined.set(chunk, rest.length);
      this.buf = joined;
    }
    this.pos = 0;
  }

  next() {
    if (this.pos >= this.buf.length) return NEED_MORE;
    const start = this.pos;
    try {
      return this.value();
    } catch (e) {
      if (e === INCOMPLETE) {
        this.pos = start;
        return NEED_MORE;
      }
      throw e;
    }
  }

  // line returns the end of the line at pos (the index of its \r).
  lineEnd() {
    const buf = this.buf;
    for (let i = this.pos; i + 1 < buf.length; i++) {
      if (buf[i] === 13 && buf[i + 1] === 10) return i;
    }
    throw INCOMPLETE;
  }

  int(from, to) {
    const buf = this.buf;
    let neg = false;
    let i = from;
    if (buf[i] === 45) {
      neg = true;
      i++;
    }
    let n = 0;
    for (; i < to; i++) n = n * 10 + (buf[i] - 48);
    if (n > Number.MAX_SAFE_INTEGER) {
      const big = BigInt(ascii(buf, from, to));
      return big;
    }
    return neg ? -n : n;
  }

  text(from, to) {
    if (this.binary) return this.buf.slice(from, to);
    return utf8(this.buf, from, to);
  }

  value() {
    const buf = this.buf;
    const type = buf[this.pos];
    const end = this.lineEnd();
    const from = this.pos + 1;
    this.pos = end + 2;
    switch (type) {
      case 43: // + simple string
        return this.text(from, end);
      case 45: // - error
        return new RedisError(utf8(buf, from, end));
      case 58: // : integer
        return this.int(from, end);
      case 36: { // $ bulk string
        const n = this.int(from, end);
        if (n < 0) return null;
        return this.blob(n, (s, e) => this.text(s, e));
      }
      case 61: // = verbatim string: "txt:" then the text
        return this.blob(this.int(from, end), (s, e) => this.text(s + 4, e));
      case 33: // ! blob error
        return this.blob(this.int(from, end), (s, e) => new RedisError(utf8(buf, s, e)));
      case 42: { // * array
        const n = this.int(from, end);
        if (n < 0) return null;
        return this.items(n);
      }
      case 62: // > push
        return new Push(this.items(this.int(from, end)));
      case 126: // ~ set
        return new Set(this.items(this.int(from, end)));
      case 37: { // % map
        const n = this.int(from, end);
        const m = new Map();
        for (let i = 0; i < n; i++) {
          const k = this.value();
          m.set(k, this.value());
        }
        return m;
      }
      case 124: { // | attribute: read it, then the value it describes
        const n = this.int(from, end);
        for (let i = 0; i < 2 * n; i++) this.value();
        return this.value();
      }
      case 44: { // , double
        const s = ascii(buf, from, end);
        if (s === 'inf') return Infinity;
        if (s === '-inf') return -Infinity;
        if (s === 'nan' || s === '-nan') return NaN;
        return Number(s);
      }
      case 35: // # boolean
        return buf[from] === 116; // 't'
      case 40: // ( big number
        return BigInt(ascii(buf, from, end));
      case 95: // _ null
        return null;
      default:
        throw new Error(`redwasm: malformed reply (type byte ${type})`);
    }
  }

  blob(n, make) {
    const start = this.pos;
    if (start + n + 2 > this.buf.length) throw INCOMPLETE;
    this.pos = start + n + 2;
    return make(start, start + n);
  }

  items(n) {
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.value();
    return out;
  }
}

const INCOMPLETE = new Error('incomplete reply');

function ascii(buf, from, to) {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(buf[i]);
  return s;
}

// utf8 decodes bytes, by hand for short ASCII runs (faster than a
// TextDecoder call for the short keys and values most replies hold).
function utf8(buf, from, to) {
  if (to - from <= 24) {
    let s = '';
    for (let i = from; i < to; i++) {
      const c = buf[i];
      if (c >= 0x80) return decoder.decode(buf.subarray(from, to));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(buf.subarray(from, to));
}
