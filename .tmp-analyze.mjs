import { rolldown } from 'rolldown';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
const root = process.cwd();
const name = process.argv[2] ?? 'gmail';
writeFileSync('/tmp/gmailcost/shim.js', 'export function defineContentScript(x){return x}');
const b = await rolldown({
  input: `${root}/entrypoints/${name}.content.ts`,
  resolve: { alias: { 'wxt/browser': `${root}/lib/content/ext.ts` } },
  transform: { inject: { defineContentScript: ['/tmp/gmailcost/shim.js', 'defineContentScript'] } },
});
const { output } = await b.generate({ format: 'iife', minify: true });
const c = output[0];
console.log('total', c.code.length, 'gz', gzipSync(c.code, { level: 9 }).length);
const rows = Object.entries(c.modules).map(([f, m]) => [f.replace(root + '/', ''), m.renderedLength]).sort((a, b) => b[1] - a[1]);
for (const [f, n] of rows) console.log(String(n).padStart(7), f);
