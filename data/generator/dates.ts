/**
 * Dates as UTC day numbers (days since 1970-01-01) while planning, ISO strings
 * when written. Formatting is cached because a million-firm cluster writes
 * millions of dates drawn from a few thousand distinct days.
 */
const MS_PER_DAY = 86_400_000;

export function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

const cache = new Map<number, string>();

export function isoOfDay(day: number): string {
  let s = cache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    cache.set(day, s);
  }
  return s;
}
