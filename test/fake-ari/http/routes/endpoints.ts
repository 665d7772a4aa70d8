import { notFound } from '../../core/errors.js';
import type { Ctx } from '../../engine/ctx.js';
import { json, type Router } from '../router.js';

export type EndpointStateName = 'unknown' | 'offline' | 'online';

/**
 * The endpoints Asterisk knows (configured in pjsip.conf): those given a behaviour (`setEndpoint`) or a state
 * (`setEndpointState`). Their state is `online` unless set otherwise (a qualified phone that answers OPTIONS).
 */
export function knownEndpoints(ctx: Ctx): string[] {
  return [...new Set([...ctx.world.endpoints.keys(), ...ctx.world.endpointStates.keys()])].filter((e) => e.includes('/') && !e.includes('@'));
}

/** `Endpoint` as ARI shapes it: technology/resource, state, the ids of its channels. */
export function endpointJson(ctx: Ctx, endpoint: string): Record<string, unknown> {
  const [technology = '', resource = ''] = endpoint.split('/');
  const channelIds = ctx.world.liveChannels().filter((c) => c.name.startsWith(`${endpoint}-`)).map((c) => c.id);
  return { technology, resource, state: ctx.world.endpointStates.get(endpoint) ?? 'online', channel_ids: channelIds };
}

/** `GET /endpoints`, `/endpoints/{tech}`, `/endpoints/{tech}/{resource}` (404 "Endpoint not found"). */
export function endpointRoutes(router: Router, ctx: Ctx): void {
  router
    .add('GET', '/endpoints', () => json(200, knownEndpoints(ctx).map((e) => endpointJson(ctx, e))))
    .add('GET', '/endpoints/:tech', (r) => {
      const found = knownEndpoints(ctx).filter((e) => e.startsWith(`${r.params.tech ?? ''}/`));
      if (found.length === 0) throw notFound('No Endpoints found - invalid tech');
      return json(200, found.map((e) => endpointJson(ctx, e)));
    })
    .add('GET', '/endpoints/:tech/:resource', (r) => {
      const endpoint = `${r.params.tech ?? ''}/${r.params.resource ?? ''}`;
      if (!knownEndpoints(ctx).includes(endpoint)) throw notFound('Endpoint not found');
      return json(200, endpointJson(ctx, endpoint));
    });
}
