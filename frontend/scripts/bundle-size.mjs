// The JavaScript a first visit downloads before anything shows: the entry script of dist/index.html
// and the modules it preloads, gzipped as a server sends them. Fails above the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const budgetKb = 200;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [
  ...html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g),
].map((match) => match[1]);

let total = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(2).padStart(8)} KB  ${file}`);
}
const totalKb = total / 1024;
console.log(`${totalKb.toFixed(2).padStart(8)} KB  initial JS, gzipped (budget ${budgetKb} KB)`);
if (totalKb > budgetKb) {
  console.error(`Initial JS is over budget by ${(totalKb - budgetKb).toFixed(2)} KB`);
  process.exit(1);
}
