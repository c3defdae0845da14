/**
 * Name / id search over the graph's nodes, pure and allocation-light so it can
 * run on every keystroke for 100k nodes. Matching is case-insensitive and
 * Unicode-normalised (NFKC, so full-width Ｃ matches C). Ranking: exact id, id
 * prefix, name prefix, name substring, id substring; then shorter names first
 * (the closer the query covers the name), then dataset order.
 */
import type { NodeType } from '../api/index.ts';

export interface SearchEntry {
  key: string;
  name: string;
  type: NodeType;
  idNorm: string;
  nameNorm: string;
}

export interface SearchHit {
  key: string;
  name: string;
  type: NodeType;
  /** 0 (best) … 4. */
  rank: number;
}

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

export function buildSearchIndex(ids: readonly string[], names: readonly string[], types: readonly NodeType[]): SearchEntry[] {
  return ids.map((id, i) => ({ key: id, name: names[i], type: types[i], idNorm: normalise(id), nameNorm: normalise(names[i]) }));
}

function rankOf(entry: SearchEntry, q: string): number {
  if (entry.idNorm === q) return 0;
  if (entry.idNorm.startsWith(q)) return 1;
  if (entry.nameNorm.startsWith(q)) return 2;
  if (entry.nameNorm.includes(q)) return 3;
  if (entry.idNorm.includes(q)) return 4;
  return -1;
}

export function searchNodes(index: readonly SearchEntry[], query: string, limit = 10): SearchHit[] {
  const q = normalise(query);
  if (q === '') return [];
  const hits: { entry: SearchEntry; rank: number; order: number }[] = [];
  for (let i = 0; i < index.length; i++) {
    const rank = rankOf(index[i], q);
    if (rank >= 0) hits.push({ entry: index[i], rank, order: i });
  }
  hits.sort((a, b) => a.rank - b.rank || a.entry.name.length - b.entry.name.length || a.order - b.order);
  return hits.slice(0, limit).map(({ entry, rank }) => ({ key: entry.key, name: entry.name, type: entry.type, rank }));
}
