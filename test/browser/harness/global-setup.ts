import pino from 'pino';
import { buildPagesIfStale } from '../../../src/pages/build.js';
import { defaultPagesLocation } from '../../../src/pages/plugin.js';

/** Once per run: the pages built as `npm start` builds them (only when web/ is newer than web/dist). */
export default async function setup(): Promise<void> {
  const result = await buildPagesIfStale(defaultPagesLocation, pino({ level: 'warn' }));
  if (result === 'failed' || result === 'no-sources') throw new Error(`the pages could not be built (${result})`);
}
