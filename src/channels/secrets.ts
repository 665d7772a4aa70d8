/**
 * Channel secrets at rest (issue 15; R22): AES-256-GCM under CHANNELS_SECRET_KEY (32 bytes, as 64 hex digits or
 * base64). Stored as base64(iv ‖ tag ‖ ciphertext); a changed key or an altered row fails to open, it is never
 * read as garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ivBytes = 12;
const tagBytes = 16;

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Null when no key is configured (secrets then cannot be stored). */
  static fromEnv(value: string | undefined): SecretBox | null {
    if (!value) return null;
    const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
    if (key.length !== 32) throw new Error('CHANNELS_SECRET_KEY must be 32 bytes: 64 hex digits or base64');
    return new SecretBox(key);
  }

  seal(plain: Record<string, string>): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): Record<string, string> {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, ivBytes));
    decipher.setAuthTag(raw.subarray(ivBytes, ivBytes + tagBytes));
    const plain = Buffer.concat([decipher.update(raw.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as Record<string, string>;
  }
}
