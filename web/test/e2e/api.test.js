// The JavaScript API in Chromium: values, errors, pipelines, pub/sub,
// lines, durability, export and import, a full quota.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve } from './harness.js';

let server, browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

// inPage runs fn in a fresh page of the site with the API module loaded
// as `api`; the value fn returns comes back through JSON.
async function inPage(fn, arg, setup) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(server.url + 'favicon.svg');
  if (setup) await setup(page, context);
  try {
    return await page.evaluate(`(async () => {
      const api = await import('/lib/redwasm.js');
      return (${fn})(api, ${JSON.stringify(arg)});
    })()`);
  } finally {
    await context.close();
    assert.deepEqual(errors, []);
  }
}

test('replies map to JavaScript values', async () => {
  const got = await inPage(async ({ open }) => {
    const db = await open({ memory: true });
    const c = db.connect();
    const show = (v) => v instanceof Map ? { map: [...v].map(([k, x]) => [k, show(x)]) }
      : v instanceof Set ? { set: [...v].map(show) }
      : Array.isArray(v) ? v.map(show)
      : typeof v === 'bigint' ? { bigint: String(v) }
      : v instanceof Error ? { error: v.message, code: v.code, name: v.name } : v;
    const out = {};
    out.set = await c.send('SET', 'k', 'v');
    out.get = await c.send('GET', 'k');
    out.nil = await c.send('GET', 'nothing');
    out.int = await c.send('INCRBY', 'n', 41);
    out.big = show(await c.send('INCRBY', 'big', '9007199254740993'));
    out.unicode = (await c.send('SET', 'u', 'héllo 😀'), await c.send('GET', 'u'));
    out.map = show(await c.send('HGETALL', (await c.send('HSET', 'h', 'a', 1, 'b', 2), 'h')));
    out.set3 = show(await c.send('SMEMBERS', (await c.send('SADD', 's', 'x'), 's')));
    out.double = await c.send('INCRBYFLOAT', 'f', '1.5');
    out.array = await c.send(['LRANGE', (await c.send('RPUSH', 'l', 'a', 'b'), 'l'), 0, -1]);
    try { await c.send('INCR', 'k'); } catch (e) { out.error = show(e); }
    try { await c.send('NOPE'); } catch (e) { out.unknown = show(e); }
    out.pipeline = show(await c.pipeline([['SET', 'p', 1], ['INCR', 'k'], ['INCR', 'p']]));
    out.exec = show(await Promise.all([c.send('MULTI'), c.send('INCR', 'p'), c.send('INCR', 'k'), c.send('EXEC')]));
    const bin = db.connect({ binary: true });
    await bin.send('SET', 'b', new Uint8Array([0, 255, 10]));
    out.binary = [...await bin.send('GET', 'b')];
    const resp2 = db.connect({ protocol: 2 });
    out.resp2 = show(await resp2.send('HGETALL', 'h'));
    return out;
  });
  assert.deepEqual(got, {
    set: 'OK', get: 'v', nil: null, int: 41, big: { bigint: '9007199254740993' }, unicode: 'héllo 😀',
    map: { map: [['a', '1'], ['b', '2']] }, set3: { set: ['x'] }, double: '1.5', array: ['a', 'b'],
    error: { error: 'ERR value is not an integer or out of range', code: 'ERR', name: 'RedisError' },
    unknown: { error: "ERR unknown command 'NOPE', with args beginning with: ", code: 'ERR', name: 'RedisError' },
    pipeline: ['OK', { error: 'ERR value is not an integer or out of range', code: 'ERR', name: 'RedisError' }, 2],
    exec: ['OK', 'QUEUED', 'QUEUED', [3, { error: 'ERR value is not an integer or out of range', code: 'ERR', name: 'RedisError' }]],
    binary: [0, 255, 10],
    resp2: ['a', '1', 'b', '2'],
  });
});

test('pub/sub messages reach callbacks, in RESP3 and RESP2', async () => {
  const got = await inPage(async ({ open }) => {
    const db = await open({ memory: true });
    const pub = db.connect();
    const out = [];
    for (const protocol of [3, 2]) {
      const sub = db.connect({ protocol });
      const messages = [];
      sub.onMessage((channel, message, pattern) => messages.push([channel, message, pattern ?? null]));
      const counts = [await sub.send('SUBSCRIBE', 'a', 'b'), await sub.send('PSUBSCRIBE', 'n*')];
      const receivers = [await pub.send('PUBLISH', 'a', 'one'), await pub.send('PUBLISH', 'news', 'two')];
      await sub.send('PING');
      counts.push(await sub.send('UNSUBSCRIBE'), await sub.send('PUNSUBSCRIBE'));
      counts.push(await pub.send('PUBLISH', 'a', 'unheard'));
      out.push({ protocol, counts, receivers, messages });
    }
    return out;
  });
  for (const { protocol, counts, receivers, messages } of got) {
    assert.deepEqual(counts, [2, 3, 1, 0, 0], `RESP${protocol}`);
    assert.deepEqual(receivers, [1, 1]);
    assert.deepEqual(messages, [['a', 'one', null], ['news', 'two', 'n*']]);
  }
});

