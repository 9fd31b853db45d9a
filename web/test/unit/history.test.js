import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History } from '../../console/history.js';

class MemoryStorage {
  constructor() { this.m = new Map(); }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  setItem(k, v) { this.m.set(k, v); }
}

test('Up and Down walk the history and keep the draft', () => {
  const h = new History();
  h.add('SET a 1');
  h.add('GET a');
  assert.equal(h.up('GET b'), 'GET a');
  assert.equal(h.up('GET a'), 'SET a 1');
  assert.equal(h.up('SET a 1'), null);
  assert.equal(h.down(), 'GET a');
  assert.equal(h.down(), 'GET b'); // the draft
  assert.equal(h.down(), null);
});

test('repeated and blank lines are not added', () => {
  const h = new History();
  h.add('PING');
  h.add('PING');
  h.add('   ');
  h.add('INFO');
  h.add('PING');
  assert.deepEqual(h.entries, ['PING', 'INFO', 'PING']);
});

test('the history survives a reload and stays within its limit', () => {
  const storage = new MemoryStorage();
  const h = new History(storage, 'k', 3);
  for (const l of ['a', 'b', 'c', 'd']) h.add(l);
  const again = new History(storage, 'k', 3);
  assert.deepEqual(again.entries, ['b', 'c', 'd']);
  assert.equal(again.up(''), 'd');
});

test('damaged saved history is dropped', () => {
  const storage = new MemoryStorage();
  storage.setItem('k', '{not json');
  assert.deepEqual(new History(storage, 'k').entries, []);
  storage.setItem('k', '["ok", 3, null]');
  assert.deepEqual(new History(storage, 'k').entries, ['ok']);
});

test('a refusing storage does not break the history', () => {
  const h = new History({ getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } }, 'k');
  h.add('SET a 1');
  assert.equal(h.up(''), 'SET a 1');
});
