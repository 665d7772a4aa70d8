import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Every environment variable the server reads, with its default. Validated once at boot;
 * a bad value stops the process with a message naming each bad variable.
 */
const Positive = (def: number, what: string) => Type.Integer({ minimum: 1, default: def, description: what });

export const EnvSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], { default: 'development' }),
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000, description: 'a TCP port, 1–65535' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// or postgresql:// URL' }),
  ),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  ARI_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'an http:// or https:// URL' })),
  ARI_USERNAME: Type.String({ default: 'callcentre' }),
  ARI_PASSWORD: Type.String({ default: '' }),
  ARI_APP: Type.String({ pattern: '^[A-Za-z0-9_-]+$', default: 'callcentre', description: 'letters, digits, _ or -' }),
  RECORDINGS_DIR: Type.String({ minLength: 1, default: './recordings' }),
  RECORDING_RETENTION_DAYS: Type.Integer({
    minimum: 0,
    default: 365,
    description: 'days a call recording is kept after it ends, a whole number ≥ 0; 0 = keep forever',
  }),
  BUSINESS_TZ: Type.String({ default: 'Asia/Ho_Chi_Minh', description: 'an IANA time zone' }),
  // ---- Telephony (call control over ARI, issue 3)
  ARI_RECONNECT_MIN_MS: Positive(500, 'milliseconds before the first ARI reconnection attempt, a whole number ≥ 1'),
  ARI_RECONNECT_MAX_MS: Positive(30_000, 'the longest wait between ARI reconnection attempts (ms), a whole number ≥ 1'),
  ARI_PING_INTERVAL_MS: Positive(10_000, 'ms between WebSocket pings to Asterisk; no pong by the next ping = dead socket'),
  ARI_FALLBACK_CONTEXT: Type.String({
    pattern: '^[A-Za-z0-9_-]+$',
    default: 'stasis-fallback',
    description: 'the dialplan context a caller is sent to when call control fails (letters, digits, _ or -)',
  }),
  PROMPTS_DIR: Type.String({ minLength: 1, default: './prompts', description: "the app's copy of the prompts (checked for missing files)" }),
  ASTERISK_PROMPTS_PATH: Type.String({
    default: '',
    description: "where Asterisk sees PROMPTS_DIR; empty = Asterisk's sounds directory (docker-compose mounts prompts/vi there)",
  }),
  MOH_CLASS: Type.String({ minLength: 1, default: 'default', description: 'music-on-hold class for waiting callers' }),
  LINE_CAPACITY_FALLBACK: Type.Integer({
    minimum: 0,
    default: 2,
    description: 'lines answered at once when no capacity schedule covers the time, a whole number ≥ 0',
  }),
  OVER_CAPACITY_DIGIT_SECONDS: Positive(8, 'seconds an over-capacity caller has to press 1 for a callback, ≥ 1'),
  ORIGINATE_TIMEOUT_SECONDS: Positive(30, 'seconds an operator or hotline leg rings before it is given up, ≥ 1'),
  // ---- The dialplan fallback's calls (issue 11 item 11, issue 17)
  FALLBACK_DIR: Type.String({
    maxLength: 500,
    default: '',
    description: "where Asterisk's dialplan fallback writes a manifest and a recording per call (FALLBACK_RECORD_DIR of extensions.conf, as the app sees it; the app must be able to delete there); imported every minute into calls and recordings; empty = no import",
  }),
  // ---- Codecs of the app's own legs (issue 11): A-law, Vietnam's PSTN, end to end
  ORIGINATE_FORMATS: Type.String({
    pattern: '^[a-z0-9]+(,[a-z0-9]+)*$',
    maxLength: 100,
    default: 'alaw,ulaw',
    description: 'codecs asked for on every leg the app originates (operators, hotlines, supervisors), best first, as Asterisk names them (core show codecs): alaw,ulaw',
  }),
  // ---- Operators and the queue (issue 4)
  WRAPUP_SECONDS: Type.Integer({
    minimum: 0,
    default: 30,
    description: 'seconds of wrap-up after each call before the operator is offered the next one, a whole number ≥ 0',
  }),
  QUEUE_ANNOUNCE_SECONDS: Type.Integer({
    minimum: 0,
    default: 60,
    description: 'seconds between the position and expected-wait announcements to a waiting caller; 0 = no announcements',
  }),
  QUEUE_MAX_WAIT_SECONDS: Type.Integer({
    minimum: 0,
    default: 600,
    description: 'seconds a caller may wait in the queue before a callback request is filed and the call ends; 0 = no limit',
  }),
  QUEUE_CALLBACK_KEY: Type.String({
    pattern: '^[0-9*#]$',
    default: '8',
    description: 'the key a waiting caller presses to leave a callback request instead of waiting (8, as in the main menu)',
  }),
  // ---- Transfers to agency hotlines, supervision, reports (issue 4)
  TRANSFER_RING_SECONDS: Positive(25, 'seconds an agency hotline rings on a transfer before it counts as not answered, ≥ 1'),
  TRANSFER_DIAL_TEMPLATE: Type.String({
    pattern: '\\{number\\}',
    default: 'PJSIP/{number}@trunk',
    description: 'the Asterisk endpoint a hotline number is originated to, {number} replaced: PJSIP/{number}@trunk (the trunk of asterisk-config/pjsip.conf) or Local/{number}@hotline-out/n (the dialplan allow-list and caller id)',
  }),
  REPORT_SERVICE_LEVEL_SECONDS: Positive(20, 'service level threshold: a call answered by an operator within this many seconds of queueing is "in service level", ≥ 1'),
  // ---- Tickets, deadlines and the deadline watch (issue 5)
  RECEIPT_CODE_PREFIX: Type.String({
    pattern: '^[A-Za-z0-9]{1,10}$',
    default: '1022',
    description: 'the first part of receipt codes such as 1022-2026-000123: 1–10 letters or digits',
  }),
  SLA_DEFAULT_RULE: Type.String({
    default: 'dong-nai-24h',
    description: "the code of the deadline rule preferred when several equally specific rules match a ticket (the province's general rule)",
  }),
  DEADLINE_DUE_SOON_MINUTES: Positive(120, 'minutes before a deadline at which the agency and supervisors are warned, a whole number ≥ 1'),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  ADMIN_USERNAME: Type.Optional(Type.String({ pattern: '^[a-z0-9._-]{3,64}$', description: '3–64 of a-z 0-9 . _ -' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10, description: 'at least 10 characters' })),
  SESSION_TTL_HOURS: Positive(12, 'hours, a whole number ≥ 1'),
  COOKIE_SECURE: Type.Enum(['auto', 'true', 'false'], { default: 'auto' }),
  TRUST_PROXY: Type.Boolean({ default: false, description: 'true or false' }),
  CORS_ORIGINS: Type.String({ default: '', description: 'comma-separated origins; empty = CORS off' }),
  LOGIN_MAX_FAILURES: Positive(5, 'a whole number ≥ 1'),
  LOGIN_LOCK_MINUTES: Positive(15, 'a whole number ≥ 1'),
  LOGIN_RATE_LIMIT_PER_MINUTE: Positive(10, 'a whole number ≥ 1'),
  // ---- SMS (R15), public side (R16, R17), attachments (issue 5)
  SMS_PROVIDER: Type.Enum(['dev', 'http'], { default: 'dev', description: 'dev (records only, sends nothing) or http (brandname gateway)' }),
  SMS_HTTP_URL: Type.Optional(Type.String({ pattern: '^https?://', description: "the gateway's send URL, http:// or https://" })),
  SMS_API_KEY: Type.String({ default: '', description: 'the gateway API key' }),
  SMS_SECRET_KEY: Type.String({ default: '', description: 'the gateway secret key' }),
  SMS_BRANDNAME: Type.String({ default: '', description: 'the registered brandname (sender name)' }),
  SMS_HTTP_TIMEOUT_MS: Positive(10_000, 'ms to wait for the gateway, a whole number ≥ 1'),
  SMS_MAX_ATTEMPTS: Positive(6, 'send attempts before an SMS is marked failed, a whole number ≥ 1'),
  SMS_RETRY_BASE_SECONDS: Positive(30, 'seconds before the first retry (doubles each time, with jitter), ≥ 1'),
  SMS_RETRY_MAX_SECONDS: Positive(3600, 'the longest wait between retries (seconds), ≥ 1'),
  SMS_TEMPLATES_FILE: Type.Optional(Type.String({ minLength: 1, description: 'a JSON file overriding the SMS templates (see src/sms/README.md)' })),
  SMS_ACK_WEB_REQUESTS: Type.Boolean({ default: false, description: 'true or false: also SMS the R16 acknowledgement to citizens who write through the web form' }),
  PUBLIC_SUBMIT_PER_HOUR: Positive(10, 'web-form submissions per IP address per hour, a whole number ≥ 1'),
  PUBLIC_LOOKUP_PER_MINUTE: Positive(20, 'ticket look-ups per IP address per minute, a whole number ≥ 1'),
  PUBLIC_ANSWERS_PER_MINUTE: Positive(60, 'published-answer searches per IP address per minute, a whole number ≥ 1'),
  ATTACHMENT_MAX_BYTES: Positive(10 * 1024 * 1024, 'the largest attachment in bytes, a whole number ≥ 1'),
  PUBLIC_REQUEST_MAX_FILES: Positive(5, 'files a citizen may attach to one web-form request (each up to ATTACHMENT_MAX_BYTES), a whole number ≥ 1'),
  // ---- Written channels: email, Zalo OA, Facebook Page (issue 15; R16)
  CHANNELS_SECRET_KEY: Type.Optional(Type.String({
    pattern: '^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$',
    description: 'the key that encrypts channel secrets at rest (AES-256-GCM): 32 bytes as 64 hex digits or base64 (openssl rand -hex 32); without it no channel secret can be stored',
  })),
  CHANNELS_PUBLIC_URL: Type.String({
    default: '',
    maxLength: 500,
    description: 'the address citizens\' channels reach this server at (https://1022.example.gov.vn), shown to admins as the webhook URLs to register',
  }),
  CHANNELS_EMAIL_POLL_SECONDS: Positive(60, 'seconds between IMAP checks when the server offers no IDLE (and the longest IDLE before a fresh check), a whole number ≥ 1'),
  CHANNELS_MAX_ATTEMPTS: Positive(8, 'send attempts of a channel message before it is marked failed, a whole number ≥ 1'),
  CHANNELS_RETRY_BASE_SECONDS: Positive(30, 'seconds before the first retry of a channel message (doubles each time, with jitter), ≥ 1'),
  CHANNELS_RETRY_MAX_SECONDS: Positive(3600, 'the longest wait between retries of a channel message (seconds), ≥ 1'),
  CHANNELS_HTTP_TIMEOUT_MS: Positive(10_000, 'ms to wait for the Zalo and Facebook APIs and the SMTP server, a whole number ≥ 1'),
  CHANNELS_DOWNLOAD_TIMEOUT_MS: Positive(30_000, 'ms to download one file a citizen sent on Zalo or Facebook (then retried by the inbox), a whole number ≥ 1'),
  CHANNELS_SETTINGS_POLL_MS: Positive(30_000, 'ms between checks of the channels\' stored settings, in case a change announced by another instance (NOTIFY) was missed, a whole number ≥ 1'),
  // ---- Database outages and overload (issue 12)
  DATABASE_CONNECT_TIMEOUT_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 60,
    default: 3,
    description: 'PostgreSQL: seconds a new connection may take before the request is answered 503 DATABASE_UNAVAILABLE, 1–60',
  }),
  PGLITE_MAX_WAITING: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 100,
    description: 'embedded database: operations that may wait for their turn; more are answered 503 DATABASE_BUSY, 1–10000',
  }),
  PGLITE_WAIT_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 60_000,
    default: 5_000,
    description: 'embedded database: ms an operation may wait for its turn before it is answered 503 DATABASE_BUSY, 100–60000',
  }),
  // ---- Configuration APIs, IVR prompts, the public form's challenge (issue 14)
  PROMPT_UPLOAD_MAX_BYTES: Positive(20 * 1024 * 1024, 'the largest IVR prompt recording an admin may upload (bytes), a whole number ≥ 1'),
  PROMPT_MAX_SECONDS: Positive(300, 'the longest IVR prompt recording accepted (seconds), a whole number ≥ 1'),
  PUBLIC_CHALLENGE_BITS: Type.Integer({
    minimum: 0,
    maximum: 32,
    default: 16,
    description: 'leading zero bits the SHA-256 of a public form\'s proof-of-work must have (0 = no challenge; 16 ≈ 65,000 hashes, under a second on a phone), 0–32',
  }),
  // ---- Two or more instances on one PostgreSQL (issue 17)
  CLUSTER_NODE_NAME: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9._-]{1,40}$', description: "this instance's name in logs and /readyz: 1–40 of letters, digits . _ -; default host-pid" }),
  ),
  CLUSTER_ADVERTISE_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s]{1,40}$',
      description: 'where the other instances reach this one (leader-only API requests are forwarded there), http(s)://host:port, at most 48 characters; default http://127.0.0.1:PORT',
    }),
  ),
  CLUSTER_POLL_MS: Type.Integer({
    minimum: 50,
    maximum: 5_000,
    default: 500,
    description: 'ms between a standby\'s tries to take the leadership (and the leader\'s checks that it still holds it), 50–5000',
  }),
  CLUSTER_HANDOVER_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 8_000,
    default: 5_000,
    description: 'how long a leader leaving (SIGTERM, admin handover) waits for a standby to connect to Asterisk before leaving anyway (ms), 100–8000',
  }),
  PAGES_BUILD: Type.Boolean({ default: true, description: 'true or false: build the pages (web/dist) at start when stale; false when the image ships them built' }),
  PUBLIC_CHALLENGE_TTL_SECONDS: Positive(600, 'seconds a proof-of-work challenge of the public form stays valid, a whole number ≥ 1'),
  PUBLIC_CHALLENGE_SECRET: Type.Optional(
    Type.String({ minLength: 32, description: 'the key (≥ 32 characters) that signs the public form\'s challenges; unset = generated at first start and kept in the database' }),
  ),
  // ---- Knowledge-base import, metrics, scheduled reports (issue 16)
  KB_IMPORT_MAX_BYTES: Positive(10 * 1024 * 1024, 'the largest spreadsheet (.xlsx, .xls, .csv) imported into the knowledge base, in bytes, a whole number ≥ 1'),
  METRICS_TOKEN: Type.Optional(
    Type.String({ minLength: 16, description: 'the bearer token Prometheus sends to scrape /metrics (≥ 16 characters)' }),
  ),
  METRICS_ALLOW: Type.String({
    default: '',
    description: 'comma-separated addresses or IPv4 CIDR blocks that may scrape /metrics without the token, e.g. 10.0.0.5,192.168.1.0/24',
  }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://', description: 'an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.vn:587' })),
  MAIL_FROM: Type.String({ default: 'Tong dai 1022 <no-reply@localhost>', description: 'the From address of report e-mails' }),
  REPORT_RECIPIENTS: Type.String({ default: '', description: 'comma-separated e-mail addresses the daily and weekly reports are sent to' }),
});

