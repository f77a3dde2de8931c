import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the goalnet command line in this process with captured output and the given store env. */
export async function goalnet(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const code = await run(args, {
      out: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
      err: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
    });
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export function tempDir(prefix = 'goalnet-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
