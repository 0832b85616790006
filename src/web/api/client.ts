// The one way the app talks to the server: JSON over fetch, errors as ApiError with the
// API's field errors, uploads over XMLHttpRequest for their progress events.
import { useCallback, useEffect, useState } from 'react';
import type { ErrorBody, Evidence, FieldError } from './types';

/** Pages a signed-out person may see; on them a 401 is a form's answer, not a reason to leave. */
export const AUTH_PAGES = new Set(['/login', '/setup', '/invite', '/reset-password', '/forgot-password']);

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The session's CSRF token: the readable `attest_csrf` cookie the server sets on sign-in. */
export function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'attest_csrf') {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value) || undefined;
      } catch {
        return value || undefined;
      }
    }
  }
  return undefined;
}

const unauthorizedListeners = new Set<() => void>();
/** Called when the API says nobody is signed in (any 401 outside the sign-in pages). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/**
 * A 401 anywhere but on the sign-in pages: the session is over (the shell then shows the
 * sign-in page, and comes back here after).
 */
function signedOut(status: number) {
  if (status === 401 && !AUTH_PAGES.has(window.location.pathname)) unauthorizedListeners.forEach((l) => l());
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly fields: FieldError[] = []) {
    super(message);
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as Partial<ErrorBody> | null)?.error;
  if (error && typeof error.code === 'string') return new ApiError(status, error.code, error.message, Array.isArray(error.fields) ? error.fields : []);
  return new ApiError(status, status === 0 ? 'network' : 'unexpected', status === 0 ? 'The server could not be reached.' : `The server answered ${status}.`);
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const csrf = WRITES.has(method) ? csrfToken() : undefined;
  if (csrf) headers['x-csrf-token'] = csrf;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      credentials: 'same-origin',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw toApiError(0, null);
  }
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    signedOut(res.status);
    throw toApiError(res.status, body);
  }
  return body as T;
}

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  /** Replace the data without a request (after a write that answered with the new state). */
  set: (data: T) => void;
}

/** GET `path` (null: nothing yet) and keep the answer; refetches when the path changes. */
export function useApi<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<{ path: string | null; data?: T; error?: ApiError; loading: boolean }>({ path, loading: path !== null });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ path, data: s.path === path ? s.data : undefined, loading: true }));
    api<T>(path, { signal: controller.signal }).then(
      (data) => setState({ path, data, loading: false }),
      (error: unknown) => {
        if ((error as Error).name !== 'AbortError') setState({ path, error: error instanceof ApiError ? error : toApiError(0, null), loading: false });
      },
    );
    return () => controller.abort();
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((data: T) => setState({ path, data, loading: false }), [path]);
  const current = state.path === path;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: current ? state.loading : path !== null, reload, set };
}

export interface UploadInput {
  /** Null sends no file part: the server then reports every missing field at once. */
  file: File | null;
  controls: string[];
  effectiveDate: string;
  description: string;
}

/**
 * POST /api/evidence as multipart, fields before the file so the server checks them before
 * storing a byte. XMLHttpRequest because fetch reports no upload progress.
 */
export function uploadEvidence(input: UploadInput, onProgress: (loaded: number, total: number) => void): { done: Promise<Evidence>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Evidence>((resolve, reject) => {
    const form = new FormData();
    form.append('controls', input.controls.join(','));
    if (input.effectiveDate) form.append('effectiveDate', input.effectiveDate);
    if (input.description) form.append('description', input.description);
    if (input.file) form.append('file', input.file, input.file.name);
    xhr.open('POST', '/api/evidence');
    xhr.responseType = 'json';
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : (input.file?.size ?? 0)));
    xhr.addEventListener('load', () => {
      if (xhr.status === 201) resolve(xhr.response as Evidence);
      else {
        signedOut(xhr.status);
        reject(toApiError(xhr.status, xhr.response));
      }
    });
    xhr.addEventListener('error', () => reject(toApiError(0, null)));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.')));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** Field errors keyed by field path, without the `body.` / `querystring.` prefix of schema errors. */
export function fieldErrors(error: unknown): Map<string, FieldError[]> {
  const out = new Map<string, FieldError[]>();
  if (!(error instanceof ApiError)) return out;
  for (const f of error.fields) {
    const key = f.field.replace(/^(body|querystring|params)\./, '');
    out.set(key, [...(out.get(key) ?? []), f]);
  }
  return out;
}
