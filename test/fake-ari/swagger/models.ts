import type { ModelSpec } from './dsl.js';

const CHANNEL: ModelSpec = {
  id: 'string', name: 'string', state: 'string', protocol_id: 'string', caller: 'CallerID', connected: 'CallerID',
  accountcode: 'string', dialplan: 'DialplanCEP', creationtime: 'Date', language: 'string', channelvars: 'object',
};
const BRIDGE: ModelSpec = {
  id: 'string', technology: 'string', bridge_type: 'string', bridge_class: 'string', creator: 'string', name: 'string',
  channels: 'List[string]', creationtime: 'Date', video_mode: 'string', video_source_id: 'string',
};
const PLAYBACK: ModelSpec = {
  id: 'string', media_uri: 'string', next_media_uri: 'string', target_uri: 'string', language: 'string', state: 'string',
};
const LIVE_RECORDING: ModelSpec = {
  name: 'string', format: 'string', target_uri: 'string', state: 'string', duration: 'int',
  talking_duration: 'int', silence_duration: 'int', cause: 'string',
};

const channelEvent = (extra: ModelSpec = {}): ModelSpec => ({ channel: 'Channel', ...extra });
const bridgeEvent = (extra: ModelSpec = {}): ModelSpec => ({ bridge: 'Bridge', ...extra });

/** Models per resource file. ari-client needs every event type it receives in events.json. */
export const MODELS: Record<string, Record<string, ModelSpec>> = {
  asterisk: {
    AsteriskInfo: { build: 'BuildInfo', system: 'SystemInfo', config: 'ConfigInfo', status: 'StatusInfo' },
    AsteriskPing: { asterisk_id: 'string', ping: 'string', timestamp: 'string' },
    Variable: { value: 'string' },
  },
  applications: {
    Application: {
      name: 'string', channel_ids: 'List[string]', bridge_ids: 'List[string]', endpoint_ids: 'List[string]',
      device_names: 'List[string]', events_allowed: 'List[object]', events_disallowed: 'List[object]',
    },
  },
  channels: {
    CallerID: { name: 'string', number: 'string' },
    DialplanCEP: { context: 'string', exten: 'string', priority: 'long', app_name: 'string', app_data: 'string' },
    Channel: CHANNEL,
  },
  bridges: { Bridge: BRIDGE },
  endpoints: { Endpoint: { technology: 'string', resource: 'string', state: 'string', channel_ids: 'List[string]' } },
  playbacks: { Playback: PLAYBACK },
  recordings: { StoredRecording: { name: 'string', format: 'string' }, LiveRecording: LIVE_RECORDING },
  events: {
    Message: { type: 'string', asterisk_id: 'string' },
    Event: { application: 'string', timestamp: 'Date' },
    ApplicationReplaced: {},
    BridgeCreated: bridgeEvent(),
    BridgeDestroyed: bridgeEvent(),
    ChannelCreated: channelEvent(),
    ChannelDestroyed: channelEvent({ cause: 'int', cause_txt: 'string', tech_cause: 'int' }),
    ChannelEnteredBridge: bridgeEvent({ channel: 'Channel' }),
    ChannelLeftBridge: bridgeEvent({ channel: 'Channel' }),
    ChannelStateChange: channelEvent(),
    ChannelDtmfReceived: channelEvent({ digit: 'string', duration_ms: 'int' }),
    ChannelDialplan: channelEvent({ dialplan_app: 'string', dialplan_app_data: 'string' }),
    ChannelCallerId: channelEvent({ caller_presentation: 'int', caller_presentation_txt: 'string' }),
    ChannelConnectedLine: channelEvent(),
    ChannelHangupRequest: channelEvent({ cause: 'int', soft: 'boolean', tech_cause: 'int' }),
    ChannelVarset: { variable: 'string', value: 'string', channel: 'Channel' },
    ChannelHold: channelEvent({ musicclass: 'string' }),
    ChannelUnhold: channelEvent(),
    Dial: { caller: 'Channel', peer: 'Channel', forwarded: 'Channel', forward: 'string', dialstring: 'string', dialstatus: 'string' },
    StasisStart: { args: 'List[string]', channel: 'Channel', replace_channel: 'Channel' },
    StasisEnd: channelEvent(),
    PlaybackStarted: { playback: 'Playback' },
    PlaybackContinuing: { playback: 'Playback' },
    PlaybackFinished: { playback: 'Playback' },
    RecordingStarted: { recording: 'LiveRecording' },
    RecordingFinished: { recording: 'LiveRecording' },
    RecordingFailed: { recording: 'LiveRecording' },
    EndpointStateChange: { endpoint: 'Endpoint' },
  },
};
