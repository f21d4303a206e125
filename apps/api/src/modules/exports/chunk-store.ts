import { Writable } from 'node:stream';

/** Size of one stored piece of an export file (one `export_file_chunk` row). */
export const CHUNK = 1024 * 1024;

/** A writable that stores what it receives in CHUNK-sized pieces, waiting for each insert (backpressure). */
export class ChunkStore extends Writable {
  size = 0;
  private seq = 0;
  private parts: Buffer[] = [];
  private pending = 0;

  constructor(private readonly save: (seq: number, data: Buffer) => Promise<void>) {
    super({ highWaterMark: CHUNK });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.parts.push(chunk);
    this.pending += chunk.length;
    this.size += chunk.length;
    if (this.pending < CHUNK) return done();
    this.flush(false).then(() => done(), done);
  }

  override _final(done: (e?: Error | null) => void): void {
    this.flush(true).then(() => done(), done);
  }

  private async flush(all: boolean): Promise<void> {
    if (!this.pending) return;
    let buf = Buffer.concat(this.parts, this.pending);
    while (buf.length >= CHUNK || (all && buf.length > 0)) {
      const n = Math.min(CHUNK, buf.length);
      await this.save(this.seq++, buf.subarray(0, n));
      buf = buf.subarray(n);
    }
    this.parts = buf.length ? [Buffer.from(buf)] : [];
    this.pending = buf.length;
  }
}