test('lines print as redis-cli prints, and share the client with send', async () => {
  const got = await inPage(async ({ open }) => {
    const db = await open({ memory: true });
    const c = db.connect();
    const out = [await c.line('SET k "a b"'), await c.send('GET', 'k'), await c.line('GET k'), await c.line('SELECT 3')];
    out.push(c.prompt.db, await c.send('DBSIZE'));
    const [a, b, d] = await Promise.all([c.send('SET', 'x', 1), c.line('INCR x'), c.send('GET', 'x')]);
    out.push(a, b, d, await c.line('HELLO 3 SETNAME me').then((t) => t.split('\n')[0]));
    out.push(await db.hint('GET'), await db.completions('ZRANG'));
    return out;
  });
  assert.deepEqual(got, ['OK\n', 'a b', '"a b"\n', 'OK\n', 3, 0, 'OK', '(integer) 2\n', '2', '1# "server" => "redis"', ' key', ['ZRANGE', 'ZRANGEBYLEX', 'ZRANGEBYSCORE', 'ZRANGESTORE']]);
});

test('a strict write is stored when its promise resolves; relaxed writes within a second', async () => {
  const got = await inPage(async ({ open }) => {
    const out = {};
    let db = await open({ name: 'strict' });
    let c = db.connect();
    await c.pipeline(Array.from({ length: 1000 }, (_, i) => ['SET', `k${i}`, i]));
    out.strict = await db.status();
    db.worker.terminate(); // no flush: as if the tab died
    db = await open({ name: 'strict' });
    out.after = await db.connect().send('DBSIZE');
    db.worker.terminate();
    db = await open({ name: 'relaxed', durability: 'relaxed' });
    c = db.connect();
    await c.send('SET', 'soon', 'stored');
    const st = await db.status();
    out.relaxedPending = st.written > st.committed;
    await db.flush();
    const st2 = await db.status();
    out.relaxedFlushed = st2.written === st2.committed;
    await db.close();
    db = await open({ name: 'relaxed' });
    out.relaxed = await db.connect().send('GET', 'soon');
    return out;
  });
  assert.equal(got.strict.written, got.strict.committed);
  assert.ok(got.strict.strict);
  assert.equal(got.after, 1000);
  assert.equal(got.relaxedPending, true);
  assert.equal(got.relaxedFlushed, true);
  assert.equal(got.relaxed, 'stored');
});

test('export then import round-trips', async () => {
  const got = await inPage(async ({ open }) => {
    const db = await open({ name: 'rdb' });
    const c = db.connect();
    await c.send('SET', 'a', '1');
    await c.send('RPUSH', 'l', 'x', 'y');
    await c.send('HSET', 'h', 'f', 'v');
    const rdb = await db.export();
    await c.send('FLUSHALL');
    await db.import(rdb);
    const out = { dbsize: await c.send('DBSIZE'), l: await c.send('LRANGE', 'l', 0, -1), rdbMagic: new TextDecoder().decode(rdb.slice(0, 5)) };
    await db.close();
    const again = await open({ name: 'rdb' });
    out.reopened = await again.connect().send('HGET', 'h', 'f');
    return out;
  });
  assert.deepEqual(got, { dbsize: 3, l: ['x', 'y'], rdbMagic: 'REDIS', reopened: 'v' });
});

test('importing what is not an RDB file fails and keeps the data', async () => {
  const got = await inPage(async ({ open }) => {
    const db = await open({ name: 'badimport' });
    const c = db.connect();
    await c.send('SET', 'kept', 'yes');
    const error = await db.import(new TextEncoder().encode('not an rdb file')).then(() => null, (e) => e.message);
    return { error, kept: await c.send('GET', 'kept') };
  });
  assert.match(got.error, /RDB|rdb/);
  assert.equal(got.kept, 'yes');
});

test('a full quota fails writes clearly, reads go on, and nothing is lost', async () => {
  const got = await inPage(async ({ open }) => {
    const db = await open({ name: 'quota' });
    const c = db.connect();
    const statuses = [];
    db.onStatus((e) => statuses.push(e === null ? null : 'error'));
    // Random, so that the browser's storage cannot compress it away.
    const random = () => Array.from(crypto.getRandomValues(new Uint8Array(32 * 1024)), (b) => b.toString(16).padStart(2, '0')).join('');
    const out = { unsaved: 0, saved: 0 };
    for (let i = 0; i < 64 && out.unsaved === 0; i++) {
      await c.send('SET', `big${i}`, random()).then(() => out.saved++, (e) => { out.unsaved++; out.code = e.code; out.message = e.message; });
    }
    out.read = (await c.send('GET', 'big0')).length;
    out.status = await db.status();
    await window.raiseQuota();
    await c.send('SET', 'after', 'space');
    out.statuses = statuses;
    await db.close();
    const again = await open({ name: 'quota' });
    out.keys = await again.connect().send('DBSIZE');
    return out;
  }, null, async (page, context) => {
    const cdp = await context.newCDPSession(page);
    const origin = new URL(server.url).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1024 * 1024 });
    await page.exposeFunction('raiseQuota', () => cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1024 * 1024 * 1024 }));
  });
  assert.equal(got.code, 'UNSAVED');
  assert.match(got.message, /quota/);
  assert.ok(got.saved > 0);
  assert.equal(got.read, 64 * 1024);
  assert.match(got.status.error, /quota/);
  assert.deepEqual(got.statuses, ['error', null]);
  // Every write that ran, the unsaved one included, was stored once space came back.
  assert.equal(got.keys, got.saved + got.unsaved + 1);
});
