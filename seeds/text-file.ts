/**
 * A text file written in order with back-pressure, for the log generators: `write` waits while
 * the stream's buffer is full (so memory stays flat whatever the size of the file) and throws an
 * error the stream reported; `end` closes the file, after which `error` says whether one came.
 */
import { createWriteStream } from 'node:fs';

export interface TextFileWriter {
  write(text: string): Promise<void>;
  end(): Promise<void>;
  readonly error: Error | undefined;
}

export function openTextFile(file: string, bufferBytes: number): TextFileWriter {
  const out = createWriteStream(file, { encoding: 'utf8', highWaterMark: bufferBytes });
  let error: Error | undefined;
  out.on('error', (e) => {
    error = e;
  });
  const drained = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const onDrain = (): void => {
        out.off('error', onError);
        resolve();
      };
      const onError = (e: Error): void => {
        out.off('drain', onDrain);
        reject(e);
      };
      out.once('drain', onDrain);
      out.once('error', onError);
    });
  return {
    async write(text: string): Promise<void> {
      if (error !== undefined) throw error;
      if (!out.write(text) && error === undefined) await drained();
    },
    end: () => new Promise<void>((resolve) => out.end(resolve)),
    get error() {
      return error;
    },
  };
}
