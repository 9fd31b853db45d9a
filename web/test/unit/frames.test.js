import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameWriter, IN_CONNECT, IN_LINE, IN_REQUESTS, lineOutput, readFrames } from '../../lib/frames.js';

function frames(buf) {
  const out = [];
  readFrames(buf, (conn, kind, payload) => out.push([conn, kind, new TextDecoder().decode(payload)]));
  return out;
}

test('consecutive requests of a connection merge into one frame', () => {
  const f = new FrameWriter();
  f.frame(1, IN_CONNECT, Uint8Array.of(51));
  for (const part of ['ab', 'cd']) {
    const w = f.begin(1, IN_REQUESTS);
    w.ascii(part);
    f.end();
  }
  f.frame(1, IN_LINE, new TextEncoder().encode('GET k'));
  const w = f.begin(1, IN_REQUESTS);
  w.ascii('ef');
  f.end();
  f.begin(2, IN_REQUESTS).ascii('gh');
  f.end();
  assert.deepEqual(frames(f.take()), [[1, IN_CONNECT, '3'], [1, IN_REQUESTS, 'abcd'], [1, IN_LINE, 'GET k'], [1, IN_REQUESTS, 'ef'], [2, IN_REQUESTS, 'gh']]);
  assert.ok(f.empty);
});

test('truncated frames are refused', () => {
  const f = new FrameWriter();
  f.frame(7, IN_LINE, new TextEncoder().encode('PING'));
  const buf = new Uint8Array(f.take());
  for (let n = 1; n < buf.length; n++) {
    assert.throws(() => readFrames(buf.subarray(0, n), () => {}), /truncated/);
  }
});

test('line output carries the prompt state', () => {
  const payload = new Uint8Array([3, 2, 0, 0, 0, ...new TextEncoder().encode('QUEUED\n')]);
  assert.deepEqual(lineOutput(payload), { text: 'QUEUED\n', db: 2, inMulti: true, reading: true });
});
