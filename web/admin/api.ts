import { ApiError } from '../shared/api/client.js';

/** One file as multipart (field "file"): prompts upload. The JSON client cannot carry a file. */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', credentials: 'same-origin', body: form, headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Không kết nối được tới máy chủ');
  }
  const data = (await response.json().catch(() => ({}))) as T & { code?: string; message?: string };
  if (!response.ok) throw new ApiError(response.status, data.code ?? `HTTP_${response.status}`, data.message ?? response.statusText);
  return data;
}