export type Env = Static<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(schema: TSchema | undefined): string {
  if (!schema) return 'is not allowed';
  const s = schema as { description?: string; enum?: unknown[] };
  if (s.enum) return `must be one of: ${s.enum.join(', ')}`;
  return s.description ? `must be ${s.description}` : 'is invalid';
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Reads the configuration from an environment (process.env by default). Throws ConfigError. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, raw));
  const problems = new Map<string, string>();
  for (const error of Value.Errors(EnvSchema, converted)) {
    const name = error.instancePath.replace(/^\//, '');
    if (!name || problems.has(name)) continue;
    const property = (EnvSchema.properties as Record<string, TSchema>)[name];
    const shown = /PASSWORD|SECRET|KEY/.test(name) ? '(hidden)' : JSON.stringify(source[name] ?? '');
    problems.set(name, `${name}=${shown} ${describe(property)}`);
  }
  const env = converted as Env;
  if (!problems.has('BUSINESS_TZ') && !isTimeZone(env.BUSINESS_TZ)) {
    problems.set('BUSINESS_TZ', `BUSINESS_TZ=${JSON.stringify(env.BUSINESS_TZ)} must be an IANA time zone`);
  }
  if (env.ADMIN_USERNAME && !env.ADMIN_PASSWORD) {
    problems.set('ADMIN_PASSWORD', 'ADMIN_PASSWORD must be set (at least 10 characters) when ADMIN_USERNAME is set');
  }
  if (env.SMS_PROVIDER === 'http') {
    for (const name of ['SMS_HTTP_URL', 'SMS_API_KEY', 'SMS_SECRET_KEY', 'SMS_BRANDNAME'] as const) {
      if (!env[name] && !problems.has(name)) problems.set(name, `${name} must be set when SMS_PROVIDER=http`);
    }
  }
  if (problems.size > 0) throw new ConfigError([...problems.values()]);
  return env;
}
