/** 8 kHz 16-bit mono PCM as Asterisk's format_wav writes it: sizes 0 while recording, filled in when closed. */
export function wavBytes(durationMs: number, options: { closed: boolean } = { closed: true }): Buffer {
  const dataBytes = Math.round((durationMs / 1000) * 8000) * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(options.closed ? 36 + dataBytes : 0, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(options.closed ? dataBytes : 0, 40);
  const data = Buffer.alloc(dataBytes);
  for (let i = 0; i < dataBytes / 2; i++) data.writeInt16LE(Math.round(Math.sin(i / 5) * 8000), i * 2);
  return Buffer.concat([header, data]);
}
