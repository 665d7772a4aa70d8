import { op, type OperationSpec } from './dsl.js';

/** The ARI operations the fake implements, per resource file (names as in Asterisk 22). */
export const OPERATIONS: Record<string, OperationSpec[]> = {
  asterisk: [
    op('GET', '/asterisk/info', 'getInfo', 'AsteriskInfo', ['only*']),
    op('GET', '/asterisk/ping', 'ping', 'AsteriskPing'),
  ],
  applications: [
    op('GET', '/applications', 'list', 'List[Application]'),
    op('GET', '/applications/{applicationName}', 'get', 'Application', ['applicationName@path!']),
    op('POST', '/applications/{applicationName}/subscription', 'subscribe', 'Application', ['applicationName@path!', 'eventSource!*']),
    op('DELETE', '/applications/{applicationName}/subscription', 'unsubscribe', 'Application', ['applicationName@path!', 'eventSource!*']),
    op('PUT', '/applications/{applicationName}/eventFilter', 'filter', 'Application', ['applicationName@path!', 'filter@body:object']),
  ],
  channels: [
    op('GET', '/channels', 'list', 'List[Channel]'),
    op('POST', '/channels', 'originate', 'Channel', [
      'endpoint!', 'extension', 'context', 'priority:long', 'label', 'app', 'appArgs', 'callerId', 'timeout:int',
      'variables@body:containers', 'channelId', 'otherChannelId', 'originator', 'formats',
    ]),
    op('POST', '/channels/create', 'create', 'Channel', [
      'endpoint!', 'app!', 'appArgs', 'channelId', 'otherChannelId', 'originator', 'formats', 'variables@body:containers',
    ]),
    op('GET', '/channels/{channelId}', 'get', 'Channel', ['channelId@path!']),
    op('POST', '/channels/{channelId}', 'originateWithId', 'Channel', [
      'channelId@path!', 'endpoint!', 'extension', 'context', 'priority:long', 'label', 'app', 'appArgs', 'callerId',
      'timeout:int', 'variables@body:containers', 'otherChannelId', 'originator', 'formats',
    ]),
    op('DELETE', '/channels/{channelId}', 'hangup', 'void', ['channelId@path!', 'reason_code', 'reason']),
    op('POST', '/channels/{channelId}/continue', 'continueInDialplan', 'void', ['channelId@path!', 'context', 'extension', 'priority:int', 'label']),
    op('POST', '/channels/{channelId}/redirect', 'redirect', 'void', ['channelId@path!', 'endpoint!']),
    op('POST', '/channels/{channelId}/answer', 'answer', 'void', ['channelId@path!']),
    op('POST', '/channels/{channelId}/ring', 'ring', 'void', ['channelId@path!']),
    op('DELETE', '/channels/{channelId}/ring', 'ringStop', 'void', ['channelId@path!']),
    op('POST', '/channels/{channelId}/progress', 'progress', 'void', ['channelId@path!']),
    op('POST', '/channels/{channelId}/dtmf', 'sendDTMF', 'void', ['channelId@path!', 'dtmf', 'before:int', 'between:int', 'duration:int', 'after:int']),
    op('POST', '/channels/{channelId}/mute', 'mute', 'void', ['channelId@path!', 'direction']),
    op('DELETE', '/channels/{channelId}/mute', 'unmute', 'void', ['channelId@path!', 'direction']),
    op('POST', '/channels/{channelId}/hold', 'hold', 'void', ['channelId@path!']),
    op('DELETE', '/channels/{channelId}/hold', 'unhold', 'void', ['channelId@path!']),
    op('POST', '/channels/{channelId}/moh', 'startMoh', 'void', ['channelId@path!', 'mohClass']),
    op('DELETE', '/channels/{channelId}/moh', 'stopMoh', 'void', ['channelId@path!']),
    op('POST', '/channels/{channelId}/silence', 'startSilence', 'void', ['channelId@path!']),
    op('DELETE', '/channels/{channelId}/silence', 'stopSilence', 'void', ['channelId@path!']),
    op('POST', '/channels/{channelId}/play', 'play', 'Playback', ['channelId@path!', 'media!*', 'lang', 'offsetms:int', 'skipms:int', 'playbackId']),
    op('POST', '/channels/{channelId}/play/{playbackId}', 'playWithId', 'Playback', [
      'channelId@path!', 'playbackId@path!', 'media!*', 'lang', 'offsetms:int', 'skipms:int',
    ]),
    op('POST', '/channels/{channelId}/record', 'record', 'LiveRecording', [
      'channelId@path!', 'name!', 'format!', 'maxDurationSeconds:int', 'maxSilenceSeconds:int', 'ifExists', 'beep:boolean', 'terminateOn',
    ]),
    op('GET', '/channels/{channelId}/variable', 'getChannelVar', 'Variable', ['channelId@path!', 'variable!']),
    op('POST', '/channels/{channelId}/variable', 'setChannelVar', 'void', ['channelId@path!', 'variable!', 'value']),
    op('POST', '/channels/{channelId}/snoop', 'snoopChannel', 'Channel', ['channelId@path!', 'spy', 'whisper', 'app!', 'appArgs', 'snoopId']),
    op('POST', '/channels/{channelId}/snoop/{snoopId}', 'snoopChannelWithId', 'Channel', [
      'channelId@path!', 'snoopId@path!', 'spy', 'whisper', 'app!', 'appArgs',
    ]),
    op('POST', '/channels/{channelId}/dial', 'dial', 'void', ['channelId@path!', 'caller', 'timeout:int']),
  ],
  bridges: [
    op('GET', '/bridges', 'list', 'List[Bridge]'),
    op('POST', '/bridges', 'create', 'Bridge', ['type', 'bridgeId', 'name']),
    op('POST', '/bridges/{bridgeId}', 'createWithId', 'Bridge', ['type', 'bridgeId@path!', 'name']),
    op('GET', '/bridges/{bridgeId}', 'get', 'Bridge', ['bridgeId@path!']),
    op('DELETE', '/bridges/{bridgeId}', 'destroy', 'void', ['bridgeId@path!']),
    op('POST', '/bridges/{bridgeId}/addChannel', 'addChannel', 'void', [
      'bridgeId@path!', 'channel!*', 'role', 'absorbDTMF:boolean', 'mute:boolean', 'inhibitConnectedLineUpdates:boolean',
    ]),
    op('POST', '/bridges/{bridgeId}/removeChannel', 'removeChannel', 'void', ['bridgeId@path!', 'channel!*']),
    op('POST', '/bridges/{bridgeId}/moh', 'startMoh', 'void', ['bridgeId@path!', 'mohClass']),
    op('DELETE', '/bridges/{bridgeId}/moh', 'stopMoh', 'void', ['bridgeId@path!']),
    op('POST', '/bridges/{bridgeId}/play', 'play', 'Playback', ['bridgeId@path!', 'media!*', 'announcer_format', 'lang', 'offsetms:int', 'skipms:int', 'playbackId']),
    op('POST', '/bridges/{bridgeId}/play/{playbackId}', 'playWithId', 'Playback', [
      'bridgeId@path!', 'playbackId@path!', 'media!*', 'announcer_format', 'lang', 'offsetms:int', 'skipms:int',
    ]),
    op('POST', '/bridges/{bridgeId}/record', 'record', 'LiveRecording', [
      'bridgeId@path!', 'name!', 'format!', 'recorder_format', 'maxDurationSeconds:int', 'maxSilenceSeconds:int', 'ifExists', 'beep:boolean', 'terminateOn',
    ]),
  ],
  playbacks: [
    op('GET', '/playbacks/{playbackId}', 'get', 'Playback', ['playbackId@path!']),
    op('DELETE', '/playbacks/{playbackId}', 'stop', 'void', ['playbackId@path!']),
    op('POST', '/playbacks/{playbackId}/control', 'control', 'void', ['playbackId@path!', 'operation!']),
  ],
  endpoints: [
    op('GET', '/endpoints', 'list', 'List[Endpoint]'),
    op('GET', '/endpoints/{tech}', 'listByTech', 'List[Endpoint]', ['tech@path']),
    op('GET', '/endpoints/{tech}/{resource}', 'get', 'Endpoint', ['tech@path', 'resource@path']),
  ],
  recordings: [
    op('GET', '/recordings/stored', 'listStored', 'List[StoredRecording]'),
    op('GET', '/recordings/stored/{recordingName}', 'getStored', 'StoredRecording', ['recordingName@path!']),
    op('DELETE', '/recordings/stored/{recordingName}', 'deleteStored', 'void', ['recordingName@path!']),
    op('GET', '/recordings/stored/{recordingName}/file', 'getStoredFile', 'binary', ['recordingName@path!']),
    op('POST', '/recordings/stored/{recordingName}/copy', 'copyStored', 'StoredRecording', ['recordingName@path!', 'destinationRecordingName!']),
    op('GET', '/recordings/live/{recordingName}', 'getLive', 'LiveRecording', ['recordingName@path!']),
    op('DELETE', '/recordings/live/{recordingName}', 'cancel', 'void', ['recordingName@path!']),
    op('POST', '/recordings/live/{recordingName}/stop', 'stop', 'void', ['recordingName@path!']),
    op('POST', '/recordings/live/{recordingName}/pause', 'pause', 'void', ['recordingName@path!']),
    op('DELETE', '/recordings/live/{recordingName}/pause', 'unpause', 'void', ['recordingName@path!']),
    op('POST', '/recordings/live/{recordingName}/mute', 'mute', 'void', ['recordingName@path!']),
    op('DELETE', '/recordings/live/{recordingName}/mute', 'unmute', 'void', ['recordingName@path!']),
  ],
  events: [op('GET', '/events', 'eventWebsocket', 'Message', ['app!*', 'subscribeAll:boolean'])],
};
