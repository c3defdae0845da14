/**
 * The bulk path (src/io/neo4j/bulk.ts): dataset → neo4j-admin import CSV → the
 * test server's store (tools/neo4j `--import`) → constraints. The references are
 * the dataset itself (loadDataset must give it back exactly, counts come from
 * expectedCounts) and the MERGE import of the same dataset into the shared harness
 * server: both paths must build the same graph, property for property.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { execFile, execFileSync } from 'node:child_process';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/io/errors.ts';
import { readDataset } from '../../src/io/index.ts';
import {
  BULK_ARGS_FILE, BULK_CONSTRAINTS_FILE, connectNeo4j, csvField, importDataset, loadDataset, startBulkTestServer, TEST_SERVER_JAR, writeBulkImport, assertEmptyDatabase, type Neo4jConnection,
} from '../../src/io/neo4j/index.ts';
import type { Dataset } from '../../src/model/schema.ts';
import { clearDatabase, expectedCounts, openHarness, storedCounts, type Harness } from './harness.ts';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await openHarness();
  dir = mkdtempSync(path.join(tmpdir(), 'xinlian-bulk-test-'));
});
afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A value as comparable text: Neo4j integers and floats stay distinct, -0 keeps its sign, map keys sorted. */
function canon(v: unknown): string {
  if (neo4j.isInt(v)) return `i${v.toString()}`;
  if (typeof v === 'number') return `f${Object.is(v, -0) ? '-0' : String(v)}`;
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Every node (labels, properties) and relationship (type, end keys, properties) as sorted text, plus the schema names. */
async function graphDump(conn: Neo4jConnection): Promise<{ nodes: string[]; rels: string[]; schema: string[] }> {
  const s = conn.driver.session({ database: conn.settings.database });
  try {
    const key = (x: string) => `[labels(${x}), coalesce(${x}.id, ${x}.key, ${x}.firm_id + '/' + toString(${x}.year))]`;
    const nodes = (await s.run('MATCH (n) RETURN labels(n) AS l, properties(n) AS p')).records.map((r) => canon([r.get('l'), r.get('p')]));
    const rels = (await s.run(`MATCH (a)-[r]->(b) RETURN type(r) AS t, ${key('a')} AS a, ${key('b')} AS b, properties(r) AS p`)).records
      .map((r) => canon([r.get('t'), r.get('a'), r.get('b'), r.get('p')]));
    const schema = [
      ...(await s.run('SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties')).records,
      ...(await s.run("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state WHERE type <> 'LOOKUP' RETURN name, type, labelsOrTypes, properties, state")).records,
    ].map((r) => canon(r.toObject()));
    return { nodes: nodes.sort(), rels: rels.sort(), schema: schema.sort() };
  } finally {
    await s.close();
  }
}

/** Bulk-imports `ds` into a fresh test server and runs `check` against it. */
async function withBulkServer(ds: Dataset, check: (conn: Neo4jConnection) => Promise<void>): Promise<void> {
  const bulk = await startBulkTestServer(ds, { heap: '1g' });
  try {
    const conn = await connectNeo4j(bulk.server.settings);
    try {
      await check(conn);
    } finally {
      await conn.close();
    }
  } finally {
    await bulk.server.stop();
  }
}

function emptyDataset(name: string): Dataset {
  return { meta: { name, formatVersion: 1, currency: 'CNY', unit: 10000 }, firms: [], parks: [], banks: [], loans: [], guarantees: [], supply: [], ownership: [], financials: [] };
}

/**
 * Text that a CSV writer or reader could get wrong: quotes, the delimiter, line
 * breaks, header-like and option-like text, Cypher, backslashes, surrounding
 * blanks; numbers at the edges of a double.
 */
function hostileDataset(): Dataset {
  const ds = emptyDataset('bulk "hostile", name\nwith a line break');
  ds.parks.push({ id: 'P,1', name: '"quoted", park', region: 'a;b|c', lead_industries: ['C1952', 'C1910'], capacity: 3 });
  ds.banks.push({ id: 'B"1"', name: 'Bank\r\nTwo lines', kind: 'city', capital: 1.7976931348623157e308 });
  ds.firms.push(
    { id: 'F1', name: 'a,b,"c"', industry: 'C1952', kind: 'enterprise', park_id: 'P,1', region: 'id:ID(Firm)', founded: -12, employees: 0, equity: -0, pd: 0.1 + 0.2, lgd: 0.45, flags: ['tech', 'foreign_trade'], extra: { 'legal,rep': '王"某"\n' } },
    { id: "F2'}) DETACH DELETE n //", name: '`Robert`); MATCH (n) DETACH DELETE n; //', industry: 'C33', kind: 'guarantor', equity: 5e-324, lgd: 0.45, flags: [] },
    { id: 'F3\\"x', name: '  --nodes=Firm=/etc/passwd  ', industry: 'C3311', kind: 'enterprise', equity: -1e21, lgd: 0.45, flags: ['dishonest'] },
    { id: 'F4\n4', name: '""', industry: 'C3311', kind: 'enterprise', lgd: 0.45, flags: [], region: ':LABEL' },
  );
  ds.loans.push({ id: 'L,1', bank_id: 'B"1"', borrower_id: 'F1', amount: 500, outstanding: 480.5, start: '2024-01-15', rate: 0.0385, renewal: true, risk_share: false });
  ds.guarantees.push(
    { id: 'G"1', guarantor_id: "F2'}) DETACH DELETE n //", borrower_id: 'F1', loan_id: 'L,1', amount: 250, group: 'J,1', end: '2026-01-15' },
    { id: 'G2', guarantor_id: 'F3\\"x', borrower_id: 'F4\n4', amount: 1e-7 },
  );
  ds.supply.push({ supplier_id: 'F3\\"x', customer_id: 'F1', value: 1200.5, since: 2018, payment_delay_days: 45, disputes: 0 });
  ds.ownership.push({ owner_id: 'B"1"', owned_id: 'F1', share: 0.1 }, { owner_id: 'F1', owned_id: "F2'}) DETACH DELETE n //", share: 1 });
  ds.financials.push({ firm_id: 'F1', year: 2023, revenue: 9000, ebit: -319.51 }, { firm_id: 'F4\n4', year: 2024 });
  return ds;
}

describe('csvField', () => {
  it('quotes strings (doubling quotes), leaves absent values empty and writes numbers that parse back exactly', () => {
    // RFC 4180: a field in quotes, an inner quote doubled; commas and line breaks stay as they are.
    expect(csvField('a"b,c\nd', 'string', ';')).toBe('"a""b,c\nd"');
    expect(csvField('""', 'string', ';')).toBe('""""""');
    expect(csvField('', 'string', ';')).toBe('""');
    expect(csvField(null, 'string', ';')).toBe('');
    expect(csvField(undefined, 'double', ';')).toBe('');
    expect(csvField(['tech', 'a"b'], 'string[]', '|')).toBe('"tech|a""b"');
    expect(csvField(-0, 'double', ';')).toBe('-0.0');
    expect(csvField(0.1 + 0.2, 'double', ';')).toBe('0.30000000000000004');
    expect(csvField(2 ** 53 - 1, 'long', ';')).toBe('9007199254740991');
    expect(csvField(neo4j.int(-42), 'long', ';')).toBe('-42');
    expect(csvField(false, 'boolean', ';')).toBe('false');
  });
});

describe('bulk import into the test server', () => {
  it('the demo: load gives the dataset back exactly, and the graph equals a MERGE import of it', async () => {
    const { dataset } = await readDataset('data/demo');
    await clearDatabase(h.conn);
    await importDataset(h.conn, dataset);
    const merged = await graphDump(h.conn);
    const mergedCounts = await storedCounts(h.conn);
    expect(mergedCounts).toEqual(expectedCounts(dataset));
    await withBulkServer(dataset, async (conn) => {
      expect(await storedCounts(conn)).toEqual(mergedCounts);
      expect(await loadDataset(conn)).toEqual(dataset);
      const bulk = await graphDump(conn);
      expect(bulk.nodes).toEqual(merged.nodes);
      expect(bulk.rels).toEqual(merged.rels);
      expect(bulk.schema).toEqual(merged.schema);
    });
  }, 300_000);

  it('hostile text (quotes, commas, line breaks, delimiter-, header- and Cypher-like strings) and edge numbers are stored as plain data', async () => {
    const ds = hostileDataset();
    await clearDatabase(h.conn);
    await importDataset(h.conn, ds);
    const merged = await graphDump(h.conn);
    await withBulkServer(ds, async (conn) => {
      expect(await storedCounts(conn)).toEqual(expectedCounts(ds));
      expect(await loadDataset(conn)).toEqual(ds);
      const bulk = await graphDump(conn);
      expect(bulk.nodes).toEqual(merged.nodes);
      expect(bulk.rels).toEqual(merged.rels);
      // And read directly, without the loader's checks: the values of the dataset above.
      const s = conn.driver.session();
      try {
        const f = (await s.run('MATCH (f:Firm) RETURN f.id AS id, f.name AS name, f.equity AS equity ORDER BY f.seq')).records.map((r) => [r.get('id'), r.get('name'), r.get('equity')]);
        expect(f).toEqual([
          ['F1', 'a,b,"c"', -0],
          ["F2'}) DETACH DELETE n //", '`Robert`); MATCH (n) DETACH DELETE n; //', 5e-324],
          ['F3\\"x', '  --nodes=Firm=/etc/passwd  ', -1e21],
          ['F4\n4', '""', null],
        ]);
        expect(Object.is(f[0]![2], -0)).toBe(true);
        const b = (await s.run('MATCH (b:Bank) RETURN b.name AS name, b.capital AS capital')).records[0]!;
        expect([b.get('name'), b.get('capital')]).toEqual(['Bank\r\nTwo lines', 1.7976931348623157e308]);
      } finally {
        await s.close();
      }
    });
  }, 300_000);

  it('list items holding ; and | get a free array delimiter and come back whole', async () => {
    const ds = emptyDataset('lists');
    ds.parks.push({ id: 'P1', name: 'p', lead_industries: ['C1;952', 'C1|910', 'C,3'] });
    const files = writeBulkImport(ds, path.join(dir, 'lists'));
    expect(files.args).toContain('--array-delimiter=U+001F');
    // The options file is renamed into place: no temporary file is left beside it.
    expect(readdirSync(files.dir).filter((f) => f.startsWith(BULK_ARGS_FILE))).toEqual([BULK_ARGS_FILE]);
    // neo4j-admin splits on the delimiter inside quotes too; U+001F occurs in no item.
    expect(readFileSync(path.join(files.dir, 'parks.csv'), 'utf8')).toContain('"C1;952\u001fC1|910\u001fC,3"');
    await withBulkServer(ds, async (conn) => {
      const s = conn.driver.session();
      try {
        const r = (await s.run('MATCH (p:Park) RETURN p.lead_industries AS l')).records[0]!;
        expect(r.get('l')).toEqual(['C1;952', 'C1|910', 'C,3']);
      } finally {
        await s.close();
      }
    });
  }, 300_000);
});

describe('refusals', () => {
  it('a server holding nodes is refused with the count and the alternative; an empty one is accepted', async () => {
    const ds = hostileDataset();
    await clearDatabase(h.conn);
    await importDataset(h.conn, ds);
    // 1 park + 1 bank + 4 firms + 2 financials + the :Dataset node.
    await expect(assertEmptyDatabase(h.conn)).rejects.toThrow(/bulk import needs an empty database, but bolt:\/\/\S+ holds 9 nodes; use the MERGE import \(without --bulk\)/);
    await clearDatabase(h.conn);
    await expect(assertEmptyDatabase(h.conn)).resolves.toBeUndefined();
  });

  it('the test server refuses to import into a store that already holds the database', async () => {
    const files = writeBulkImport(hostileDataset(), path.join(dir, 'refuse-csv'));
    const store = path.join(dir, 'refuse-store');
    mkdirSync(path.join(store, 'import-home', 'data', 'databases', 'neo4j'), { recursive: true });
    writeFileSync(path.join(store, 'import-home', 'data', 'databases', 'neo4j', 'neostore'), 'x');
    const child = spawn('java', ['-jar', TEST_SERVER_JAR, '--dir', store, '--import', files.dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(3);
    expect(stderr).toContain(`the target store ${path.join(store, 'import-home', 'data', 'databases', 'neo4j')} already holds a database; the bulk import only fills an empty one`);
  }, 60_000);

  it('the test server waits for the options file only as long as --import-wait says, then exits with a clear error', async () => {
    const csv = path.join(dir, 'never-written');
    mkdirSync(csv);
    const store = path.join(dir, 'wait-store');
    mkdirSync(store);
    const child = spawn('java', ['-jar', TEST_SERVER_JAR, '--dir', store, '--import', csv, '--import-wait', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(3);
    expect(stderr).toContain(`--import: ${path.join(csv, BULK_ARGS_FILE)} did not appear within 1 s (xinlian's bulk writer writes it last, once every CSV file is complete)`);
  }, 60_000);

  it('a schema statement that fails stops the server before its ready line, naming the statement', async () => {
    const files = writeBulkImport(hostileDataset(), path.join(dir, 'bad-schema'));
    writeFileSync(path.join(files.dir, BULK_CONSTRAINTS_FILE), 'CREATE CONSTRAINT xinlian_firm_id IF NOT EXISTS FOR (n:Firm) REQUIRE n.id IS UNIQUE;\nCREATE NONSENSE;\n');
    const store = path.join(dir, 'bad-schema-store');
    mkdirSync(store);
    const child = spawn('java', ['-jar', TEST_SERVER_JAR, '--dir', store, '--import', files.dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(3);
    expect(stdout).not.toContain('NEO4J_READY');
    expect(stderr).toContain('--import: creating the schema failed at `CREATE NONSENSE`');
  }, 120_000);

  it('startBulkTestServer refuses bad data with DataError, kills the server it had started and leaves no folder behind', async () => {
    const ds = hostileDataset();
    ds.guarantees.push({ id: 'G9', guarantor_id: 'nobody', borrower_id: 'F1', amount: 1 });
    const javaChildren = () => execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)]).toString().split('\n').filter((l) => l.includes(TEST_SERVER_JAR) && l.includes('--import'));
    const bulkDirs = () => readdirSync(tmpdir()).filter((f) => f.startsWith('xinlian-bulk-'));
    const before = new Set(bulkDirs());
    await expect(startBulkTestServer(ds)).rejects.toThrow(DataError);
    expect(javaChildren()).toEqual([]);
    expect(bulkDirs().filter((f) => !before.has(f))).toEqual([]);
  }, 60_000);

  it('a value Neo4j cannot hold fails with DataError before any file or folder is written', () => {
    const ds = hostileDataset();
    ds.loans.push({ id: 'L2', bank_id: 'B"1"', borrower_id: 'nobody', outstanding: 1 });
    ds.firms[0]!.founded = 2 ** 53;
    const target = path.join(dir, 'never');
    expect(() => writeBulkImport(ds, target)).toThrow(DataError);
    expect(() => writeBulkImport(ds, target)).toThrow(/unknown firm 'nobody'/);
    expect(existsSync(target)).toBe(false);
  });

  it('the writer refuses a non-empty folder and a folder name neo4j-admin would misread', () => {
    const busy = path.join(dir, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'keep.txt'), 'x');
    expect(() => writeBulkImport(hostileDataset(), busy)).toThrow(UsageError);
    expect(() => writeBulkImport(hostileDataset(), busy)).toThrow(/is not empty/);
    expect(readdirSync(busy)).toEqual(['keep.txt']);
    expect(() => writeBulkImport(hostileDataset(), path.join(dir, 'a,b'))).toThrow(/would misread/);
  });

  it('the CLI: --bulk refuses a non-empty server, and for an empty one writes the files and prints the neo4j-admin command', async () => {
    const run = promisify(execFile);
    const cli = (args: string[]) => run('node', ['bin/xinlian.js', ...args], { env: { ...process.env, NEO4J_URI: h.server.settings.uri } });
    await clearDatabase(h.conn);
    await importDataset(h.conn, hostileDataset());
    const refused = await cli(['neo4j', 'import', 'data/demo', '--bulk', path.join(dir, 'cli-refused')]).catch((e: { code: number; stderr: string }) => e);
    expect((refused as { code: number }).code).toBe(1);
    expect((refused as { stderr: string }).stderr).toMatch(/needs an empty database, but .* holds 9 nodes/);

    await clearDatabase(h.conn);
    const out = path.join(dir, 'cli-ok');
    const done = await cli(['neo4j', 'import', 'data/demo', '--bulk', out, '--json']);
    const report = JSON.parse(done.stdout) as { command: string; nodes: number; relationships: number; checkedEmpty: string };
    const { dataset } = await readDataset('data/demo');
    const want = expectedCounts(dataset);
    expect(report.nodes).toBe(want.Park! + want.Bank! + want.Firm! + want.Financials! + 1);
    expect(report.relationships).toBe(want.LOAN! + want.GUARANTEES! + want.SUPPLIES! + want.OWNS! + want.IN_PARK! + want.REPORTED!);
    expect(report.checkedEmpty).toBe(h.server.settings.uri);
    const args = readFileSync(path.join(out, BULK_ARGS_FILE), 'utf8').trim().split('\n');
    expect(report.command).toBe(`neo4j-admin database import full ${args.map((a) => (a === '--array-delimiter=;' ? `'${a}'` : a)).join(' ')} neo4j`);
  }, 60_000);
});
