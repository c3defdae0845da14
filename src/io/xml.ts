/**
 * XML plumbing for GEXF and GraphML: escaping for the writers and a streaming,
 * hardened saxes reader. Untrusted XML is read with no DOCTYPE at all (so no
 * ENTITY declarations, hence no entity-expansion "billion laughs" and no external
 * entities) and with a file-size sanity limit, since XML carries a dataset in
 * several times the bytes of its CSV.
 */
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { checkFileSize } from './file-size.ts';
import type { IssueList } from './issues.ts';

/** Attribute value: besides & < " also tab, LF and CR, which XML would otherwise normalise to spaces. */
export function escapeAttr(s: string): string {
  return /[&<>"\t\n\r]/.test(s)
    ? s.replace(/[&<>"\t\n\r]/g, (c) => ATTR_ESCAPES[c]!)
    : s;
}
const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Element text: & < > and CR (XML turns CR and CRLF into LF in text). */
export function escapeText(s: string): string {
  return /[&<>\r]/.test(s) ? s.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!) : s;
}
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

export interface XmlHandlers {
  open(tag: SaxesTagPlain, line: number): void;
  close(tag: SaxesTagPlain): void;
  text(text: string): void;
}

class StopParsing extends Error {}

/**
 * Streams `file` through saxes. Returns false after adding an issue (too large,
 * not UTF-8, not well-formed, DOCTYPE present); handlers may add their own issues.
 */
export async function parseXmlFile(file: string, maxBytes: number, out: IssueList, handlers: XmlHandlers): Promise<boolean> {
  if (!(await checkFileSize(file, maxBytes, out, ': expected an XML document'))) return false;
  const parser = new SaxesParser({ xmlns: false, position: true });
  let failed = false;
  const stop = (line: number | undefined, message: string): never => {
    failed = true;
    out.add({ file, ...(line !== undefined ? { line } : {}), message });
    throw new StopParsing();
  };
  parser.on('error', (err) => stop(parser.line, `not well-formed XML: ${err.message.replace(/^[^:]*:\d+:\d+: /, '')}`));
  parser.on('doctype', () => stop(parser.line, 'a DOCTYPE is not accepted (DTDs and ENTITY declarations are refused for safety; remove the <!DOCTYPE …> line)'));
  parser.on('opentag', (tag) => handlers.open(tag, parser.line));
  parser.on('closetag', (tag) => handlers.close(tag));
  parser.on('text', (t) => handlers.text(t));
  parser.on('cdata', (t) => handlers.text(t));
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      let text: string;
      try {
        text = decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        stop(undefined, 'not valid UTF-8 (expected a UTF-8 XML document)');
      }
      parser.write(text!);
    }
    try {
      decoder.decode();
    } catch {
      stop(undefined, 'not valid UTF-8 (expected a UTF-8 XML document)');
    }
    parser.close();
  } catch (e) {
    if (!(e instanceof StopParsing)) throw e;
  }
  return !failed;
}
