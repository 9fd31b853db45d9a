// A real redis-server and redis-cli, the reference the console's text is
// compared with.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** startRedis starts a throwaway redis-server on a unix socket, or returns null when none is installed. */
export async function startRedis() {
  try {
    execFileSync('redis-server', ['--version']);
  } catch {
    if (process.env.CI === 'true') throw new Error('redis-server is not installed');
    return null;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redwasm-e2e-'));
  const socket = path.join(dir, 'redis.sock');
  const proc = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !fs.existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    socket,
    /** cli types lines at redis-cli's prompt (output as on a terminal) and returns what it printed. */
    cli(lines) {
      return execFileSync('redis-cli', ['-s', socket, '--no-raw'], { input: lines.join('\n') + '\n' }).toString();
    },
    stop() {
      proc.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
