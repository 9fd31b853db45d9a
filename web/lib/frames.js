// Frames between the page and the engine's worker, as package wasm/host
// defines them: a connection id (uint32 little-endian), a kind (one byte),
// the payload length (uint32 little-endian), the payload.

import { ByteWriter } from './resp.js';

export const IN_CONNECT = 1;
export const IN_REQUESTS = 2;
export const IN_LINE = 3;
export const IN_CLOSE = 4;

export const OUT_REPLIES = 1;
export const OUT_LINE = 2;
export const OUT_TEXT = 3;
export const OUT_CLOSED = 4;

// Prompt state flags of OUT_LINE and OUT_TEXT payloads.
export const LINE_IN_MULTI = 1;
export const LINE_READING = 2;

const HEADER = 9;
const utf8 = new TextDecoder();

/**
 * A FrameWriter collects a turn's frames. Consecutive frames of the same
 * connection and kind (requests sent one after another) merge into one.
 */
export class FrameWriter {
  constructor() {
    this.w = new ByteWriter(4096);
    this.lastConn = -1;
    this.lastKind = -1;
    this.lastStart = -1;
  }

  get empty() {
    return this.w.len === 0;
  }

  // begin starts a frame, or continues the last one when it is of the
  // same connection and a kind that merges; write the payload into
  // this.w, then call end().
  begin(conn, kind) {
    if (conn === this.lastConn && kind === this.lastKind && kind === IN_REQUESTS) return this.w;
    this.w.uint32(conn);
    this.w.byte(kind);
    this.lastStart = this.w.len;
    this.w.uint32(0);
    this.lastConn = conn;
    this.lastKind = kind;
    return this.w;
  }

  end() {
    const n = this.w.len - this.lastStart - 4;
    const b = this.w.buf;
    const at = this.lastStart;
    b[at] = n & 0xff;
    b[at + 1] = (n >>> 8) & 0xff;
    b[at + 2] = (n >>> 16) & 0xff;
    b[at + 3] = (n >>> 24) & 0xff;
  }

  frame(conn, kind, payload) {
    this.begin(conn, kind);
    if (payload) this.w.bytes(payload);
    this.end();
    if (kind !== IN_REQUESTS) this.lastKind = -1; // never merge into it
  }

  // take returns the frames as an ArrayBuffer and empties the writer.
  take() {
    this.lastConn = this.lastKind = this.lastStart = -1;
    return this.w.take().buffer;
  }
}

/**
 * readFrames calls fn(conn, kind, payload) for each frame of buf, an
 * ArrayBuffer or Uint8Array. Payloads are views into buf.
 */
export function readFrames(buf, fn) {
  const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 0;
  while (pos + HEADER <= b.length) {
    const conn = dv.getUint32(pos, true);
    const kind = b[pos + 4];
    const n = dv.getUint32(pos + 5, true);
    const start = pos + HEADER;
    if (start + n > b.length) throw new Error('redwasm: truncated frame');
    fn(conn, kind, b.subarray(start, start + n));
    pos = start + n;
  }
  if (pos !== b.length) throw new Error('redwasm: truncated frame');
}

/**
 * lineOutput decodes an OUT_LINE or OUT_TEXT payload: the prompt's state
 * and redis-cli's text.
 */
export function lineOutput(payload) {
  const dv = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const state = payload[0];
  return {
    text: utf8.decode(payload.subarray(5)),
    db: dv.getUint32(1, true),
    inMulti: (state & LINE_IN_MULTI) !== 0,
    reading: (state & LINE_READING) !== 0,
  };
}
