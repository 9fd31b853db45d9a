// Command history as redis-cli keeps it, with what a browser adds: Up and
// Down walk through earlier lines, the line being typed (the draft) is
// kept while walking and comes back at the bottom, a line equal to the
// previous one is not added again, and the history survives reloads
// through a storage object (localStorage, or anything with getItem and
// setItem).

export class History {
  /**
   * @param {{getItem(k:string):string|null, setItem(k:string,v:string):void}|null} storage
   * @param {string} key the storage key
   * @param {number} limit how many lines to keep
   */
  constructor(storage = null, key = 'redwasm:history', limit = 500) {
    this.storage = storage;
    this.key = key;
    this.limit = limit;
    this.entries = [];
    this.pos = 0;     // entries.length means the draft
    this.draft = '';
    if (storage) {
      try {
        const saved = JSON.parse(storage.getItem(key) || '[]');
        if (Array.isArray(saved)) this.entries = saved.filter((e) => typeof e === 'string').slice(-limit);
      } catch {
        // A damaged saved history is dropped.
      }
    }
    this.pos = this.entries.length;
  }

  /** add records a line that was run, and returns to the draft, now empty. */
  add(line) {
    if (line.trim() !== '' && this.entries[this.entries.length - 1] !== line) {
      this.entries.push(line);
      if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
      this.save();
    }
    this.pos = this.entries.length;
    this.draft = '';
  }

  /** up returns the line before, given what the input holds now, or null at the top. */
  up(current) {
    if (this.pos === 0) return null;
    if (this.pos === this.entries.length) this.draft = current;
    this.pos--;
    return this.entries[this.pos];
  }

  /** down returns the line after, the draft at the bottom, or null there. */
  down() {
    if (this.pos >= this.entries.length) return null;
    this.pos++;
    return this.pos === this.entries.length ? this.draft : this.entries[this.pos];
  }

  save() {
    if (!this.storage) return;
    try {
      this.storage.setItem(this.key, JSON.stringify(this.entries));
    } catch {
      // Storage full or refused: the history lives on in memory.
    }
  }
}
