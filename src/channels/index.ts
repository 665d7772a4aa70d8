/** The written channels (issue 15): importing this registers every adapter. A new channel is one more import. */
export { channelsJob, channelsPlugin } from './plugin.js';
