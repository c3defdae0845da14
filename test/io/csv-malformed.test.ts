/**
 * One malformed input per reading rule of docs/dataset-format.md. Each case is the
 * valid fixture (test/fixtures/valid) broken in exactly one place, written as real
 * files in a temp dir, and must be rejected with exactly one issue at the file,
 * line, column and field where the break was made. Line numbers are those of the
 * fixture: firms.csv has F01 on line 2 and F03 spans lines 4–5, so F04 is on 6
 * and F10 on 12; loans.csv has L01..L08 on lines 2..9; guarantees.csv G01..G06 on
 * 2..7. Columns are 1-based positions in the header.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { DataIssue } from '../../src/io/errors.ts';
import { appendLine, cleanTempDirs, expectOnlyIssue, readError, readText, replaceOnce, validCopy } from './helpers.ts';

type Where = Pick<DataIssue, 'file' | 'line' | 'column' | 'field'>;
interface Case {
  rule: string;
  breakIt: (dir: string) => void;
  where: Where;
  message: RegExp;
}

const firms = 'firms.csv', loans = 'loans.csv', guarantees = 'guarantees.csv';
const F01 = 'F01,温州东通鞋业有限公司,C1952,enterprise,P01,瓯海区,2006,172,11060.74,3579.3,7481.44,9556.85,0.0024,0.47,tech;foreign_trade,老客户';
const L01 = 'L01,B01,F01,1000,800,2024-01-15,2026-01-15,0.0385,property,false,normal,false';
const G06 = 'G06,F08,F09,,500,,,';
/** F01 with one cell (0-based index among its 16 cells) replaced. */
const firm01 = (cell: number, value: string) => (dir: string) => {
  const cells = F01.split(',');
  cells[cell] = value;
  replaceOnce(dir, firms, F01, cells.join(','));
};
const loan01 = (cell: number, value: string) => (dir: string) => {
  const cells = L01.split(',');
  cells[cell] = value;
  replaceOnce(dir, loans, L01, cells.join(','));
};
const guarantee06 = (cell: number, value: string) => (dir: string) => {
  const cells = G06.split(',');
  cells[cell] = value;
  replaceOnce(dir, guarantees, G06, cells.join(','));
};

