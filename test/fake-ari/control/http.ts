import { badRequest, notFound } from '../core/errors.js';
import { json, noContent, Router } from '../http/router.js';
import type { EndpointBehaviour, EndpointConfig, PlaceCallOptions } from '../types.js';
import type { FakeAri } from './fake-ari.js';

function body(request: { body: unknown }): Record<string, unknown> {
  const value = request.body;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw badRequest(`${name} is required`);
  return value;
}

/**
 * `/__control/...` (no auth): the same controls as the FakeAri methods, for benchmarks and
 * out-of-process tests. Bodies are JSON.
 */
export function controlRouter(fake: FakeAri): Router {
  return new Router()
    .add('POST', '/calls', (r) => {
      const b = body(r);
      const options: PlaceCallOptions = { ...(b as Partial<PlaceCallOptions>), from: requireString(b.from, 'from') };
      return json(200, fake.placeCall(options));
    })
    .add('GET', '/outcomes', () => json(200, fake.outcomes()))
    .add('POST', '/channels/:channelId/dtmf', async (r) => {
      const b = body(r);
      const sent = await fake.sendDtmf(r.params.channelId ?? '', requireString(b.digits, 'digits'), {
        durationMs: optionalNumber(b.durationMs),
        intervalMs: optionalNumber(b.intervalMs),
      });
      return json(200, { sent });
    })
    .add('POST', '/channels/:channelId/hangup', (r) => {
      if (!fake.hangupFromFarEnd(r.params.channelId ?? '', { cause: optionalNumber(body(r).cause) })) throw notFound('Channel not found');
      return noContent();
    })
    .add('POST', '/channels/:channelId/answer', (r) => (fake.answerLeg(r.params.channelId ?? '') ? noContent() : json(409, { message: 'Not dialling' })))
    .add('POST', '/channels/:channelId/busy', (r) => (fake.rejectLeg(r.params.channelId ?? '') ? noContent() : json(409, { message: 'Not dialling' })))
    .add('POST', '/endpoints', (r) => {
      const b = body(r);
      const config = (b.config ?? b.behaviour) as EndpointConfig | EndpointBehaviour | undefined;
      if (!config || typeof config !== 'object') throw badRequest('behaviour is required');
      fake.setEndpoint(requireString(b.endpoint, 'endpoint'), config);
      return noContent();
    })
    .add('POST', '/playbacks/:playbackId/finish', (r) => (fake.finishPlayback(r.params.playbackId ?? '') ? noContent() : json(404, { message: 'Playback not playing' })))
    .add('POST', '/websockets/drop', (r) => json(200, { dropped: fake.dropWebSockets({ refuseMs: optionalNumber(body(r).refuseMs), app: body(r).app as string | undefined }) }))
    .add('POST', '/restart', (r) => {
      // Answer first: the restart takes this very listener down.
      void fake.restart({ downMs: optionalNumber(body(r).downMs) });
      return json(202, { restarting: true });
    })
    .add('GET', '/requests', (r) => {
      const method = typeof r.query.method === 'string' ? r.query.method : undefined;
      const path = typeof r.query.path === 'string' ? r.query.path : undefined;
      return json(200, fake.requests({ method, path }));
    })
    .add('DELETE', '/requests', () => {
      fake.clearRequests();
      return noContent();
    })
    .add('GET', '/state', () => json(200, fake.state()))
    .add('GET', '/events', (r) => json(200, fake.events({ app: r.query.app as string | undefined, type: r.query.type as string | undefined })))
    .add('DELETE', '/events', () => {
      fake.clearEvents();
      return noContent();
    })
    .add('POST', '/clock/advance', (r) => {
      fake.advanceClock(optionalNumber(body(r).ms) ?? 0);
      return noContent();
    })
    .add('POST', '/reset', () => {
      fake.reset();
      return noContent();
    });
}
