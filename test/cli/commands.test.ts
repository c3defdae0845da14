/**
 * The real CLI as users run it: `node bin/xinlian.js …` as a child process on
 * real files in a temp dir. Expected counts come from reading the CSV files with
 * csv-parse (an independent reader), not from the code under test.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { BIN, ROOT, cliWorkspace, type CliRun } from '../helpers/cli.ts';

const ws = cliWorkspace('xinlian-cli-');
let demo: string;

const xinlian = ws.run;

/** Rows of one CSV file of a dataset folder, read by csv-parse. */
function csvRows(dir: string, table: string): Record<string, string>[] {
  const file = path.join(dir, `${table}.csv`);
  return existsSync(file) ? parse(readFileSync(file), { columns: true, bom: true }) : [];
}

const TABLES = ['parks', 'banks', 'firms', 'loans', 'guarantees', 'supply', 'ownership', 'financials'];

beforeAll(async () => {
  demo = path.join(ws.dir, 'demo');
  const r = await xinlian(['generate', '--firms', '200', '--seed', '7', '--out', demo]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('help and usage', () => {
  it('lists every registered command and prints help for each, exit 0', async () => {
    const top = await xinlian(['--help']);
    expect(top.code).toBe(0);
    // Child processes in parallel: each one mostly waits on module loading.
    const runs = await Promise.all(COMMANDS.map((cmd) => xinlian([cmd.name, '--help'])));
    COMMANDS.forEach((cmd, k) => {
      expect(top.stdout).toContain(`  ${cmd.name}`);
      expect(runs[k].code, cmd.name).toBe(0);
      expect(runs[k].stdout).toContain(`Usage: xinlian ${cmd.name}`);
      expect(runs[k].stdout).toContain('--json');
    });
  });

  it('exits 2 for an unknown command, unknown option or missing argument, pointing to --help', async () => {
    const cases = [['frobnicate'], ['validate', demo, '--frob'], ['validate'], ['convert', demo], ['generate', '--firms', '10x', '--out', 'x']];
    const runs = await Promise.all(cases.map((args) => xinlian(args)));
    cases.forEach((args, k) => {
      expect(runs[k].code, args.join(' ')).toBe(2);
      expect(runs[k].stderr).toContain('--help');
      expect(runs[k].stdout).toBe('');
    });
  });
});

describe('validate', () => {
  it('accepts the generated dataset with counts equal to the CSV row counts', async () => {
    const r = await xinlian(['validate', demo, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.ok).toBe(true);
    for (const t of TABLES) expect(body.counts[t], t).toBe(csvRows(demo, t).length);
    const human = await xinlian(['validate', demo]);
    expect(human.stdout).toMatch(/^ok: /);
    expect(human.stderr).not.toMatch(/[\r█]/); // no progress bar when stderr is not a TTY
  });

  it('reports file:line:column [field] for a broken file and exits 1', async () => {
    const broken = path.join(ws.dir, 'broken');
    cpSync(demo, broken, { recursive: true });
    const lines = readFileSync(path.join(broken, 'loans.csv'), 'utf8').split('\n');
    const header = lines[0].split(',');
    const col = header.indexOf('outstanding'); // 0-based; the report is 1-based
    const cells = lines[2].split(',');
    cells[col] = 'abc';
    lines[2] = cells.join(',');
    writeFileSync(path.join(broken, 'loans.csv'), lines.join('\n'));
    const r = await xinlian(['validate', broken]);
    expect(r.code).toBe(1);
    // lines[2] is physical line 3 of the file.
    expect(r.stderr).toContain(`loans.csv:3:${col + 1} [outstanding]`);
    const j = await xinlian(['validate', broken, '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout).issues[0]).toMatchObject({ file: 'loans.csv', line: 3, column: col + 1, field: 'outstanding' });
  });

  it('exits 1 for a folder that does not exist', async () => {
    const r = await xinlian(['validate', path.join(ws.dir, 'nothing-here')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing-here');
  });
});

describe('summary', () => {
  it('--json counts and totals match the CSV files', async () => {
    const r = await xinlian(['summary', demo, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.counts.firms.total).toBe(csvRows(demo, 'firms').length);
    expect(s.counts.loans.total).toBe(csvRows(demo, 'loans').length);
    expect(s.counts.guarantees).toBe(csvRows(demo, 'guarantees').length);
    const outstanding = csvRows(demo, 'loans').reduce((sum, l) => sum + Number(l.outstanding), 0);
    expect(s.exposure.loanOutstanding).toBeCloseTo(outstanding, 6);
    expect(s.parks.map((p: { id: string }) => p.id)).toEqual(csvRows(demo, 'parks').map((p) => p.id));
    expect(s.circles.sizes.reduce((a: number, b: number) => a + b, 0)).toBe(s.circles.firmsInCircles);
  });

  it('--csv prints one row per park plus the outside-parks row', async () => {
    const r = await xinlian(['summary', demo, '--csv']);
    expect(r.code).toBe(0);
    const rows: string[][] = parse(r.stdout);
    expect(rows[0].slice(0, 4)).toEqual(['park', 'name', 'kind', 'firms']);
    expect(rows.length - 1).toBe(csvRows(demo, 'parks').length + 1);
    // Firms in parks plus firms outside add up to all firms.
    expect(rows.slice(1).reduce((sum, row) => sum + Number(row[3]), 0)).toBe(csvRows(demo, 'firms').length);
  });
});

describe('summary --html', () => {
  it('writes a self-contained report with park names escaped', async () => {
    const evil = path.join(ws.dir, 'evil');
    cpSync(demo, evil, { recursive: true });
    const parks = readFileSync(path.join(evil, 'parks.csv'), 'utf8').split('\n');
    const cells = parks[1].split(',');
    cells[1] = '<img src=x onerror=alert(1)>园';
    parks[1] = cells.join(',');
    writeFileSync(path.join(evil, 'parks.csv'), parks.join('\n'));
    const file = path.join(ws.dir, 'summary.html');
    const r = await xinlian(['summary', evil, '--html', file]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;园');
    expect(page).not.toContain('<img');
    expect(page).toContain("default-src 'none'");
  });
});

describe('generate', () => {
  it('is deterministic: the same seed gives byte-identical files, another seed does not', async () => {
    const again = path.join(ws.dir, 'again');
    const other = path.join(ws.dir, 'other');
    expect((await xinlian(['generate', '--firms', '200', '--seed', '7', '--out', again])).code).toBe(0);
    expect((await xinlian(['generate', '--firms', '200', '--seed', '8', '--out', other, '--json'])).code).toBe(0);
    for (const f of readdirSync(demo)) expect(readFileSync(path.join(again, f)).equals(readFileSync(path.join(demo, f))), f).toBe(true);
    expect(readFileSync(path.join(other, 'firms.csv')).equals(readFileSync(path.join(demo, 'firms.csv')))).toBe(false);
  });

  it('refuses a non-empty --out without --force (exit 2) and replaces it with --force', async () => {
    const dir = path.join(ws.dir, 'occupied');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
    const r = await xinlian(['generate', '--firms', '100', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    const ok = await xinlian(['generate', '--firms', '100', '--out', path.join(ws.dir, 'fresh'), '--json']);
    expect(ok.code).toBe(0);
    const body = JSON.parse(ok.stdout);
    expect(body.rows.firms).toBe(100);
    expect(csvRows(path.join(ws.dir, 'fresh'), 'firms')).toHaveLength(100);
    const again = await xinlian(['generate', '--firms', '100', '--seed', '3', '--out', path.join(ws.dir, 'fresh'), '--force']);
    expect(again.code, again.stderr).toBe(0);
  });
});

describe('convert', () => {
  it('round-trips csv → json → csv with every value unchanged', async () => {
    const json = path.join(ws.dir, 'demo.json');
    const back = path.join(ws.dir, 'back');
    const a = await xinlian(['convert', demo, json, '--to', 'json']);
    expect(a.code, a.stderr).toBe(0);
    const b = await xinlian(['convert', json, back, '--to', 'csv']);
    expect(b.code, b.stderr).toBe(0);
    for (const t of TABLES) expect(csvRows(back, t), t).toEqual(csvRows(demo, t));
    expect(JSON.parse(readFileSync(path.join(back, 'dataset.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(path.join(demo, 'dataset.json'), 'utf8')));
  });

  it('writes GEXF and GraphML, and refuses to overwrite without --force', async () => {
    for (const format of ['gexf', 'graphml']) {
      const out = path.join(ws.dir, `demo.${format}`);
      const r = await xinlian(['convert', demo, out, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).format).toBe(format);
      expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml/);
      const again = await xinlian(['convert', demo, out]);
      expect(again.code).toBe(2);
    }
  });
});

describe('serve', () => {
  let blocker: Server;
  afterAll(() => blocker?.close());

  /** Starts `xinlian serve`, waits for the URL line, runs `use`, then stops it with SIGTERM. */
  async function serving(args: string[], use: (url: string, stderr: () => string) => Promise<void>): Promise<CliRun> {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ws.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (m) resolve(m[1]);
      });
      void closed.then(() => reject(new Error(`serve exited early:\n${stderr}`)));
    });
    try {
      await use(url, () => stderr);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await closed;
    return { code, stdout, stderr };
  }

  it('prints its URL, answers the API and the viewer, and stops cleanly on SIGTERM', async () => {
    const web = path.join(ws.dir, 'web');
    mkdirSync(web, { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>xinlian test viewer</title>');
    const run = await serving([demo, '--port', '0', '--web', web], async (url) => {
      const summary = await (await fetch(`${url}api/summary`)).json();
      expect(summary.counts.firms.total).toBe(csvRows(demo, 'firms').length);
      const page = await fetch(url);
      expect(await page.text()).toContain('xinlian test viewer');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('stopped (SIGTERM)');
  });

  it('moves to the next port when the requested one is busy and tells the user', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    const run = await serving([demo, '--port', String(busy), '--web', path.join(ws.dir, 'no-web-here')], async (url, stderr) => {
      expect(url).not.toContain(`:${busy}/`);
      expect(stderr()).toContain(`port ${busy} is in use`);
      expect(stderr()).toContain('npm run build:web');
      expect((await fetch(`${url}api/firms/no-such-firm`)).status).toBe(404);
    });
    expect(run.code).toBe(0);
  });
});
