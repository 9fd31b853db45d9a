import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Completion } from '../../console/completion.js';
import { consoleCommand, formatBytes, outputClass, promptText } from '../../console/prompt.js';

test('Tab cycles through candidates and back to the typed line', () => {
  const c = new Completion();
  assert.equal(c.active, false);
  assert.equal(c.start('ge', ['GET', 'GETBIT']), 'GET');
  assert.equal(c.next(), 'GETBIT');
  assert.equal(c.next(), 'ge');
  assert.equal(c.next(), 'GET');
  assert.equal(c.cancel(), 'ge');
  assert.equal(c.active, false);
});

test('the prompt shows the database and the transaction as redis-cli does', () => {
  assert.equal(promptText('redwasm', { db: 0, inMulti: false }), 'redwasm> ');
  assert.equal(promptText('redwasm', { db: 3, inMulti: false }), 'redwasm[3]> ');
  assert.equal(promptText('redwasm', { db: 3, inMulti: true }), 'redwasm[3](TX)> ');
});

test('console commands are caught before the engine', () => {
  assert.equal(consoleCommand(' CLEAR '), 'clear');
  assert.equal(consoleCommand('quit'), 'quit');
  assert.equal(consoleCommand('Exit'), 'exit');
  assert.equal(consoleCommand('clear x'), null);
  assert.equal(consoleCommand('GET clear'), null);
});

test('output styles and sizes', () => {
  assert.equal(outputClass('(error) ERR syntax error\n'), 'error');
  assert.equal(outputClass('Invalid argument(s)\n'), 'error');
  assert.equal(outputClass('"(error) in a value"\n'), 'reply');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 kB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
});
