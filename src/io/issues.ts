/**
 * Collecting DataIssues with the per-file cap of errors.ts: a reader keeps going
 * after the first problem so that one run shows the user everything to fix, but
 * stops listing a file after MAX_ISSUES_PER_FILE (a wrong delimiter would
 * otherwise produce millions of identical lines).
 */
import { MAX_ISSUES_PER_FILE, type DataIssue } from './errors.ts';

export class IssueList {
  readonly issues: DataIssue[] = [];
  truncated = false;
  private readonly perFile = new Map<string, number>();
  private readonly overflow = new Set<string>();
  constructor(readonly cap: number = MAX_ISSUES_PER_FILE) {}

  add(issue: DataIssue): void {
    const n = this.perFile.get(issue.file) ?? 0;
    if (n >= this.cap) {
      this.truncated = true;
      this.overflow.add(issue.file);
      return;
    }
    this.perFile.set(issue.file, n + 1);
    this.issues.push(issue);
  }

  /** True once an issue of `file` was dropped for the cap: its reader may stop. */
  full(file: string): boolean {
    return this.overflow.has(file);
  }

  get size(): number {
    return this.issues.length;
  }
}
