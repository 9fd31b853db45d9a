// What the console shows around a line, in redis-cli's manner: the prompt
// carries the selected database when it is not 0 and "(TX)" inside a
// transaction, as "redwasm[2](TX)> ".

export function promptText(label, state) {
  let p = label;
  if (state.db !== 0) p += `[${state.db}]`;
  if (state.inMulti) p += '(TX)';
  return p + '> ';
}

/**
 * consoleCommand recognises what the console answers itself, before the
 * engine, as try.redis did: CLEAR, and QUIT / EXIT, which in redis-cli end
 * the session (here: start a fresh connection). It returns the command's
 * name in lower case, or null for lines the engine runs.
 */
export function consoleCommand(line) {
  const word = line.trim().toLowerCase();
  return ['clear', 'quit', 'exit'].includes(word) ? word : null;
}

/** outputClass names the style of an output block from its text. */
export function outputClass(text) {
  if (text.startsWith('(error) ')) return 'error';
  if (text.startsWith('Invalid ')) return 'error';
  return 'reply';
}

/** formatBytes writes a size for people: "1.2 MB". */
export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
