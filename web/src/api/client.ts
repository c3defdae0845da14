/**
 * The viewer's only door to the server: typed GETs under /api, relative to the
 * page so the viewer works behind any path prefix (vite `base: './'`).
 */
import type { ApiErrorBody, DatasetSummary, FirmDetail, GraphPayload } from './types.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) {
    let body: Partial<ApiErrorBody> = {};
    try {
      body = (await res.json()) as ApiErrorBody;
    } catch {
      // Non-JSON error (proxy, crash page): report the status line instead.
    }
    throw new ApiError(res.status, body.error ?? 'http_error', body.message ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

export function fetchGraph(signal?: AbortSignal): Promise<GraphPayload> {
  return getJson<GraphPayload>('api/graph', signal);
}

export function fetchSummary(signal?: AbortSignal): Promise<DatasetSummary> {
  return getJson<DatasetSummary>('api/summary', signal);
}

export function fetchFirm(id: string, signal?: AbortSignal): Promise<FirmDetail> {
  return getJson<FirmDetail>(`api/firms/${encodeURIComponent(id)}`, signal);
}
