// Compiled with tsc --noEmit --strict by make test: the declarations must
// describe the API as it is used.
import { open, RedisError, DatabaseError, type Reply } from '../../lib/redwasm.js';

async function example(): Promise<void> {
  const db = await open({ name: 'app', durability: 'relaxed', onProgress: (phase, done, total) => console.log(phase, done / total) });
  const mem = await open({ memory: true });
  const c = db.connect();
  const v: Reply = await c.send('SET', 'k', 'v', 'EX', 10);
  await c.send(['GET', 'k']);
  const replies = await c.pipeline([['INCR', 'n'], ['GET', new Uint8Array([1, 2])]]);
  for (const r of replies) if (r instanceof RedisError) console.log(r.code, r.message);
  const text: string = await c.line('SET k "a b"');
  const off = c.onMessage((channel, message, pattern) => console.log(channel, message, pattern));
  off();
  c.onText((t, prompt) => console.log(t, prompt.db, prompt.reading));
  c.onClose((e: DatabaseError) => console.log(e.code));
  const rdb: Uint8Array = await db.export();
  await mem.import(rdb);
  const hint: string = await db.hint('SET k');
  const list: string[] = await db.completions('GE');
  const st = await db.status();
  console.log(v, text, hint, list, st.strict, db.info.rdb, db.persistError);
  try {
    await open({ name: 'app', recover: 'readable' });
  } catch (e) {
    if (e instanceof DatabaseError && e.code === 'CORRUPT') console.log(e.problems.join('\n'));
  }
  c.close();
  await db.close();
}
void example;