const cases: Case[] = [
  // whole-file problems name the file alone
  { rule: 'invalid UTF-8', breakIt: (d) => writeFileSync(path.join(d, firms), Buffer.concat([Buffer.from(readText(d, firms)), Buffer.from([0xff, 0xfe, 0x0a])])), where: { file: firms }, message: /not valid UTF-8/ },
  { rule: 'required file missing', breakIt: (d) => rmSync(path.join(d, guarantees)), where: { file: guarantees }, message: /missing file/ },
  { rule: 'empty file (0 bytes)', breakIt: (d) => writeFileSync(path.join(d, loans), ''), where: { file: loans }, message: /empty file/ },
  { rule: 'no header (blank lines only)', breakIt: (d) => writeFileSync(path.join(d, 'banks.csv'), '\n\r\n'), where: { file: 'banks.csv' }, message: /empty file: expected a header/ },
  { rule: 'dataset.json missing', breakIt: (d) => rmSync(path.join(d, 'dataset.json')), where: { file: 'dataset.json' }, message: /missing file/ },
  { rule: 'dataset.json not JSON', breakIt: (d) => replaceOnce(d, 'dataset.json', '"unit": 10000,', '"unit": 10000,,'), where: { file: 'dataset.json', line: 5 }, message: /invalid JSON/ },
  { rule: 'dataset.json formatVersion 2', breakIt: (d) => replaceOnce(d, 'dataset.json', '"formatVersion": 1', '"formatVersion": 2'), where: { file: 'dataset.json', field: 'formatVersion' }, message: /expected 1/ },
  { rule: 'dataset.json without name', breakIt: (d) => replaceOnce(d, 'dataset.json', '"name": "fixture-valid",', ''), where: { file: 'dataset.json', field: 'name' }, message: /non-empty string/ },
  { rule: 'dataset.json unit 0', breakIt: (d) => replaceOnce(d, 'dataset.json', '"unit": 10000', '"unit": 0'), where: { file: 'dataset.json', field: 'unit' }, message: /number > 0/ },
  { rule: 'dataset.json asOf not a date', breakIt: (d) => replaceOnce(d, 'dataset.json', '2025-12-31', '2025-02-30'), where: { file: 'dataset.json', field: 'asOf' }, message: /ISO date/ },
  // structure
  { rule: 'unclosed quote (names the record start line)', breakIt: (d) => replaceOnce(d, firms, 'F10,温州信保', 'F10,"温州信保'), where: { file: firms, line: 12, column: 2 }, message: /unclosed quote/ },
  { rule: 'text after a closing quote', breakIt: (d) => replaceOnce(d, firms, 'F08,瑞安汽摩配件厂', 'F08,"瑞安"汽摩配件厂'), where: { file: firms, line: 10, column: 2 }, message: /after a closing quote/ },
  { rule: 'quote inside an unquoted cell', breakIt: (d) => replaceOnce(d, firms, 'F09,永嘉泵阀', 'F09,永嘉"泵阀'), where: { file: firms, line: 11, column: 2 }, message: /quote inside an unquoted cell/ },
  { rule: 'ragged row', breakIt: (d) => replaceOnce(d, loans, 'special_mention,0', 'special_mention'), where: { file: loans, line: 3 }, message: /expected 12 cells as in the header, got 11/ },
  { rule: 'error after a multi-line record keeps line numbers', breakIt: (d) => replaceOnce(d, firms, 'F04,=SUM(A1:A2) 科技有限公司,C3311', 'F04,=SUM(A1:A2) 科技有限公司,C3311x'), where: { file: firms, line: 6, column: 3, field: 'industry' }, message: /GB\/T 4754 code/ },
  { rule: 'duplicate header column', breakIt: (d) => replaceOnce(d, 'ownership.csv', 'owner_id,owned_id,share', 'owner_id,owned_id,share,owned_id'), where: { file: 'ownership.csv', line: 1, column: 4, field: 'owned_id' }, message: /duplicate column/ },
  { rule: 'required column missing', breakIt: (d) => writeFileSync(path.join(d, 'banks.csv'), 'id,name,kind\nB01,a,state\nB02,b,rural\nB03,c,city\n'), where: { file: 'banks.csv', line: 1, field: 'capital' }, message: /missing required column 'capital'/ },
  { rule: 'cell over the 1 MiB limit', breakIt: (d) => replaceOnce(d, firms, 'F09,永嘉泵阀制造有限公司', `F09,${'厂'.repeat((1 << 20) + 1)}`), where: { file: firms, line: 11, column: 2 }, message: /exceeds the limit of 1048576 characters/ },
  // values
  { rule: 'empty required cell', breakIt: firm01(1, ''), where: { file: firms, line: 2, column: 2, field: 'name' }, message: /missing value/ },
  { rule: 'whitespace-only required cell', breakIt: loan01(4, '   '), where: { file: loans, line: 2, column: 5, field: 'outstanding' }, message: /missing value/ },
  { rule: 'thousands separator', breakIt: firm01(8, '"11,060.74"'), where: { file: firms, line: 2, column: 9, field: 'assets' }, message: /expected a number ≥ 0 like 1200.5, got '11,060.74'/ },
  { rule: 'NaN', breakIt: firm01(11, 'NaN'), where: { file: firms, line: 2, column: 12, field: 'revenue' }, message: /got 'NaN'/ },
  { rule: 'Infinity', breakIt: firm01(10, 'Infinity'), where: { file: firms, line: 2, column: 11, field: 'equity' }, message: /got 'Infinity'/ },
  { rule: 'hex number', breakIt: firm01(8, '0x1F'), where: { file: firms, line: 2, column: 9, field: 'assets' }, message: /got '0x1F'/ },
  { rule: 'percent sign', breakIt: firm01(12, '5%'), where: { file: firms, line: 2, column: 13, field: 'pd' }, message: /got '5%'/ },
  { rule: '万 unit suffix', breakIt: firm01(8, '100万'), where: { file: firms, line: 2, column: 9, field: 'assets' }, message: /got '100万'/ },
  { rule: 'overflow to Infinity', breakIt: firm01(8, '1e400'), where: { file: firms, line: 2, column: 9, field: 'assets' }, message: /overflows to Infinity/ },
  { rule: 'integer with a fraction', breakIt: firm01(7, '17.5'), where: { file: firms, line: 2, column: 8, field: 'employees' }, message: /expected an integer ≥ 0/ },
  { rule: 'negative employees', breakIt: firm01(7, '-1'), where: { file: firms, line: 2, column: 8, field: 'employees' }, message: /got '-1'/ },
  { rule: 'pd above 1', breakIt: firm01(12, '1.5'), where: { file: firms, line: 2, column: 13, field: 'pd' }, message: /in \[0, 1\]/ },
  { rule: 'unknown flag', breakIt: firm01(14, 'tech;vip'), where: { file: firms, line: 2, column: 15, field: 'flags' }, message: /item 'vip'/ },
  { rule: 'enum not lowercase', breakIt: loan01(10, 'NORMAL'), where: { file: loans, line: 2, column: 11, field: 'status' }, message: /one of normal\|special_mention\|npl/ },
  { rule: 'boolean yes', breakIt: loan01(9, 'yes'), where: { file: loans, line: 2, column: 10, field: 'renewal' }, message: /true\/false/ },
  { rule: 'date that is not a calendar date', breakIt: loan01(5, '2023-02-29'), where: { file: loans, line: 2, column: 6, field: 'start' }, message: /ISO date/ },
  { rule: 'date with slashes', breakIt: loan01(6, '2026/01/15'), where: { file: loans, line: 2, column: 7, field: 'maturity' }, message: /ISO date/ },
  { rule: 'negative amount', breakIt: loan01(3, '-5'), where: { file: loans, line: 2, column: 4, field: 'amount' }, message: /≥ 0/ },
  { rule: 'rate given in percent', breakIt: loan01(7, '3.85'), where: { file: loans, line: 2, column: 8, field: 'rate' }, message: /in \[0, 1\]/ },
  { rule: 'park rating above 5', breakIt: (d) => replaceOnce(d, 'parks.csv', 'C1952;C1910,4.2', 'C1952;C1910,6'), where: { file: 'parks.csv', line: 2, column: 6, field: 'rating' }, message: /in \[0, 5\]/ },
  { rule: 'bank capital 0', breakIt: (d) => replaceOnce(d, 'banks.csv', 'state,826714', 'state,0'), where: { file: 'banks.csv', line: 2, column: 4, field: 'capital' }, message: /> 0/ },
  { rule: 'ownership share 0', breakIt: (d) => replaceOnce(d, 'ownership.csv', 'B01,F01,0.1', 'B01,F01,0'), where: { file: 'ownership.csv', line: 2, column: 3, field: 'share' }, message: /in \(0, 1\]/ },
  // rules within a record
  { rule: 'outstanding above amount', breakIt: loan01(4, '1200'), where: { file: loans, line: 2, column: 5, field: 'outstanding' }, message: /outstanding ≤ amount \(1000\)/ },
  { rule: 'maturity before start', breakIt: loan01(6, '2023-01-01'), where: { file: loans, line: 2, column: 7, field: 'maturity' }, message: /on or after start/ },
  { rule: 'guarantee end before start', breakIt: (d) => replaceOnce(d, guarantees, 'L01,1000,,2024-01-15,2026-01-15', 'L01,1000,,2024-01-15,2020-01-15'), where: { file: guarantees, line: 2, column: 8, field: 'end' }, message: /on or after start/ },
  { rule: 'self-guarantee', breakIt: guarantee06(1, 'F09'), where: { file: guarantees, line: 7, column: 3, field: 'borrower_id' }, message: /self-guarantee/ },
  { rule: 'self-supply', breakIt: (d) => replaceOnce(d, 'supply.csv', 'F06,F01,975.65', 'F01,F01,975.65'), where: { file: 'supply.csv', line: 2, column: 2, field: 'customer_id' }, message: /self-supply/ },
  // cross-record rules
  { rule: 'id used by a firm and a bank', breakIt: (d) => appendLine(d, firms, 'B02,重复编号公司,C3311,,,,,,,,,,,,,'), where: { file: firms, line: 13, column: 1, field: 'id' }, message: /already used by a bank \(banks.csv line 3\)/ },
  { rule: 'duplicate loan id', breakIt: (d) => appendLine(d, loans, 'L01,B01,F01,,5,,,,,,,'), where: { file: loans, line: 10, column: 1, field: 'id' }, message: /duplicate loan id 'L01' \(first at loans.csv line 2\)/ },
  { rule: 'duplicate guarantee id', breakIt: (d) => appendLine(d, guarantees, 'G01,F04,F06,,10,,,'), where: { file: guarantees, line: 8, column: 1, field: 'id' }, message: /duplicate guarantee id/ },
  { rule: 'duplicate financials firm and year', breakIt: (d) => appendLine(d, 'financials.csv', 'F01,2023,1,1,1'), where: { file: 'financials.csv', line: 6, column: 2, field: 'year' }, message: /duplicate financials row for firm 'F01' and year 2023 \(first at financials.csv line 2\)/ },
  { rule: 'unknown park', breakIt: firm01(4, 'P99'), where: { file: firms, line: 2, column: 5, field: 'park_id' }, message: /expected the id of a park, got 'P99' \(no record has this id\)/ },
  { rule: 'unknown bank', breakIt: loan01(1, 'B99'), where: { file: loans, line: 2, column: 2, field: 'bank_id' }, message: /expected the id of a bank/ },
  { rule: 'loan from a firm instead of a bank', breakIt: loan01(1, 'F02'), where: { file: loans, line: 2, column: 2, field: 'bank_id' }, message: /it is a firm/ },
  { rule: 'unknown borrower', breakIt: (d) => replaceOnce(d, loans, 'L06,B01,F07', 'L06,B01,F77'), where: { file: loans, line: 7, column: 3, field: 'borrower_id' }, message: /expected the id of a firm, got 'F77'/ },
  { rule: 'unknown guarantor', breakIt: guarantee06(1, 'F99'), where: { file: guarantees, line: 7, column: 2, field: 'guarantor_id' }, message: /got 'F99'/ },
  { rule: 'unknown guaranteed loan', breakIt: guarantee06(3, 'L99'), where: { file: guarantees, line: 7, column: 4, field: 'loan_id' }, message: /id of a loan/ },
  { rule: 'guarantee above its loan', breakIt: (d) => replaceOnce(d, guarantees, 'G01,F02,F01,L01,1000,', 'G01,F02,F01,L01,1000.01,'), where: { file: guarantees, line: 2, column: 5, field: 'amount' }, message: /amount ≤ the amount of loan 'L01' \(1000\)/ },
  { rule: 'guarantee borrower differs from the loan borrower', breakIt: (d) => replaceOnce(d, guarantees, 'G02,F01,F02,L02', 'G02,F01,F03,L02'), where: { file: guarantees, line: 3, column: 3, field: 'borrower_id' }, message: /borrower of loan 'L02' \('F02'\)/ },
  { rule: 'joint group naming two loans', breakIt: (d) => replaceOnce(d, guarantees, 'G04,F05,F03,L03,2000,J1', 'G04,F05,F01,L01,1000,J1'), where: { file: guarantees, line: 5, column: 4, field: 'loan_id' }, message: /joint group 'J1'.*guarantees.csv line 4 names loan 'L03'/ },
  { rule: 'unknown supply customer', breakIt: (d) => replaceOnce(d, 'supply.csv', 'F06,F01,975.65', 'F06,F66,975.65'), where: { file: 'supply.csv', line: 2, column: 2, field: 'customer_id' }, message: /got 'F66'/ },
  { rule: 'unknown owner', breakIt: (d) => replaceOnce(d, 'ownership.csv', 'B01,F01,0.1', 'X01,F01,0.1'), where: { file: 'ownership.csv', line: 2, column: 1, field: 'owner_id' }, message: /a firm or bank/ },
  { rule: 'owned is a bank', breakIt: (d) => replaceOnce(d, 'ownership.csv', 'F09,F05,0.3', 'F09,B02,0.3'), where: { file: 'ownership.csv', line: 5, column: 2, field: 'owned_id' }, message: /it is a bank/ },
  // 0.1 (B01) + 0.95 (F02) = 1.05 > 1 + 1e-9, reached on the F02 row (line 3)
  { rule: 'ownership shares above 1', breakIt: (d) => replaceOnce(d, 'ownership.csv', 'F02,F01,0.5', 'F02,F01,0.95'), where: { file: 'ownership.csv', line: 3, column: 3, field: 'share' }, message: /sum to ≤ 1/ },
  { rule: 'financials of an unknown firm', breakIt: (d) => replaceOnce(d, 'financials.csv', 'F06,2024', 'F60,2024'), where: { file: 'financials.csv', line: 5, column: 1, field: 'firm_id' }, message: /got 'F60'/ },
];

describe('malformed CSV datasets: one issue at the exact place', () => {
  afterAll(cleanTempDirs);
  it('has at least 35 cases', () => {
    if (cases.length < 35) throw new Error(`only ${cases.length} cases`);
  });
  for (const c of cases) {
    it(c.rule, async () => {
      const dir = validCopy();
      c.breakIt(dir);
      expectOnlyIssue(await readError(dir), c.where, c.message);
    });
  }
});
