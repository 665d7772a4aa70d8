import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { ChannelView } from '@server/channels/routes.js';
import { api } from '../../shared/api/client.js';
import { commonMessages } from '../../shared/i18n/common.js';
import { useMessages } from '../../shared/i18n/i18n.js';
import { useFormat } from '../../shared/format/use-format.js';
import { ErrorNote, Loading, useErrorText } from '../../shared/ui/states.js';
import { adminMessages } from '../messages.js';
import { channelMessages } from './messages.js';

type Channel = Static<typeof ChannelView>;
type Kind = Channel['kind'];
type SettingType = 'string' | 'integer' | 'boolean';

const key = ['admin', 'channels'] as const;

/** Each channel's settings, in the order an admin fills them (names as the server's configNames). */
const settings: Record<Kind, Array<[string, SettingType]>> = {
  email: [
    ['address', 'string'], ['fromName', 'string'],
    ['imapHost', 'string'], ['imapPort', 'integer'], ['imapSecure', 'boolean'], ['imapUser', 'string'], ['mailbox', 'string'],
    ['smtpHost', 'string'], ['smtpPort', 'integer'], ['smtpSecure', 'boolean'], ['smtpUser', 'string'],
  ],
  zalo: [['appId', 'string'], ['oaId', 'string'], ['apiUrl', 'string'], ['oauthUrl', 'string'], ['attachmentHosts', 'string']],
  facebook: [['pageId', 'string'], ['graphUrl', 'string'], ['attachmentHosts', 'string']],
};

/** The written channels (issue 15, R16): on or off, settings, write-only secrets ("đã đặt"/"chưa đặt"), health. */
export function ChannelsPage() {
  const t = useMessages(channelMessages);
  const common = useMessages(commonMessages);
  const channels = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<{ items: Channel[] }>('/api/channels', undefined, signal) });
  if (channels.isPending) return <Loading label={common.loading} />;
  if (channels.isError) return <ErrorNote error={channels.error} onRetry={() => void channels.refetch()} />;
  return (
    <section className="panel admin-page" aria-labelledby="channels-heading">
      <div>
        <h1 id="channels-heading">{t.heading}</h1>
        <p className="muted">{t.intro}</p>
      </div>
      {channels.data.items.map((channel) => (
        <ChannelForm key={`${channel.kind}-${channel.updatedAt ?? ''}`} channel={channel} />
      ))}
    </section>
  );
}

function ChannelForm({ channel }: { channel: Channel }) {
  const t = useMessages(channelMessages);
  const admin = useMessages(adminMessages);
  const format = useFormat();
  const errorText = useErrorText();
  const client = useQueryClient();
  const kind = channel.kind;
  const [enabled, setEnabled] = useState(channel.enabled);
  const [config, setConfig] = useState<Record<string, string>>(() =>
    Object.fromEntries(settings[kind].map(([name]) => [name, channel.config[name] === undefined ? '' : String(channel.config[name])])),
  );
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (removed?: string) => {
      const entered = Object.fromEntries(Object.entries(secrets).filter(([, value]) => value !== ''));
      return api.put<Channel>(`/api/channels/${kind}`, {
        enabled,
        config: Object.fromEntries(Object.entries(config).filter(([, value]) => value.trim() !== '').map(([name, value]) => [name, value.trim()])),
        secrets: removed ? { ...entered, [removed]: '' } : entered,
      });
    },
    onSuccess: (saved) => {
      setSecrets({});
      client.setQueryData<{ items: Channel[] }>(key, (old) => old && { items: old.items.map((c) => (c.kind === saved.kind ? saved : c)) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined);
  };
  const health = channel.health;
  // The server's words for a channel that is off are said by the badge, or in the page's language; a failure's detail as it is.
  const detail = health.detail === 'switched off' ? null : health.detail?.startsWith('not configured') ? t.notConfigured : health.detail;
  const id = (name: string) => `channel-${kind}-${name}`;
  return (
    <form className="channel-card" aria-labelledby={id('heading')} onSubmit={submit} data-testid={`channel-${kind}`}>
      <div className="panel-title">
        <h2 id={id('heading')}>{t.kind[kind]}</h2>
        <span>
          <span className="visually-hidden">{t.health}: </span>
          <span className={health.state === 'ok' ? 'badge badge--ok' : health.state === 'failing' ? 'badge badge--danger' : 'badge'} data-testid="channel-health">
            {t.state[health.state]}
          </span>{' '}
          {health.state !== 'off' && <span className="muted">{t.since(format.dateTime(health.since))}</span>}
          {detail && <span className="muted"> · {detail}</span>}
        </span>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t.enabled}
      </label>
      {channel.webhookUrl && (
        <p>
          <span className="muted">{t.webhook}: </span>
          <code>{channel.webhookUrl}</code>
        </p>
      )}
      <fieldset className="admin-form channel-fields">
        <legend>{t.settings}</legend>
        {settings[kind].map(([name, type]) =>
          type === 'boolean' ? (
            <label key={name} className="checkbox">
              <input type="checkbox" checked={config[name] === 'true'} onChange={(e) => setConfig({ ...config, [name]: e.target.checked ? 'true' : 'false' })} /> {t.setting[name] ?? name}
            </label>
          ) : (
            <label key={name} className="field">
              <span className="field-label">{t.setting[name] ?? name}</span>
              <input
                type={type === 'integer' ? 'number' : 'text'}
                min={type === 'integer' ? 0 : undefined}
                max={type === 'integer' ? 65535 : undefined}
                maxLength={500}
                value={config[name] ?? ''}
                onChange={(e) => setConfig({ ...config, [name]: e.target.value })}
              />
            </label>
          ),
        )}
      </fieldset>
      <fieldset className="admin-form channel-fields">
        <legend>{t.secrets}</legend>
        {channel.secretsNeeded.map((name) => {
          const isSet = channel.secretsSet.includes(name);
          const label = t.secret[name] ?? name;
          return (
            <div key={name} className="channel-secret">
              <label className="field">
                <span className="field-label">
                  {label}{' '}
                  <span className={isSet ? 'badge badge--ok' : 'badge badge--warn'} data-testid={`secret-${name}`}>
                    {isSet ? t.set : t.notSet}
                  </span>
                </span>
                <input type="password" autoComplete="new-password" maxLength={4000} placeholder={isSet ? t.keep : ''} value={secrets[name] ?? ''} onChange={(e) => setSecrets({ ...secrets, [name]: e.target.value })} />
              </label>
              {isSet && (
                <button type="button" className="button button--small button--quiet" disabled={save.isPending} onClick={() => save.mutate(name)}>
                  {t.remove(label)}
                </button>
              )}
            </div>
          );
        })}
      </fieldset>
      <div className="channel-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {t.save}
        </button>
        {save.isSuccess && (
          <span className="save-status save-status--saved" role="status">
            {admin.saved}
          </span>
        )}
        {channel.updatedAt && <span className="muted">{t.updated(format.dateTime(channel.updatedAt))}</span>}
      </div>
      {save.isError && (
        <p className="error-note" role="alert">
          {errorText(save.error)}
        </p>
      )}
    </form>
  );
}
