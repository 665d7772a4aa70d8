/** The written channels (issue 15): importing this registers every adapter. A new channel is one more import. */
import './email/adapter.js';
import './zalo/adapter.js';
import './facebook/adapter.js';

export { channelsJob, channelsPlugin } from './plugin.js';
