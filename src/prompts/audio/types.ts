/** Decoded audio: one Float32Array per channel, samples in [-1, 1]. */
export interface DecodedAudio {
  channelData: Float32Array[];
  sampleRate: number;
}

/** The bytes are not audio we can read (or not the audio they claim to be): a 415 for the uploader. */
export class AudioFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AudioFormatError';
  }
}
