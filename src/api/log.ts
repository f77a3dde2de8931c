/**
 * Structured logs: one JSON object per line. The request log line holds method, path,
 * operationName, status, durationMs, outcome (`ok` or an error code) and the key's NAME — never
 * the key, a header or a request body.
 */
export type Logger = (line: object) => void;

/** Writes each line as JSON to a stream (default stdout). */
export function jsonLogger(stream: NodeJS.WritableStream = process.stdout): Logger {
  return (line) => {
    stream.write(`${JSON.stringify(line)}\n`);
  };
}
