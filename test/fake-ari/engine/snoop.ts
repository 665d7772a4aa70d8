import { badRequest, internalError } from '../core/errors.js';
import type { Channel } from '../model/channel.js';
import { CAUSE } from '../core/causes.js';
import type { Ctx } from './ctx.js';
import { createChannel } from './factory.js';
import { hangup } from './hangup.js';
import { enterStasis, publishDialplan, splitArgs } from './stasis.js';

const DIRECTIONS = new Set(['none', 'both', 'in', 'out']);

export interface SnoopArgs {
  spy?: string;
  whisper?: string;
  app?: string;
  appArgs?: string;
  snoopId?: string;
}

/** Validation in Asterisk's order: spy, whisper, both none (400), app. */
export function validateSnoop(args: SnoopArgs): void {
  const spy = args.spy || 'none';
  const whisper = args.whisper || 'none';
  if (!DIRECTIONS.has(spy)) throw badRequest('Invalid direction specified for spy');
  if (!DIRECTIONS.has(whisper)) throw badRequest('Invalid direction specified for whisper');
  if (spy === 'none' && whisper === 'none') throw badRequest('Direction must be specified for at least spy or whisper');
  if (!args.app) throw badRequest('Application name is required');
}

/** Snoop channels start in Stasis already Up, with no Dial events (finding 22). */
export function createSnoop(ctx: Ctx, target: Channel, args: SnoopArgs): Channel {
  validateSnoop(args);
  const app = args.app ?? '';
  if (args.snoopId && ctx.world.channels.has(args.snoopId)) throw internalError('Snoop channel could not be created');
  const snoop = createChannel(ctx, {
    id: args.snoopId,
    name: ctx.ids.snoopName(target.id),
    kind: 'snoop',
    state: 'Up',
    caller: { name: '', number: '' },
    dialplan: { context: 'default', exten: 's', priority: 1, app_name: '', app_data: '' },
  });
  snoop.snoopTargetId = target.id;
  const appArgs = splitArgs(args.appArgs);
  publishDialplan(ctx, snoop, 'Stasis', [app, ...appArgs].join(','));
  if (ctx.apps.isActive(app)) enterStasis(ctx, snoop, app, appArgs);
  else hangup(ctx, snoop, { destroy: { cause: CAUSE.normal } });
  return snoop;
}
