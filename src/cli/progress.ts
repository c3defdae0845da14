/**
 * A progress bar on stderr: phase, bar, percentage, rate and ETA, e.g.
 *   `read loans   [██████░░░░░░░░░░] 38% 12.4k/s ETA 3s`
 * It draws only when stderr is an interactive terminal and the output is not
 * --json, so pipes, CI logs and machine output never see control characters.
 * Redraws are throttled (10 per second) so a tick in a hot loop costs a clock read.
 * Without a total it shows the phase, the count (if any) and the elapsed time,
 * redrawn every second.
 */

export interface ProgressStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** Sets the number of units done (absolute), optionally renaming the phase shown. */
  update(done: number, phase?: string): void;
  /** Adds units done. */
  tick(delta?: number): void;
  /** Clears the line; the phase is over. */
  done(): void;
}

export interface ProgressOptions {
  /** Milliseconds between redraws. */
  intervalMs: number;
  /** Bar width in cells. */
  width: number;
  /** Clock in milliseconds (injectable for tests). */
  now: () => number;
}

export const PROGRESS_DEFAULTS: Readonly<ProgressOptions> = Object.freeze({ intervalMs: 100, width: 20, now: () => performance.now() });

/** The progress bar does nothing: stderr is not a TTY, or --json. */
export const SILENT_PROGRESS: Progress = Object.freeze({ update() {}, tick() {}, done() {} });

/** Whether a bar should be drawn on this stream in this output mode. */
export function progressEnabled(stream: ProgressStream, json: boolean): boolean {
  return stream.isTTY === true && !json;
}

/** `1234` → `1.2k`, `2500000` → `2.5M` (rates and counts in the bar). */
export function compactCount(x: number): string {
  if (!Number.isFinite(x)) return '?';
  if (x >= 1e9) return `${(x / 1e9).toFixed(1)}G`;
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x >= 100 ? x.toFixed(0) : x.toFixed(x >= 10 ? 1 : 2).replace(/\.?0+$/, '') || '0';
}

/** Seconds as `42s`, `3m05s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * The text of one bar line (pure, so it is tested directly).
 * rate = done / elapsed; ETA = (total − done) / rate.
 */
export function progressLine(phase: string, done: number, total: number | undefined, elapsedMs: number, width: number): string {
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? done / seconds : NaN;
  if (total === undefined || total <= 0) {
    if (done === 0) return `${phase} … ${formatDuration(seconds)}`; // nothing counted: phase and elapsed time only
    return `${phase} ${compactCount(done)} ${Number.isFinite(rate) ? `${compactCount(rate)}/s ` : ''}${formatDuration(seconds)}`;
  }
  const fraction = Math.min(1, Math.max(0, done / total));
  const filled = Math.round(fraction * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const eta = Number.isFinite(rate) && rate > 0 ? formatDuration((total - done) / rate) : '?';
  return `${phase} [${bar}] ${Math.floor(fraction * 100)}% ${Number.isFinite(rate) ? compactCount(rate) : '?'}/s ETA ${eta}`;
}

/** A bar that redraws in place with `\r` and clears itself when done. */
export class ProgressBar implements Progress {
  private readonly o: ProgressOptions;
  private readonly started: number;
  private lastDraw = -Infinity;
  private count = 0;
  private drawnWidth = 0;
  private finished = false;
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly stream: ProgressStream, private phase: string, private readonly total?: number, options: Partial<ProgressOptions> = {}) {
    this.o = { ...PROGRESS_DEFAULTS, ...options };
    this.started = this.o.now();
    this.draw(true);
    // Without a total the phase may run long with no updates (reading a big folder): keep the elapsed time live.
    if (total === undefined) {
      this.timer = setInterval(() => this.draw(true), 1000);
      this.timer.unref();
    }
  }

  update(done: number, phase?: string): void {
    this.count = done;
    if (phase !== undefined) this.phase = phase;
    this.draw(false);
  }

  tick(delta = 1): void {
    this.update(this.count + delta);
  }

  done(): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.timer);
    if (this.drawnWidth > 0) this.stream.write(`\r${' '.repeat(this.drawnWidth)}\r`);
  }

  private draw(force: boolean): void {
    if (this.finished) return;
    const now = this.o.now();
    if (!force && now - this.lastDraw < this.o.intervalMs) return;
    this.lastDraw = now;
    let line = progressLine(this.phase, this.count, this.total, now - this.started, this.o.width);
    // A pty without a window size reports 0 columns; fall back to 80.
    const columns = this.stream.columns !== undefined && this.stream.columns > 20 ? this.stream.columns : 80;
    const max = columns - 1;
    if (line.length > max) line = line.slice(0, max);
    // Pad over the previous, possibly longer, line instead of using ANSI erase codes.
    const pad = Math.max(0, this.drawnWidth - line.length);
    this.stream.write(`\r${line}${' '.repeat(pad)}`);
    this.drawnWidth = line.length;
  }
}
