import { describe, expect, it } from 'vitest';
import {
  INITIAL_RANGE_BYTES,
  type PdfRangeSource,
  startOpenRead,
  WHOLE_READ_MAX_BYTES,
} from '../../../renderer/src/lib/pdf/open-read';

/** A source of `byteLength` bytes (byte i is i % 251) that records every read. */
function recordingSource(byteLength: number, fail = false) {
  const reads: [number, number][] = [];
  const source: PdfRangeSource = {
    byteLength,
    async read(begin, end) {
      reads.push([begin, end]);
      if (fail) throw new Error('the cached document was removed while it was open');
      // Only the first bytes are made: the test checks what was asked, not a large array.
      return Uint8Array.from({ length: Math.min(end - begin, 16) }, (_, i) => (begin + i) % 251);
    },
  };
  return { source, reads };
}

describe('startOpenRead', () => {
  it('reads a document of the benchmark’s size whole, in exactly one read', async () => {
    const size = 54_272_198;
    const { source, reads } = recordingSource(size);
    const read = startOpenRead(source);
    expect(read.whole).toBe(true);
    await read.bytes;
    expect(reads).toEqual([[0, size]]);
  });

  it('reads a document just at the limit whole too', async () => {
    const { source, reads } = recordingSource(WHOLE_READ_MAX_BYTES);
    expect(startOpenRead(source).whole).toBe(true);
    expect(reads).toEqual([[0, WHOLE_READ_MAX_BYTES]]);
  });

  it('reads only the first bytes of a larger document (pdf.js asks for the rest)', async () => {
    const size = WHOLE_READ_MAX_BYTES + 1;
    const { source, reads } = recordingSource(size);
    const read = startOpenRead(source);
    expect(read.whole).toBe(false);
    const bytes = await read.bytes;
    expect(reads).toEqual([[0, INITIAL_RANGE_BYTES]]);
    expect(bytes[1]).toBe(1);
  });

  it('asks a tiny document for no more bytes than it has', async () => {
    const { source, reads } = recordingSource(10);
    await startOpenRead(source).bytes;
    expect(reads).toEqual([[0, 10]]);
  });

  it('starts the read at once, before anyone awaits it, and passes a failure on to who does', async () => {
    const { source, reads } = recordingSource(1000, true);
    const read = startOpenRead(source);
    expect(reads).toHaveLength(1);
    await expect(read.bytes).rejects.toThrow(/removed while it was open/);
  });
});
