import { demoPassword, type Floor } from './floor.js';

/** The server's API as one of the demo accounts (through inject: setting the scene, reading the truth). */
export async function apiAs(floor: Floor, username: string) {
  const login = await floor.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: demoPassword } });
  if (login.statusCode !== 200) throw new Error(`login ${username}: ${login.statusCode}`);
  const cookie = `sid=${login.cookies.find((c) => c.name === 'sid')?.value}`;
  const call = async <T>(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object): Promise<T> => {
    const response = await floor.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    if (response.statusCode >= 400) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json() as T;
  };
  return {
    get: <T>(url: string) => call<T>('GET', url),
    post: <T>(url: string, payload: object = {}) => call<T>('POST', url, payload),
    patch: <T>(url: string, payload: object) => call<T>('PATCH', url, payload),
  };
}
