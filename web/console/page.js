// The playground page: opens the database named in the address (?db=name,
// default "playground"; ?memory for one that is not kept), shows progress
// while the engine downloads and the data restores, then the console
// panes and the toolbar (second client, export, import).

import { open } from '../lib/redwasm.js';
import { History } from './history.js';
import { createPane } from './pane.js';
import { formatBytes } from './prompt.js';

const params = new URLSearchParams(location.search);
const memory = params.has('memory');
const name = params.get('db') || 'playground';

const $ = (sel) => document.querySelector(sel);
const loading = $('#loading');
const bar = $('#loading progress');
const loadingText = $('#loading-text');
const panesEl = $('#panes');
const notice = $('#notice');
const toolbar = $('#toolbar');

function setProgress(phase, done, total) {
  const label = {
    download: 'Downloading the engine',
    restore: 'Restoring your data',
    waiting: 'Waiting for another tab to let go of the database',
  }[phase] || 'Starting';
  if (total > 0) {
    bar.max = total;
    bar.value = Math.min(done, total);
    const amount = phase === 'download' ? `${formatBytes(done)} of ${formatBytes(total)}` : `${Math.floor((100 * done) / total)}%`;
    loadingText.textContent = `${label}: ${amount}`;
  } else {
    bar.removeAttribute('value');
    loadingText.textContent = `${label}…`;
  }
}

function showNotice(text, actions = []) {
  notice.replaceChildren();
  const p = document.createElement('p');
  p.textContent = text;
  notice.append(p);
  for (const [label, fn] of actions) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', fn);
    notice.append(b);
  }
  notice.hidden = false;
  const first = notice.querySelector('button');
  if (first) first.focus();
}

function go(query) {
  location.search = query;
}

async function start(recover) {
  let db;
  try {
    db = await open(memory ? { memory: true, onProgress: setProgress } : { name, recover, onProgress: setProgress });
  } catch (e) {
    loading.hidden = true;
    if (e.code === 'IN_USE') {
      return showNotice(`The database "${name}" is open in another tab, which has it to itself. Close that tab and reload, or open another database here.`, [
        ['Reload', () => location.reload()],
        ['Open a database that is not kept', () => go('?memory')],
        ['Open another database', () => go(`?db=${encodeURIComponent(name + '-2')}`)],
      ]);
    }
    if (e.code === 'CORRUPT') {
      return showNotice(`The stored database "${name}" is damaged: ${e.problems.join('; ')}.`, [
        ['Load what is readable (to export it)', () => { notice.hidden = true; loading.hidden = false; start('readable'); }],
        ['Delete it and start afresh', () => { notice.hidden = true; loading.hidden = false; start('reset'); }],
      ]);
    }
    return showNotice(`The database could not start: ${e.message}`, [['Reload', () => location.reload()]]);
  }
  ready(db);
}

function ready(db) {
  loading.hidden = true;
  toolbar.hidden = false;
  const where = db.info.recovered
    ? `what could be read of the damaged database "${name}", in memory only: export it`
    : db.info.memory ? 'a database kept in memory only' : `the database "${name}", kept in this browser`;
  $('#where').textContent = where;
  db.onStatus((error) => {
    if (error) showNotice(`Saving fails: ${error}. Changes stay in memory and are saved when space allows; export them to keep a copy.`);
    else notice.hidden = true;
  });
  const history = new History(window.localStorage, `redwasm:history:${memory ? '(memory)' : name}`);
  const panes = [];
  const addPane = (welcome) => {
    const pane = createPane(db, { history, title: `Client ${panes.length + 1}`, welcome });
    panes.push(pane);
    panesEl.append(pane.element);
    panesEl.dataset.count = String(panes.length);
    return pane;
  };
  const first = addPane('Welcome to redwasm, a Redis-compatible database running in your browser.\n' +
    'Type commands as in redis-cli, e.g. SET greeting hello, then GET greeting.\n' +
    'HELP lists the help topics, Tab completes, Up and Down recall earlier lines.\n');
  first.focus();

  const second = $('#second');
  second.addEventListener('click', () => {
    if (panes.length === 1) {
      addPane('A second client: try SUBSCRIBE news here and PUBLISH news hello in the first,\nor BLPOP jobs 0 here and RPUSH jobs one there.\n').focus();
      second.textContent = 'Close the second client';
    } else {
      panes.pop().dispose();
      panesEl.dataset.count = '1';
      second.textContent = 'Open a second client';
      panes[0].focus();
    }
  });

  $('#export').addEventListener('click', async () => {
    try {
      const bytes = await db.export();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      a.download = `${memory ? 'redwasm' : name}.rdb`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (e) {
      showNotice(`Export failed: ${e.message}`);
    }
  });
  const file = $('#import-file');
  $('#import').addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    const f = file.files[0];
    file.value = '';
    if (!f) return;
    try {
      await db.import(new Uint8Array(await f.arrayBuffer()));
      showNotice(`Imported ${f.name}: it replaced the whole dataset.`);
    } catch (e) {
      showNotice(`Import failed: ${e.message}`);
    }
  });

  // The page is usable: the bench measures navigation to this mark.
  performance.mark('redwasm-prompt');
  document.body.dataset.ready = 'true';
  window.redwasmDB = db; // for the browser tests and the curious
}

start();
