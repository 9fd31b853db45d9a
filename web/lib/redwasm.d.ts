// TypeScript declarations for redwasm.js, redwasm's JavaScript API.

/** A value a reply decodes to (RESP3 types mapped to JavaScript). */
export type Reply =
  | string
  | number
  | bigint
  | boolean
  | null
  | Uint8Array
  | RedisError
  | Reply[]
  | Map<Reply, Reply>
  | Set<Reply>;

/** An argument of a command: strings are sent as UTF-8. */
export type Arg = string | number | bigint | Uint8Array;

/** An error reply from the engine; message is Redis's text. */
export class RedisError extends Error {
  readonly name: 'RedisError';
  /** The first word of the message: "ERR", "WRONGTYPE", ... */
  readonly code: string;
}

/** A RESP3 push message as decoded. */
export class Push {
  readonly items: Reply[];
}

/** A failure of the database itself rather than of a command. */
export class DatabaseError extends Error {
  readonly name: 'DatabaseError';
  /**
   * IN_USE: another tab has the database open. CORRUPT: the stored data
   * fails its checks (see problems; open again with recover). LOAD: the
   * engine could not start. UNSAVED: a write could not be stored (it stays
   * in memory and is retried). CLOSED: closed here. DISCONNECTED: closed by
   * the engine (QUIT, CLIENT KILL). ERROR: anything else.
   */
  readonly code: 'IN_USE' | 'CORRUPT' | 'LOAD' | 'UNSAVED' | 'CLOSED' | 'DISCONNECTED' | 'ERROR';
  readonly problems: string[];
}

export interface OpenOptions {
  /** The database to open, kept in IndexedDB. Default "default". */
  name?: string;
  /** Keep the database in memory only. */
  memory?: boolean;
  /**
   * "strict" (default): a write's promise resolves once its log record is
   * committed to IndexedDB; the writes of one event-loop turn share one
   * commit. "relaxed": replies come at once and writes are committed
   * within a second, like Redis's appendfsync everysec; closing the tab
   * may lose the last second.
   */
  durability?: 'strict' | 'relaxed';
  /** Ask IndexedDB to flush each commit to disk (its "strict" durability). */
  flushToDisk?: boolean;
  /**
   * For a database that failed to open with CORRUPT: "readable" loads what
   * is still readable into memory (nothing is written back; export it),
   * "reset" deletes the database and starts afresh.
   */
  recover?: 'readable' | 'reset';
  /** Progress while the engine downloads ("download") and data restores ("restore"). */
  onProgress?: (phase: 'download' | 'restore' | 'waiting', done: number, total: number) => void;
  /** Where worker.js is, if not beside redwasm.js. */
  workerURL?: string | URL;
}

export interface OpenInfo {
  memory?: boolean;
  /** Whether the engine can write and read RDB files (export, import, compaction). */
  rdb: boolean;
  /** How long loading the stored data took. */
  restoreMs?: number;
  /** What the data loaded from: "aof" (snapshot and log), or "" for a new database. */
  source?: string;
  /** Keys loaded from the snapshot. */
  keys?: number;
  /** Commands replayed from the log. */
  commands?: number;
  /** The log ended with an incomplete command or transaction, which was dropped. */
  truncated?: boolean;
  /** Opened with recover: "readable". */
  recovered?: boolean;
  /** Opened with recover: "reset" after damage. */
  reset?: boolean;
}

export interface PersistStatus {
  memory?: boolean;
  written?: number;
  committed?: number;
  logBytes?: number;
  /** The last commit's failure. */
  error?: string;
  strict: boolean;
}

/** Opens a database in a new Web Worker. */
export function open(options?: OpenOptions): Promise<Database>;

export class Database {
  readonly info: OpenInfo;
  /** The last persistence failure, or null. */
  readonly persistError: string | null;
  /** A new connection, with its own selected database, transaction and subscriptions. */
  connect(options?: { protocol?: 2 | 3; binary?: boolean }): Client;
  /** The whole dataset as an RDB file. */
  export(): Promise<Uint8Array>;
  /** Replaces the whole dataset with an RDB file's; resolves once stored. */
  import(rdb: Uint8Array | ArrayBuffer): Promise<void>;
  /** Resolves once every write so far is stored. */
  flush(): Promise<void>;
  status(): Promise<PersistStatus>;
  /** redis-cli's grey hint of the arguments still to type. */
  hint(line: string): Promise<string>;
  /** What Tab offers for a typed line, in redis-cli's order. */
  completions(line: string): Promise<string[]>;
  /** Called with an error when saving starts failing, with null when it works again. */
  onStatus(cb: (error: string | null) => void): () => void;
  /** Stores what is pending and stops the engine. */
  close(): Promise<void>;
}

export interface Prompt {
  db: number;
  inMulti: boolean;
  /** Reading messages (SUBSCRIBE, MONITOR): redis-cli shows no prompt. */
  reading: boolean;
}

export class Client {
  readonly id: number;
  /** What redis-cli's prompt would show after the last line. */
  readonly prompt: Prompt;
  /** Runs a command; rejects with RedisError for an error reply. */
  send(...args: Arg[]): Promise<Reply>;
  send(args: Arg[]): Promise<Reply>;
  /** Runs commands without waiting in between; error replies come back as RedisError values. */
  pipeline(commands: Arg[][]): Promise<Reply[]>;
  /** Runs a line as typed at redis-cli's prompt and resolves to what redis-cli prints. */
  line(text: string): Promise<string>;
  /** Pub/sub messages: channel, message and, for pattern subscriptions, the pattern. */
  onMessage(cb: (channel: Reply, message: Reply, pattern?: Reply) => void): () => void;
  /** Other RESP3 push messages (client tracking invalidations). */
  onPush(cb: (items: Reply[]) => void): () => void;
  /** Text redis-cli prints between prompts (messages while reading, MONITOR). */
  onText(cb: (text: string, prompt: Prompt) => void): () => void;
  onClose(cb: (error: DatabaseError) => void): () => void;
  close(): void;
}
