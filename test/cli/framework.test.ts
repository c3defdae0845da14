/**
 * The CLI framework in-process (runCli with string streams and test commands):
 * exit codes, help, option parsing, output modes and the error mapper. The real
 * commands are exercised as child processes in commands.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/io/errors.ts';
// The framework modules directly (not src/cli/index.ts): these tests need no dataset reader.
import { integerOption, stringOption, type Command } from '../../src/cli/command.ts';
import { EXIT_DATA, EXIT_OK, EXIT_USAGE, MAX_PRINTED_ISSUES } from '../../src/cli/errors.ts';
import { displayWidth, renderTable } from '../../src/cli/output.ts';
import { ProgressBar, compactCount, formatDuration, progressLine } from '../../src/cli/progress.ts';
import { runCli } from '../../src/cli/run.ts';

class Sink {
  text = '';
  isTTY = false;
  columns = 80;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

const echo: Command = {
  name: 'echo',
  summary: 'Echo a value',
  arguments: [{ name: 'WORD', description: 'a word' }, { name: 'MORE', description: 'another', required: false }],
  options: {
    times: { type: 'string', value: 'N', default: '1', description: 'repeat count' },
    mode: { type: 'string', choices: ['a', 'b'], default: 'a', description: 'mode' },
  },
  tabular: true,
  examples: ['echo hi --times 2'],
  async run(parsed, ctx) {
    const times = integerOption(parsed, 'times', 1, 5)!;
    const rows = Array.from({ length: times }, (_, k) => ({ k, word: parsed.args.WORD! }));
    ctx.warn('a warning');
    ctx.out.emit({ value: { word: parsed.args.WORD, more: parsed.args.MORE ?? null, mode: stringOption(parsed, 'mode'), times }, human: () => 'echo:', table: { columns: [{ title: 'k', value: (r: (typeof rows)[number]) => r.k }, { title: 'word', value: (r: (typeof rows)[number]) => r.word }], rows } });
  },
};

const broken: Command = {
  name: 'broken',
  summary: 'Fails with data errors',
  arguments: [],
  options: { count: { type: 'string', default: '3', description: 'issues' } },
  async run(parsed) {
    const n = Number(stringOption(parsed, 'count'));
    throw new DataError(Array.from({ length: n }, (_, k) => ({ file: 'loans.csv', line: k + 2, column: 4, field: 'outstanding', message: `expected a number, got 'x${k}'` })));
  },
};

const usage: Command = { name: 'usage', summary: 'Throws a usage error', arguments: [], options: {}, async run() { throw new UsageError('bad --thing'); } };
const crash: Command = { name: 'crash', summary: 'Has a bug', arguments: [], options: {}, async run() { throw new TypeError('boom'); } };

const COMMANDS = [echo, broken, usage, crash];

async function cli(...argv: string[]) {
  const stdout = new Sink(), stderr = new Sink();
  const code = await runCli(argv, COMMANDS, { stdout, stderr, cwd: process.cwd(), interrupted: () => new Promise(() => {}) }, '9.9.9');
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('runCli', () => {
  it('lists every command in --help and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(EXIT_OK);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name}`);
  });

  it('prints the version with --version', async () => {
    expect(await cli('--version')).toEqual({ code: EXIT_OK, stdout: '9.9.9\n', stderr: '' });
  });

  it('prints usage on stderr and exits 2 without a command', async () => {
    const r = await cli();
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toContain('Usage: xinlian <command>');
  });

  it('prints a command help with arguments, options, defaults, choices and examples', async () => {
    for (const argv of [['echo', '--help'], ['echo', '-h'], ['help', 'echo']]) {
      const r = await cli(...argv);
      expect(r.code).toBe(EXIT_OK);
      expect(r.stdout).toContain('Usage: xinlian echo WORD [MORE] [options]');
      expect(r.stdout).toContain('--times N');
      expect(r.stdout).toContain('(default 1)');
      expect(r.stdout).toContain('(one of: a, b)');
      expect(r.stdout).toContain('--csv');
      expect(r.stdout).toContain('xinlian echo hi --times 2');
    }
  });

  it('exits 2 with a hint for an unknown command, option, missing or extra argument, or bad value', async () => {
    const cases: [string[], string][] = [
      [['ecko'], "unknown command 'ecko'; did you mean 'echo'?"],
      [['echo', 'hi', '--nope'], "unknown option '--nope'"],
      [['echo'], 'missing argument WORD'],
      [['echo', 'a', 'b', 'c'], "unexpected argument 'c'"],
      [['echo', 'hi', '--times'], "option '--times' needs a value"],
      [['echo', 'hi', '--times', '1e3'], "--times expects an integer, got '1e3'"],
      [['echo', 'hi', '--times', '9'], '--times must be an integer in [1, 5], got 9'],
      [['echo', 'hi', '--mode', 'c'], "--mode must be one of a, b; got 'c'"],
      [['echo', 'hi', '--json', '--csv'], '--json and --csv exclude each other'],
      [['usage', '--csv'], "unknown option '--csv'"],
      [['usage'], 'bad --thing'],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(EXIT_USAGE);
      expect(r.stderr, argv.join(' ')).toContain(message);
      expect(r.stderr).toMatch(/Run 'xinlian (\w+ )?--help' for usage\./);
      expect(r.stdout).toBe('');
    }
  });

  it('prints human text and a table by default, warnings on stderr', async () => {
    const r = await cli('echo', 'hi', '--times', '2');
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toBe('echo:\n\nk  word\n-  ----\n0  hi\n1  hi\n');
    expect(r.stderr).toBe('warning: a warning\n');
  });

  it('prints one JSON document with --json and CSV with --csv', async () => {
    const j = await cli('echo', 'hi', 'there', '--json', '--mode', 'b');
    expect(JSON.parse(j.stdout)).toEqual({ word: 'hi', more: 'there', mode: 'b', times: 1 });
    const c = await cli('echo', '=cmd', '--csv', '--times', '2');
    expect(c.stdout).toBe("k,word\n0,'=cmd\n1,'=cmd\n");
  });

  it('exits 1 and lists every data issue as file:line:column [field]: message', async () => {
    const r = await cli('broken');
    expect(r.code).toBe(EXIT_DATA);
    expect(r.stderr).toContain('3 data errors');
    expect(r.stderr).toContain("loans.csv:2:4 [outstanding]: expected a number, got 'x0'");
    expect(r.stderr).toContain("loans.csv:4:4 [outstanding]: expected a number, got 'x2'");
  });

  it('caps the printed issues and says how many more there are; --json carries them all', async () => {
    const r = await cli('broken', '--count', String(MAX_PRINTED_ISSUES + 7));
    expect(r.code).toBe(EXIT_DATA);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('  loans.csv:'))).toHaveLength(MAX_PRINTED_ISSUES);
    expect(r.stderr).toContain('… and 7 more');
    const j = await cli('broken', '--count', String(MAX_PRINTED_ISSUES + 7), '--json');
    const body = JSON.parse(j.stdout);
    expect(body.error).toBe('data_error');
    expect(body.issues).toHaveLength(MAX_PRINTED_ISSUES + 7);
  });

  it('reports an unexpected error as a bug with its stack, exit 1', async () => {
    const r = await cli('crash');
    expect(r.code).toBe(EXIT_DATA);
    expect(r.stderr).toContain('unexpected error');
    expect(r.stderr).toContain('TypeError: boom');
  });
});

describe('integerOption', () => {
  const parsed = (v: string) => ({ args: {}, options: { n: v } });
  it('accepts exactly the decimal integers in range', () => {
    fc.assert(fc.property(fc.integer({ min: -1000, max: 1000 }), (x) => {
      const inRange = x >= 0 && x <= 500;
      try {
        const v = integerOption(parsed(String(x)), 'n', 0, 500);
        return inRange && v === x;
      } catch (err) {
        return !inRange && err instanceof UsageError;
      }
    }));
  });

  it('rejects anything that is not plain digits, so a typo is never half-read', () => {
    fc.assert(fc.property(fc.string().filter((s) => !/^\s*-?\d+\s*$/.test(s)), (s) => {
      expect(() => integerOption(parsed(s), 'n', 0, 500)).toThrow(UsageError);
    }));
    for (const s of ['1e3', '0x10', '12abc', '3.0', '']) expect(() => integerOption(parsed(s), 'n', 0, 5000)).toThrow(UsageError);
  });
});

describe('progress', () => {
  it('formats phase, bar, percentage, rate and ETA (hand-computed)', () => {
    // 50 of 200 after 10 s: 25 %, 5 of 20 cells, rate 50 / 10 = 5/s, ETA 150 / 5 = 30 s.
    expect(progressLine('read', 50, 200, 10_000, 20)).toBe(`read [${'█'.repeat(5)}${'░'.repeat(15)}] 25% 5/s ETA 30s`);
    // No total: count, rate 1500 / 3 = 500/s, elapsed.
    expect(progressLine('read', 1500, undefined, 3000, 20)).toBe('read 1.5k 500/s 3s');
    // Nothing counted yet: the phase and the elapsed time only.
    expect(progressLine('read demo', 0, undefined, 65_000, 20)).toBe('read demo … 1m05s');
  });

  it('formats counts and durations', () => {
    expect([compactCount(0), compactCount(12.5), compactCount(999), compactCount(1234), compactCount(2_500_000)]).toEqual(['0', '12.5', '999', '1.2k', '2.5M']);
    expect([formatDuration(42), formatDuration(125), formatDuration(3725)]).toEqual(['42s', '2m05s', '1h02m']);
  });

  it('redraws at most every intervalMs and clears its line when done', () => {
    const sink = new Sink();
    let now = 0;
    const bar = new ProgressBar(sink, 'load', 100, { now: () => now, intervalMs: 100, width: 10 });
    const drawsAfterStart = sink.text.split('\r').length;
    now = 50;
    bar.update(10); // within 100 ms: not drawn
    expect(sink.text.split('\r').length).toBe(drawsAfterStart);
    now = 150;
    bar.update(30);
    expect(sink.text).toContain('load [███░░░░░░░] 30%');
    bar.done();
    expect(sink.text.endsWith('\r')).toBe(true);
    const lastLine = sink.text.split('\r').at(-2)!;
    expect(lastLine.trim()).toBe('');
  });

  it('percentage stays within 0–100 and the bar within its width for any counts', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1 }), fc.integer({ min: 1, max: 1e7 }), (done, total, ms) => {
      const line = progressLine('p', done, total, ms, 20);
      const pct = Number(/(\d+)%/.exec(line)![1]);
      return pct >= 0 && pct <= 100 && /\[[█░]{20}\]/.test(line);
    }));
  });
});

describe('human tables', () => {
  it('counts East Asian wide characters as two cells', () => {
    expect(displayWidth('信链')).toBe(4);
    expect(displayWidth('ab信')).toBe(4);
    expect(displayWidth('ｶ')).toBe(1); // halfwidth katakana
  });

  it('aligns Chinese text and right-aligns numbers', () => {
    const text = renderTable({ columns: [{ title: 'name', value: (r: { n: string; v: number }) => r.n }, { title: 'value', value: (r: { n: string; v: number }) => r.v }], rows: [{ n: '甲乙', v: 1234 }, { n: 'ab', v: 5 }] });
    expect(text).toBe('name  value\n----  -----\n甲乙  1,234\nab        5\n');
  });

  it('prints a column with fixed decimals when it declares digits', () => {
    // 0.1 + 0.2 = 0.30000000000000004 in binary floating point; two decimals print 0.30.
    const text = renderTable({ columns: [{ title: 'amount', value: (r: number) => r, digits: 2 }], rows: [0.1 + 0.2, 1234.5] });
    expect(text).toBe('  amount\n--------\n    0.30\n1,234.50\n');
  });
});
