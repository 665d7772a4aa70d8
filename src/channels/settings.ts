/**
 * Each channel's settings as admins set them (issue 15): stored in channel_settings, secrets sealed with
 * CHANNELS_SECRET_KEY. Secrets never leave this module except to the adapter that uses them: the admin API says
 * which are set, never their values, and nothing here is logged.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { channelSettings } from '../db/schema/index.js';
import { conflict } from '../web/errors.js';
import type { SecretBox } from './secrets.js';
import type { ChannelKind } from './types.js';

export type ChannelConfig = Record<string, string | number | boolean>;
export type ChannelSecrets = Record<string, string>;

export interface StoredChannel {
  kind: ChannelKind;
  enabled: boolean;
  config: ChannelConfig;
  secrets: ChannelSecrets;
  updatedAt: Date | null;
}

/** The settings (not secret) each channel takes, with their kind: what the admin API accepts. */
export const configNames: Record<ChannelKind, Record<string, 'string' | 'integer' | 'boolean'>> = {
  email: {
    address: 'string', fromName: 'string', imapHost: 'string', imapPort: 'integer', imapSecure: 'boolean', imapUser: 'string',
    mailbox: 'string', smtpHost: 'string', smtpPort: 'integer', smtpSecure: 'boolean', smtpUser: 'string',
  },
  zalo: { appId: 'string', oaId: 'string', apiUrl: 'string', oauthUrl: 'string', attachmentHosts: 'string' },
  facebook: { pageId: 'string', graphUrl: 'string', attachmentHosts: 'string' },
};

/** The secrets each channel needs (what the admin API accepts and reports as set or not). */
export const secretNames: Record<ChannelKind, readonly string[]> = {
  email: ['imapPassword', 'smtpPassword'],
  zalo: ['oaSecretKey', 'appSecretKey', 'accessToken', 'refreshToken'],
  facebook: ['appSecret', 'verifyToken', 'pageAccessToken'],
};

/** NOTIFY channel: a channel's settings changed (payload: its kind); every instance rebuilds that adapter. */
export const settingsChangedChannel = 'tongdai_channel_settings';

/** Sent inside the saving transaction: PostgreSQL delivers it on commit, never for a change rolled back. */
async function announceChange(tx: Executor, kind: ChannelKind): Promise<void> {
  await tx.execute(sql`select pg_notify(${settingsChangedChannel}, ${kind})`);
}

/**
 * Each stored channel's version: a digest of the whole row (the sealed secrets change with every save, even to the
 * same values, so a token refresh counts). Compared with the version an adapter was built from by the fallback poll.
 */
export async function settingsVersions(db: Executor): Promise<Map<ChannelKind, string>> {
  const rows = await db
    .select({ kind: channelSettings.kind, version: sql<string>`md5(concat_ws('|', ${channelSettings.enabled}, ${channelSettings.config}::text, ${channelSettings.secrets}, ${channelSettings.updatedAt}))` })
    .from(channelSettings);
  return new Map(rows.map((r) => [r.kind, r.version]));
}

export async function readChannel(db: Database, box: SecretBox | null, kind: ChannelKind): Promise<StoredChannel> {
  const [row] = await db.select().from(channelSettings).where(eq(channelSettings.kind, kind));
  if (!row) return { kind, enabled: false, config: {}, secrets: {}, updatedAt: null };
  return { kind, enabled: row.enabled, config: row.config, secrets: openSecrets(box, row.secrets), updatedAt: row.updatedAt };
}

function openSecrets(box: SecretBox | null, sealed: string | null): ChannelSecrets {
  if (!sealed || !box) return {};
  try {
    return box.open(sealed);
  } catch {
    // A changed key: the channel runs as not configured (readyz says so) until an admin sets its secrets again.
    return {};
  }
}

export interface ChannelChange {
  enabled: boolean;
  config: ChannelConfig;
  /** Secrets to set (others kept); an empty string removes one. */
  secrets?: ChannelSecrets | undefined;
}

/** Saves an admin's change: config replaced, secrets merged into the stored ones, sealed again. */
export async function saveChannel(db: Database, box: SecretBox | null, kind: ChannelKind, change: ChannelChange, userId: string | null): Promise<StoredChannel> {
  const givenSecrets = Object.entries(change.secrets ?? {});
  if (givenSecrets.length > 0 && !box) throw conflict('CHANNELS_SECRET_KEY_MISSING', 'Chưa cấu hình khóa mã hóa CHANNELS_SECRET_KEY nên không thể lưu thông tin bí mật của kênh');
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`channel:${kind}`}))`);
    const [row] = await tx.select().from(channelSettings).where(eq(channelSettings.kind, kind));
    const secrets = { ...openSecrets(box, row?.secrets ?? null) };
    for (const [name, value] of givenSecrets) {
      if (value === '') delete secrets[name];
      else secrets[name] = value;
    }
    const sealed = box && Object.keys(secrets).length > 0 ? box.seal(secrets) : (row?.secrets ?? null);
    const values = { kind, enabled: change.enabled, config: change.config, secrets: sealed, updatedBy: userId, updatedAt: new Date() };
    await tx.insert(channelSettings).values(values).onConflictDoUpdate({ target: channelSettings.kind, set: values });
    await announceChange(tx, kind);
    return { kind, enabled: change.enabled, config: change.config, secrets, updatedAt: values.updatedAt };
  });
}

/**
 * Replaces some secrets in one statement-level transaction (Zalo's token refresh): the new refresh token is stored
 * before it is used, so a crash never leaves only the spent one.
 */
export async function updateSecrets(db: Database, box: SecretBox, kind: ChannelKind, patch: ChannelSecrets): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(channelSettings).where(eq(channelSettings.kind, kind)).for('update');
    if (!row) return;
    const secrets = { ...openSecrets(box, row.secrets), ...patch };
    await tx.update(channelSettings).set({ secrets: box.seal(secrets) }).where(eq(channelSettings.kind, kind));
    // The other instances' adapters take the new tokens: the old refresh token is spent.
    await announceChange(tx, kind);
  });
}
