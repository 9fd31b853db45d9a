import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteWriter, Decoder, NEED_MORE, Push, RedisError, encodeCommand } from '../../lib/resp.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

function encode(args) {
  const w = new ByteWriter(4);
  encodeCommand(w, args);
  return dec.decode(w.take());
}

test('commands encode as multibulk requests', () => {
  assert.equal(encode(['SET', 'k', 'v']), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
  assert.equal(encode(['SET', 'é', '😀']), '*3\r\n$3\r\nSET\r\n$2\r\né\r\n$4\r\n😀\r\n');
  assert.equal(encode(['INCRBY', 'n', 42, 7n, -1.5]), '*5\r\n$6\r\nINCRBY\r\n$1\r\nn\r\n$2\r\n42\r\n$1\r\n7\r\n$4\r\n-1.5\r\n');
  assert.equal(encode(['ZADD', 'z', Infinity, 'a']), '*4\r\n$4\r\nZADD\r\n$1\r\nz\r\n$3\r\ninf\r\n$1\r\na\r\n');
  const w = new ByteWriter();
  encodeCommand(w, ['SET', new Uint8Array([0, 255, 13, 10])]);
  assert.deepEqual([...w.take()], [...enc.encode('*2\r\n$3\r\nSET\r\n$4\r\n'), 0, 255, 13, 10, 13, 10]);
  assert.throws(() => encode([]), TypeError);
  assert.throws(() => encode(['SET', null]), TypeError);
  assert.throws(() => encode(['SET', {}]), TypeError);
});

test('a lone surrogate encodes as the replacement character, with its length', () => {
  assert.equal(encode(['x', '\ud800']), '*2\r\n$1\r\nx\r\n$3\r\n\ufffd\r\n');
});

function decodeAll(text, options) {
  const d = new Decoder(options);
  d.feed(typeof text === 'string' ? enc.encode(text) : text);
  const out = [];
  for (let v = d.next(); v !== NEED_MORE; v = d.next()) out.push(v);
  return out;
}

test('RESP2 replies decode', () => {
  assert.deepEqual(decodeAll('+OK\r\n:42\r\n:-7\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n*0\r\n'), ['OK', 42, -7, 'hello', null, null, []]);
  assert.deepEqual(decodeAll('*2\r\n$1\r\na\r\n*1\r\n:1\r\n'), [['a', [1]]]);
  const [e] = decodeAll('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n');
  assert.ok(e instanceof RedisError);
  assert.equal(e.code, 'WRONGTYPE');
  assert.equal(e.message, 'WRONGTYPE Operation against a key holding the wrong kind of value');
  assert.deepEqual(decodeAll('$6\r\na\r\nb\r\n\r\n'), ['a\r\nb\r\n']);
  assert.deepEqual(decodeAll(':9007199254740993\r\n:-9223372036854775808\r\n'), [9007199254740993n, -9223372036854775808n]);
});

test('RESP3 replies decode to Map, Set, bigint, boolean, null and pushes', () => {
  const [m, s, d, inf, nan, t, f, big, nul, verb] = decodeAll(
    '%2\r\n+a\r\n:1\r\n+b\r\n*0\r\n~2\r\n+x\r\n+y\r\n,3.5\r\n,-inf\r\n,nan\r\n#t\r\n#f\r\n(12345678901234567890\r\n_\r\n=15\r\ntxt:Some string\r\n');
  assert.deepEqual(m, new Map([['a', 1], ['b', []]]));
  assert.deepEqual(s, new Set(['x', 'y']));
  assert.equal(d, 3.5);
  assert.equal(inf, -Infinity);
  assert.ok(Number.isNaN(nan));
  assert.equal(t, true);
  assert.equal(f, false);
  assert.equal(big, 12345678901234567890n);
  assert.equal(nul, null);
  assert.equal(verb, 'Some string');
  const [p] = decodeAll('>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n');
  assert.ok(p instanceof Push);
  assert.deepEqual(p.items, ['message', 'ch', 'hi']);
  assert.deepEqual(decodeAll('|1\r\n+key-popularity\r\n%0\r\n:5\r\n'), [5]);
  const [be] = decodeAll('!21\r\nSYNTAX invalid syntax\r\n');
  assert.ok(be instanceof RedisError && be.code === 'SYNTAX');
});

test('errors inside arrays stay values', () => {
  const [exec] = decodeAll('*2\r\n+OK\r\n-ERR value is not an integer or out of range\r\n');
  assert.equal(exec[0], 'OK');
  assert.ok(exec[1] instanceof RedisError);
});

test('replies split anywhere decode once whole', () => {
  const all = enc.encode('*3\r\n$5\r\nhello\r\n%1\r\n+k\r\n,1.5\r\n:-3\r\n+done\r\n');
  for (let cut = 0; cut <= all.length; cut++) {
    const d = new Decoder();
    const got = [];
    for (const part of [all.subarray(0, cut), all.subarray(cut)]) {
      d.feed(part);
      for (let v = d.next(); v !== NEED_MORE; v = d.next()) got.push(v);
    }
    assert.deepEqual(got, [['hello', new Map([['k', 1.5]]), -3], 'done'], `cut at ${cut}`);
  }
});

test('binary decoding returns bytes', () => {
  const [v] = decodeAll(new Uint8Array([36, 50, 13, 10, 0, 255, 13, 10]), { binary: true });
  assert.deepEqual(v, new Uint8Array([0, 255]));
  // As text, bytes that are not UTF-8 decode to replacement characters.
  const [s] = decodeAll(new Uint8Array([36, 52, 13, 10, 0xc3, 0xa9, 0x74, 0xc3, 13, 10]));
  assert.equal(s, 'ét\ufffd');
});

test('malformed replies throw', () => {
  assert.throws(() => decodeAll('?what\r\n'), /malformed/);
});
