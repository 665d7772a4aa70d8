import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StagedFile {
  tempPath: string;
  sha256: string;
  sizeBytes: number;
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

const sha256Pattern = /^[0-9a-f]{64}$/;

/**
 * Content-addressed file store under DATA_DIR/attachments: a file lives at `<sha[0..2]>/<sha>`, so
 * the same bytes uploaded twice are stored once. Uploads are written to `tmp/` first and renamed
 * into place (atomic on one file system), so a crash never leaves a half-written file at a hash path.
 */
export class AttachmentStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, 'attachments');
  }

  pathOf(sha256: string): string {
    if (!sha256Pattern.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Streams `source` to a temporary file, hashing and counting; over `maxBytes` → FileTooLargeError (temp removed). */
  async stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tempPath = path.join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) return callback(new FileTooLargeError(maxBytes));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tempPath, { flags: 'wx' }));
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, sha256: hash.digest('hex'), sizeBytes };
  }

  readStaged(staged: StagedFile): Promise<Buffer> {
    return readFile(staged.tempPath);
  }

  /** Moves a staged file to its hash path; when those bytes are already stored, the copy is dropped. */
  async commit(staged: StagedFile): Promise<void> {
    const target = this.pathOf(staged.sha256);
    await mkdir(path.dirname(target), { recursive: true });
    if (await exists(target)) {
      await this.discard(staged);
      return;
    }
    await rename(staged.tempPath, target);
  }

  discard(staged: StagedFile): Promise<void> {
    return rm(staged.tempPath, { force: true });
  }

  /** The stored file and its size; null when it is not on disk. */
  async open(sha256: string): Promise<{ stream: Readable; size: number } | null> {
    const file = this.pathOf(sha256);
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (!info) return null;
    return { stream: createReadStream(file), size: info.size };
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
