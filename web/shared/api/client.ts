/**
 * The one way the pages call the server: same origin, the session cookie, JSON in and out. A failure becomes an
 * `ApiError` with the server's stable `code` and its Vietnamese `message` (src/web/errors.ts), which the pages show.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined | null | readonly (string | number)[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Milliseconds to add to this browser's clock to get the server's (from the `Date` of answers; ±1 s). */
let serverClockOffset = 0;
export const serverNow = () => Date.now() + serverClockOffset;

function learnServerClock(response: Response): void {
  const date = response.headers.get('date');
  const server = date ? Date.parse(date) : NaN;
  if (Number.isNaN(server)) return;
  const offset = server - Date.now();
  // The header has whole seconds: only a clock off by more than that is corrected.
  serverClockOffset = Math.abs(offset) > 2_000 ? offset : 0;
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK', 'Không kết nối được tới máy chủ');
  }
  learnServerClock(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = (data ?? {}) as { code?: string; message?: string };
    throw new ApiError(response.status, error.code ?? 'HTTP_' + response.status, error.message ?? response.statusText);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', withQuery(path, query), undefined, signal),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/**
 * A multipart/form-data POST with upload progress (`fetch` reports none): files from the public form. `onProgress`
 * gets the share sent, 0 to 1. Answers and failures as `request` gives them.
 */
export function postForm<T>(path: string, form: FormData, headers: Record<string, string>, onProgress: (sent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'Không kết nối được tới máy chủ'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined; // a proxy's HTML error page
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const error = (data ?? {}) as { code?: string; message?: string };
      reject(new ApiError(xhr.status, error.code ?? `HTTP_${xhr.status}`, error.message ?? xhr.statusText));
    };
    xhr.send(form);
  });
}
