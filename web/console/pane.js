// A console pane: one client of the database behind a terminal-like view,
// as redis-cli shows it. All logic worth testing lives in the pure modules
// (history.js, completion.js, prompt.js) and in the engine (line
// splitting, reply formatting, hints, completion candidates); this is the
// thin DOM layer. Keys and values reach the page only as text
// (textContent), never as markup.
//
// Keys: Enter runs the line; Up and Down walk the history; Tab completes
// (on an empty line it moves focus on, as usual); Escape undoes a
// completion; Ctrl+L clears the screen; Ctrl+C stops a command that waits
// (BLPOP, SUBSCRIBE) by starting a fresh connection, or clears the line.

import { Completion } from './completion.js';
import { consoleCommand, outputClass, promptText } from './prompt.js';

const MAX_BLOCKS = 2000; // output blocks kept; MONITOR can print a lot

let panes = 0;

/**
 * createPane makes a pane for db and returns {element, focus, dispose}.
 * options: label (the prompt's name, default "redwasm"), title (the
 * pane's accessible name), history (a History), welcome (a first line).
 */
export function createPane(db, options = {}) {
  const n = ++panes;
  const label = options.label || 'redwasm';
  const title = options.title || `Client ${n}`;
  const history = options.history;
  const completion = new Completion();

  const el = document.createElement('section');
  el.className = 'pane';
  el.setAttribute('aria-label', title);

  const log = document.createElement('div');
  log.className = 'log';
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-label', `${title} output`);
  log.tabIndex = -1;

  const line = document.createElement('div');
  line.className = 'line';
  const prompt = document.createElement('span');
  prompt.className = 'prompt';
  prompt.setAttribute('aria-hidden', 'true');
  const field = document.createElement('div');
  field.className = 'field';
  const input = document.createElement('input');
  input.type = 'text';
  input.id = `command-${n}`;
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.setAttribute('autocapitalize', 'off');
  input.setAttribute('aria-label', `Command for ${title}`);
  const hint = document.createElement('span');
  hint.className = 'hint';
  hint.setAttribute('aria-hidden', 'true');
  const status = document.createElement('span');
  status.className = 'status';
  status.setAttribute('aria-live', 'polite');
  field.append(input, hint);
  line.append(prompt, field);
  el.append(log, line, status);

  let client = null;
  let busy = false;   // a line waits for its answer
  let state = { db: 0, inMulti: false, reading: false };
  let hintSeq = 0;

  function connect() {
    client = db.connect({ protocol: 2 }); // redis-cli speaks RESP2 until HELLO 3
    state = { db: 0, inMulti: false, reading: false };
    busy = false;
    const mine = client;
    client.onText((text, st) => {
      if (client !== mine) return;
      state = st;
      append(text, outputClass(text));
      refresh();
    });
    client.onClose((err) => {
      if (client !== mine || err.code !== 'DISCONNECTED') return;
      append('Error: Server closed the connection\n', 'error');
      connect();
      refresh();
    });
    refresh();
  }

  function refresh() {
    prompt.textContent = promptText(label, state);
    const waiting = busy || state.reading;
    input.readOnly = waiting;
    line.classList.toggle('waiting', waiting);
    status.textContent = state.reading ? 'Reading messages: Ctrl+C stops.' : busy ? 'Waiting for the reply: Ctrl+C stops.' : '';
  }

  function append(text, cls) {
    if (text === '') return;
    const block = document.createElement('pre');
    block.className = cls;
    block.textContent = text.endsWith('\n') ? text.slice(0, -1) : text;
    log.append(block);
    while (log.childElementCount > MAX_BLOCKS) log.firstElementChild.remove();
    log.scrollTop = log.scrollHeight;
  }

  function echo(text) {
    const block = document.createElement('div');
    block.className = 'echo';
    const p = document.createElement('span');
    p.className = 'prompt';
    p.textContent = promptText(label, state);
    const t = document.createElement('span');
    t.textContent = text;
    block.append(p, t);
    log.append(block);
    log.scrollTop = log.scrollHeight;
  }

  function clear() {
    log.replaceChildren();
  }

  async function run(text) {
    echo(text);
    history && history.add(text);
    const own = consoleCommand(text);
    if (own === 'clear') return clear();
    if (own === 'quit' || own === 'exit') {
      client.close();
      connect();
      return append('(a new connection is open)\n', 'note');
    }
    const mine = client;
    busy = true;
    refresh();
    try {
      const out = await mine.line(text);
      if (client !== mine) return;
      state = mine.prompt;
      append(out, outputClass(out));
    } catch (e) {
      if (client === mine) append(`(error) ${e.message}\n`, 'error');
    } finally {
      if (client === mine) busy = false;
      refresh();
    }
  }

  // interrupt stops what the connection waits for, as Ctrl+C stops
  // redis-cli: the connection is dropped and a fresh one opened.
  function interrupt() {
    client.close();
    busy = false;
    append('^C\n', 'note');
    connect();
  }

  async function showHint() {
    const seq = ++hintSeq;
    const value = input.value;
    if (value === '' || input.selectionStart !== value.length) {
      hint.textContent = '';
      return;
    }
    let h = '';
    try {
      h = await db.hint(value);
    } catch {
      // No hint when the database is gone.
    }
    if (seq !== hintSeq) return; // typed on meanwhile
    hint.textContent = h;
    hint.style.left = `${value.length}ch`;
  }

  async function complete() {
    if (!completion.active) {
      const candidates = await db.completions(input.value).catch(() => []);
      if (candidates.length === 0) return;
      input.value = completion.start(input.value, candidates);
    } else {
      input.value = completion.next();
    }
    showHint();
  }

  input.addEventListener('keydown', (ev) => {
    const plain = !ev.ctrlKey && !ev.metaKey && !ev.altKey;
    if (ev.ctrlKey && !ev.metaKey && !ev.altKey && (ev.key === 'c' || ev.key === 'C')) {
      if (busy || state.reading) {
        ev.preventDefault();
        interrupt();
      } else if (input.selectionStart === input.selectionEnd) {
        ev.preventDefault();
        input.value = '';
        showHint();
      }
      return;
    }
    if (ev.ctrlKey && (ev.key === 'l' || ev.key === 'L')) {
      ev.preventDefault();
      clear();
      return;
    }
    if (ev.key === 'Tab' && plain && !ev.shiftKey) {
      if (input.value === '' || input.readOnly) return; // let focus move on
      ev.preventDefault();
      complete();
      return;
    }
    if (ev.key === 'Escape' && completion.active) {
      ev.preventDefault();
      input.value = completion.cancel();
      showHint();
      return;
    }
    completion.reset();
    if (input.readOnly) return;
    if (ev.key === 'Enter' && plain) {
      ev.preventDefault();
      const text = input.value;
      input.value = '';
      hint.textContent = '';
      run(text);
    } else if (ev.key === 'ArrowUp' && plain && history) {
      ev.preventDefault();
      const prev = history.up(input.value);
      if (prev !== null) input.value = prev;
      showHint();
    } else if (ev.key === 'ArrowDown' && plain && history) {
      ev.preventDefault();
      const next = history.down();
      if (next !== null) input.value = next;
      showHint();
    }
  });
  input.addEventListener('input', showHint);
  log.addEventListener('click', () => {
    if (!window.getSelection().toString()) input.focus();
  });

  connect();
  if (options.welcome) append(options.welcome, 'note');

  return {
    element: el,
    input,
    focus: () => input.focus(),
    run,
    dispose() {
      client.close();
      el.remove();
    },
  };
}
