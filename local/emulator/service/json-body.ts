/**
 * Response bodies that their handler has already serialized. ListFaces writes up to 4096 faces as bytes, several
 * times faster than building objects for JSON.stringify (no per-face strings, nothing for the GC); every other
 * handler returns plain objects.
 */
export class JsonBody {
  constructor(readonly bytes: Buffer) {}
}

export function serializeResponse(response: object): string | Buffer {
  return response instanceof JsonBody ? response.bytes : JSON.stringify(response);
}

const SMALL_CHUNK = 48;

/** An append-only byte buffer that grows by doubling. */
export class ByteWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialSize = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  /** Makes room for `count` bytes and returns the buffer and offset to write them at. */
  reserve(count: number): { target: Buffer; at: number } {
    this.ensure(count);
    const at = this.length;
    this.length += count;
    return { target: this.buffer, at };
  }

  bytes(chunk: Uint8Array): void {
    const count = chunk.length;
    this.ensure(count);
    if (count > SMALL_CHUNK) {
      this.buffer.set(chunk, this.length);
    } else {
      // A plain loop beats the native call for the short fragments a face is made of (about 10 per face).
      const target = this.buffer;
      const at = this.length;
      for (let i = 0; i < count; i++) target[at + i] = chunk[i] as number;
    }
    this.length += count;
  }

  /** UTF-8 text, written as is: the caller has already made it valid JSON. */
  text(text: string): void {
    this.ensure(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  /** A non-negative integer in decimal. */
  integer(value: number): void {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = (rest / 10) >>> 0) digits++;
    const { target, at } = this.reserve(digits);
    let rest = value;
    for (let i = at + digits - 1; i >= at; i--) {
      target[i] = 48 + (rest % 10);
      rest = (rest / 10) >>> 0;
    }
  }

  result(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private ensure(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + count) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
