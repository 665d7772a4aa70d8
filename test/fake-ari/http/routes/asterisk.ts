import { asteriskTimestamp } from '../../core/clock.js';
import type { Ctx } from '../../engine/ctx.js';
import { list } from '../params.js';
import { json, type Router } from '../router.js';

/** `GET /asterisk/info` and `/asterisk/ping`, shaped like Asterisk 22.10.1's. */
export function asteriskRoutes(router: Router, ctx: Ctx, startedAt: () => number): void {
  router
    .add('GET', '/asterisk/ping', () =>
      json(200, { asterisk_id: ctx.opts.asteriskId, ping: 'pong', timestamp: asteriskTimestamp(ctx.clock.now()) }),
    )
    .add('GET', '/asterisk/info', (r) => {
      const started = asteriskTimestamp(startedAt());
      const info: Record<string, unknown> = {
        build: { os: 'Linux', kernel: 'fake', machine: 'x86_64', options: '', date: '', user: 'fake-ari' },
        system: { version: '22.10.1', entity_id: ctx.opts.asteriskId },
        config: { name: '', default_language: 'en', setid: { user: 'asterisk', group: 'asterisk' } },
        status: { startup_time: started, last_reload_time: started },
      };
      const only = list(r.query, 'only');
      if (only.length === 0) return json(200, info);
      return json(200, Object.fromEntries(Object.entries(info).filter(([key]) => only.includes(key))));
    });
}
