import { ignoreGone, type AriChannel } from '../telephony/ari.js';
import type { CallControl } from './control.js';
import { outcomeFromStatus } from './outcome.js';
import { callIdOfResource, callResources, type CallDeps } from './deps.js';
import type { CallRow } from './repository.js';

/**
 * On every (re)connection (R23, findings 13–16): Asterisk is the truth about calls, PostgreSQL about work.
 * Nothing is replayed after an outage, so the open call records are compared with the channels that exist:
 * - the caller's channel is still in our application → the call is re-adopted where its record says;
 * - it is gone → the record is closed (outcome from its status, side and cause unknown), its legs hung up, its
 *   bridges destroyed, its recording stored;
 * - a channel parked in our application without a record (its StasisStart was missed) is taken as a new arrival;
 *   an orphan leg is hung up; bridges of calls no longer controlled are destroyed.
 */
export async function reconcile(control: CallControl, deps: CallDeps): Promise<void> {
  const { ari, records, registry, log, settings } = deps;
  const [channels, application, open] = await Promise.all([
    ari.listChannels(),
    ari.getApplication(settings.app).catch(() => null),
    records.open(),
  ]);
  const alive = new Map(channels.map((c) => [c.id, c]));
  const inApp = new Set(application?.channel_ids ?? channels.map((c) => c.id));
  const legsOf = (callId: string) => channels.filter((c) => c.id.startsWith(callResources.legPrefix(callId))).map((c) => c.id);

  let adopted = 0;
  let closed = 0;
  for (const row of open) {
    if (registry.get(row.id)) continue;
    const channel = alive.get(row.channelId);
    if (channel && inApp.has(channel.id)) {
      if (control.adopt(row, legsOf(row.id))) adopted += 1;
    } else {
      await closeVanished(row, legsOf(row.id), deps);
      closed += 1;
    }
  }

  // Channels in our application that no call controls.
  for (const id of inApp) {
    if (registry.byChannel(id)) continue;
    const owner = callIdOfResource(id);
    if (owner) {
      if (registry.get(owner)) continue; // a leg of a re-adopted call
      await ignoreGone(() => ari.hangup(id));
      continue;
    }
    const channel = alive.get(id);
    if (channel) await control.arrive(channel, stasisArgument(channel));
  }

  // Bridges left by calls that are no longer controlled here.
  const bridges = await ari.listBridges();
  for (const bridge of bridges) {
    const owner = callIdOfResource(bridge.id);
    if (owner && !registry.get(owner)) await ignoreGone(() => ari.destroyBridge(bridge.id));
  }

  // Recordings whose RecordingFinished was missed while we were away.
  for (const recording of await records.recordingsInProgress()) {
    if (registry.get(recording.callId)) continue;
    await deps.sink.finalize(recording.name).catch((error: unknown) => log.error({ err: error, recording: recording.name }, 'storing a recording failed'));
  }
  log.info({ open: open.length, adopted, closed, channels: channels.length }, 'reconciled calls with Asterisk');
}

async function closeVanished(row: CallRow, legs: readonly string[], deps: CallDeps): Promise<void> {
  const { ari, records, log } = deps;
  for (const leg of legs) await ignoreGone(() => ari.hangup(leg));
  const outcome = outcomeFromStatus(row.status, row.overCapacityAt !== null);
  await records.end(row.id, { outcome, hangupSide: null, hangupCause: null, hangupCauseText: null });
  log.info({ callId: row.id, status: row.status, outcome }, 'call ended while we were away: record closed');
}

/** The dialled number of a parked channel: the Stasis argument (`app_data` "app,number") or the dialplan exten. */
function stasisArgument(channel: AriChannel): string {
  const data = channel.dialplan?.app_data?.split(',') ?? [];
  return data[1] ?? channel.dialplan?.exten ?? '';
}
