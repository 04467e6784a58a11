#!/usr/bin/env node
// `npm run bench`: speed and memory in real Chromium, beside what each figure is compared with
// in the same run (no extension, the gmail.js peer, raw IndexedDB, the full recomputation).
// Nothing here is a timed test: the vitest files in tests/bench/ print rows, this launcher
// builds the extension, runs them, and prints one table with the machine it ran on.
//   npm run bench                      the table (storage at a share of full size)
//   npm run bench -- --full            storage at full size: 200,000 touchpoints
//   npm run bench -- --write-readme    also rewrite the table in README.md (between the bench markers)
//   npm run bench -- --reps 6          repetitions per page-cost figure (default 4)
//   npm run bench -- storage           only files matching "storage" (any vitest filter)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
};
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const full = flag('--full');
const writeReadme = flag('--write-readme');
const reps = option('--reps');

const dir = '.tmp/bench';
mkdirSync(dir, { recursive: true });
const results = join(dir, 'results.jsonl');
rmSync(results, { force: true });
const started = Date.now();
const load0 = loadavg()[0];

// The tools run straight from node_modules: `npx` would resolve them again each time and stay
// alive beside them, in the run's time and memory.
const tool = (path) => join('node_modules', path);

// The production build is what users install; its content scripts are what the page pays for.
const built = spawnSync(process.execPath, [tool('wxt/bin/wxt.mjs'), 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (built.status !== 0) process.exit(built.status ?? 1);

// Peak memory of everything this run starts (Node, vitest, Chromium and its children): the sum
// over the process tree, sampled every half second. Where Linux gives it, each process counts
// its proportional set size (PSS, /proc/<pid>/smaps_rollup): a page shared by N processes
// counts 1/N in each, so Chromium's many processes sharing one binary and shared memory are
// not counted many times over, as a sum of resident sizes (RSS) counts them. The RSS sum is
// kept beside it for comparison.
const PROC = existsSync('/proc/self/smaps_rollup');
const peak = { pssKb: 0, rssKb: 0 };
const memoryLog = join(dir, 'memory.csv');
writeFileSync(memoryLog, 'seconds,pss_mb,rss_mb,processes\n');
function tree() {
  const children = new Map();
  const add = (pid, ppid) => children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  if (PROC) {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        // pid (comm) state ppid …: comm may hold spaces and parentheses.
        add(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // gone meanwhile
      }
    }
  } else {
    for (const l of execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')) {
      const [pid, ppid] = l.trim().split(/\s+/).map(Number);
      add(pid, ppid);
    }
  }
  const pids = [];
  const stack = [process.pid];
  while (stack.length) {
    const pid = stack.pop();
    pids.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return pids;
}
function sampleMemory() {
  try {
    const pids = tree();
    let pss = 0;
    let rss = 0;
    if (PROC) {
      for (const pid of pids) {
        try {
          const t = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
          pss += Number(/^Pss:\s+(\d+)/m.exec(t)?.[1] ?? 0);
          rss += Number(/^Rss:\s+(\d+)/m.exec(t)?.[1] ?? 0);
        } catch {
          // exited meanwhile
        }
      }
    } else {
      const rows = execFileSync('ps', ['-o', 'rss=', '-p', pids.join(',')], { encoding: 'utf8' });
      rss = rows.split('\n').reduce((a, l) => a + (Number(l.trim()) || 0), 0);
    }
    peak.pssKb = Math.max(peak.pssKb, pss);
    peak.rssKb = Math.max(peak.rssKb, rss);
    // The run's memory over time (seconds, MB), to see which part costs what.
    appendFileSync(memoryLog, `${((Date.now() - started) / 1000).toFixed(1)},${(pss / 1024).toFixed(0)},${(rss / 1024).toFixed(0)},${pids.length}\n`);
  } catch {
    // no process table: no memory figure.
  }
}
const sampler = setInterval(sampleMemory, 500);

const env = { ...process.env, BENCH_RESULTS: results, ...(full ? { BENCH_SCALE: '1' } : {}), ...(reps ? { BENCH_REPS: reps } : {}) };
const child = spawn(process.execPath, [tool('vitest/vitest.mjs'), 'run', '-c', 'vitest.bench.config.ts', ...args], { stdio: 'inherit', env });
const status = await new Promise((ok) => child.on('exit', (code) => ok(code ?? 1)));
clearInterval(sampler);
sampleMemory();

const rows = existsSync(results)
  ? readFileSync(results, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === 'row')
  : [];
const order = ['Content scripts', 'Page cost', 'Capture', 'Storage', 'Parser fuzz'];
rows.sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));

let chromium = 'Chromium';
try {
  chromium = execFileSync(process.env.CHROME_PATH || '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  // not found: the benchmark itself will have said so.
}
const seconds = Math.round((Date.now() - started) / 1000);
const cpu = cpus();
// The budget applies to PSS where it is measured, else to the RSS sum (an overestimate).
const peakKb = PROC ? peak.pssKb : peak.rssKb;
const memory = PROC
  ? `peak memory ${(peak.pssKb / 1024).toFixed(0)} MB (PSS summed over the process tree; RSS sum ${(peak.rssKb / 1024).toFixed(0)} MB)`
  : `peak memory ${(peak.rssKb / 1024).toFixed(0)} MB (RSS summed over the process tree)`;
const machine =
  `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}; ` +
  `Node ${process.version}, ${chromium}, headless. Run: ${seconds} s, ${memory} ` +
  `(budget: under 3 minutes and 1 GB${seconds <= 180 && peakKb <= 1024 * 1024 ? ', held' : ', not held'}).`;

const cell = (s) => String(s ?? '').replace(/\|/g, '\\|');
const table = [
  '| | what | figure | compared with (same run) | budget | held |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${cell(r.section)} | ${cell(r.what)} | ${cell(r.figure)} | ${cell(r.compared)} | ${cell(r.budget)} | ${r.held === undefined ? '' : r.held ? 'yes' : '**no**'} |`),
].join('\n');
const generated = `${table}\n\n${machine} Medians of repetitions; generated by \`npm run bench -- --write-readme\` on ${new Date().toISOString().slice(0, 10)}.`;

console.log('\n══ Deal Debrief benchmarks ══\n');
console.log(table);
console.log(`\n${machine}`);

if (writeReadme) {
  const readme = readFileSync('README.md', 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) {
    console.error(`README.md has no ${start} … ${end} section to rewrite.`);
    process.exit(1);
  }
  writeFileSync('README.md', `${readme.slice(0, a + start.length)}\n${generated}\n${readme.slice(b)}`);
  console.log('README.md: benchmark table rewritten.');
}
process.exit(status);
