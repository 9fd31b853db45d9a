// Tab completion as linenoise (redis-cli's line editor) does it: the
// first Tab shows the first candidate, each further Tab the next, and
// after the last the line as it was typed; any other key keeps what is
// shown. The candidates come from the engine's help topics.

export class Completion {
  constructor() {
    this.reset();
  }

  reset() {
    this.original = null;
    this.candidates = [];
    this.index = 0;
  }

  get active() {
    return this.original !== null;
  }

  /** start begins cycling through candidates for the line typed. */
  start(line, candidates) {
    this.original = line;
    this.candidates = candidates;
    this.index = 0;
    return this.current();
  }

  /** next moves to the next candidate (or back to the typed line). */
  next() {
    this.index = (this.index + 1) % (this.candidates.length + 1);
    return this.current();
  }

  /** cancel returns to the typed line (Escape). */
  cancel() {
    const line = this.original;
    this.reset();
    return line;
  }

  current() {
    return this.index < this.candidates.length ? this.candidates[this.index] : this.original;
  }
}
