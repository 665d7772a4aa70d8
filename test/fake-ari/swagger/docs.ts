import { apiDeclaration } from './dsl.js';
import { MODELS } from './models.js';
import { OPERATIONS } from './operations.js';

const DESCRIPTIONS: Record<string, string> = {
  asterisk: 'Asterisk resources',
  channels: 'Channel resources',
  bridges: 'Bridge resources',
  recordings: 'Recording resources',
  playbacks: 'Playback control resources',
  events: 'WebSocket resource',
  applications: 'Stasis application resources',
  endpoints: 'Endpoint resources',
};

export const RESOURCE_NAMES = Object.keys(DESCRIPTIONS);

/** `GET /ari/api-docs/resources.json`; `basePath` must be the URL the client used. */
export function resourceListing(basePath: string): unknown {
  return {
    apiVersion: '10.0.0',
    swaggerVersion: '1.1',
    basePath,
    apis: RESOURCE_NAMES.map((name) => ({ path: `/api-docs/${name}.{format}`, description: DESCRIPTIONS[name] })),
  };
}

/** `GET /ari/api-docs/<name>.json`, or undefined for resources the fake does not provide. */
export function resourceDeclaration(name: string, basePath: string): unknown {
  const operations = OPERATIONS[name];
  if (!operations) return undefined;
  return apiDeclaration(basePath, `/api-docs/${name}.{format}`, operations, MODELS[name] ?? {});
}
