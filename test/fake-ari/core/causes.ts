/** Q.850 cause texts as Asterisk prints them in ChannelDestroyed.cause_txt. */
const CAUSE_TEXT: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  20: 'Subscriber absent',
  21: 'Call Rejected',
  23: 'Redirected to new destination',
  26: 'Answered elsewhere',
  27: 'Destination out of order',
  28: 'Invalid number format (incomplete number)',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  41: 'Temporary failure',
  127: 'Interworking, unspecified',
};

export function causeText(cause: number): string {
  return CAUSE_TEXT[cause] ?? 'Unknown';
}

/** `DELETE /channels/{id}?reason=` names (Asterisk 22). */
export const HANGUP_REASONS: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 18,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};

export const CAUSE = {
  unknown: 0,
  normal: 16,
  busy: 17,
  noAnswer: 19,
  redirected: 23,
} as const;

/** Soft hangup flags Asterisk reports as ChannelHangupRequest.cause (finding 4). */
export const SOFT_HANGUP = {
  shutdown: 4,
  /** End of Stasis() for a dialplan channel. */
  endOfStasis: 16,
  explicit: 32,
} as const;
