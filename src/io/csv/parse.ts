/**
 * RFC 4180 CSV tokenizer over a decoded string, char by char with charCodeAt.
 * Written by hand because it is the hot loop of loading a 1M-firm dataset
 * (≈ 400 MB): it hands each record to the caller as a reused array of cell
 * strings (substrings of the file text, no per-record allocation besides them).
 *
 * Records end at LF, CRLF or a lone CR; a quoted field may contain commas, line
 * breaks and doubled quotes (""); records report the physical line where they
 * start. Lines that are entirely empty are skipped (a trailing newline, a blank
 * line left by an editor). Structural errors (unclosed quote, text after a
 * closing quote, a quote inside an unquoted field, an over-long cell) are
 * reported and the rest of that line is skipped.
 */

const COMMA = 44, QUOTE = 34, LF = 10, CR = 13;

export interface CsvSink {
  /** One record; `cells[0..count)` are valid until the next call. Return false to stop. */
  record(cells: string[], count: number, line: number): boolean;
  /** A structural error at a record's starting line, column = 1-based cell index. Return false to stop. */
  error(line: number, column: number, message: string): boolean;
}

export function tokenizeCsv(text: string, sink: CsvSink, maxCellChars: number): void {
  const n = text.length;
  const cells: string[] = [];
  let i = 0;
  let line = 1;
  // Skips to the start of the next physical line (after a structural error).
  const skipLine = () => {
    while (i < n) {
      const c = text.charCodeAt(i++);
      if (c === LF) break;
      if (c === CR) {
        if (i < n && text.charCodeAt(i) === LF) i++;
        break;
      }
    }
    line++;
  };
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === LF) { i++; line++; continue; }
    if (c === CR) { i += i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1; line++; continue; }
    const recordLine = line;
    let count = 0;
    let broken = false;
    for (;;) {
      let value: string;
      c = i < n ? text.charCodeAt(i) : -1;
      if (c === QUOTE) {
        const cellLine = line;
        let j = i + 1;
        let segment = j;
        value = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            sink.error(recordLine, count + 1, `unclosed quote: the quoted cell that starts on line ${cellLine} never ends (expected a closing ")`);
            return;
          }
          for (let k = j; k < q; k++) {
            const d = text.charCodeAt(k);
            if (d === LF || (d === CR && text.charCodeAt(k + 1) !== LF)) line++;
          }
          if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(segment, q + 1);
            j = q + 2;
            segment = j;
            continue;
          }
          value += text.slice(segment, q);
          i = q + 1;
          break;
        }
        c = i < n ? text.charCodeAt(i) : -1;
        if (c !== COMMA && c !== LF && c !== CR && c !== -1) {
          if (!sink.error(recordLine, count + 1, 'unexpected text after a closing quote (expected , or the end of the line; write a quote inside a quoted cell as "")')) return;
          broken = true;
        }
      } else {
        let j = i;
        while (j < n) {
          c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) {
            if (!sink.error(recordLine, count + 1, 'a quote inside an unquoted cell (expected the whole cell in quotes with inner quotes doubled, like "say ""hi""")')) return;
            broken = true;
            break;
          }
          j++;
        }
        if (j >= n) c = -1;
        value = broken ? '' : text.slice(i, j);
        i = j;
      }
      if (broken) {
        skipLine();
        break;
      }
      if (value.length > maxCellChars) {
        if (!sink.error(recordLine, count + 1, `cell of ${value.length} characters exceeds the limit of ${maxCellChars} characters per cell`)) return;
        broken = true;
      }
      cells[count++] = value;
      if (c === COMMA) { i++; continue; }
      if (c === CR) i += i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i++;
      line++;
      break;
    }
    if (!broken && !sink.record(cells, count, recordLine)) return;
  }
}
