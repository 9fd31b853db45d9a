// Shared by the browser tests and the browser benchmark: serves the built
// site with tools/webserve and drives Debian's chromium through
// playwright-core (never a downloaded browser).

import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Chromium running as root in a container needs these.
export const chromiumFlags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** serve starts the dev web server on a free port; returns {url, stop}. */
export async function serve() {
  if (process.env.REDWASM_URL) return { url: process.env.REDWASM_URL, stop() {} };
  let bin = process.env.REDWASM_WEBSERVE;
  if (!bin) {
    // Built, not run with go run: go run would leave the server behind
    // when killed.
    bin = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'redwasm-webserve-')), 'webserve');
    execFileSync('go', ['build', '-o', bin, './tools/webserve'], { cwd: repo, stdio: 'inherit' });
  }
  const proc = spawn(bin, ['-addr', '127.0.0.1:0', '-dir', path.join(repo, 'static')], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/localhost:(\d+)\//);
      if (m) resolve(`http://127.0.0.1:${m[1]}/`);
    });
    proc.on('exit', (code) => reject(new Error(`webserve exited with ${code}`)));
  });
  return {
    url,
    stop() {
      proc.stdout.destroy();
      proc.kill();
    },
  };
}

/** launch starts chromium with a fresh profile. */
export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: chromiumFlags });
}

/**
 * openConsole opens the playground on a database and waits for its
 * prompt; page errors fail the test.
 */
export async function openConsole(context, url, query = '?memory') {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e));
  page.on('dialog', (d) => {
    page.errors.push(new Error(`unexpected dialog: ${d.message()}`));
    d.dismiss();
  });
  await page.goto(url + query);
  await page.waitForSelector('body[data-ready=true], #notice:not([hidden])');
  return page;
}

/** typeLine types a line into pane n (1-based) and waits for its answer. */
export async function typeLine(page, text, pane = 1) {
  const input = page.locator(`.pane:nth-child(${pane}) input`);
  const log = page.locator(`.pane:nth-child(${pane}) .log`);
  const before = await log.locator('.echo').count();
  await input.fill(text);
  await input.press('Enter');
  await log.locator('.echo').nth(before).waitFor();
  // Answered: the input is writable again (or reading messages).
  await page.waitForFunction((p) => {
    const pane = document.querySelector(`.pane:nth-child(${p})`);
    return !pane.querySelector('input').readOnly || pane.querySelector('.status').textContent.startsWith('Reading');
  }, pane);
}

/** output returns the text printed after the echo of the n-th line (0-based) of a pane. */
export async function outputs(page, pane = 1) {
  return page.locator(`.pane:nth-child(${pane}) .log`).evaluate((log) => {
    const lines = [];
    let current = null;
    for (const el of log.children) {
      if (el.classList.contains('echo')) {
        current = { line: el.lastChild.textContent, text: '' };
        lines.push(current);
      } else if (current) {
        current.text += el.textContent + '\n';
      }
    }
    return lines;
  });
}
