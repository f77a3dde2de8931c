/**
 * Load: `goalnet serve` (a child process, memory store with a snapshot in a temp folder, the
 * example models) under a mix of model and entity reads, journey pages, analyses and mutations
 * for GOALNET_LOAD_SECONDS seconds (default 60) from GOALNET_LOAD_CONNECTIONS concurrent clients
 * (default 16; a quarter of them mutate, the rest read) over loopback. Afterwards:
 * - no answer was a 5xx, none failed at the transport level before the kill below, the server
 *   logged no error;
 * - every error carried a known code and a message; the deliberately invalid journeys were
 *   refused with BAD_USER_INPUT and no valid mutation was refused;
 * - every acknowledged mutation is in the store, and nothing deleted or refused is: checked on
 *   the running server while mutations go on (for the entities they are not touching), then for
 *   all after a SIGKILL with mutations in flight and a restart from the snapshot file.
 * Throughput and latency are printed and written to test-artifacts/load-<date>.json; they are
 * figures, not assertions (speed lives in `npm run bench`).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlClient, REPO_ROOT, startApiProcess, unexpectedStderr, type ApiProcess } from '../faults/api-process.js';
import { sleep } from '../faults/raw-http.js';
import { figuresOf, mismatches, modelFacts, readBack, Workload, type Category } from './workload.js';

const SECONDS = Number(process.env.GOALNET_LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.GOALNET_LOAD_CONNECTIONS ?? 16);
const READ_MODELS = ['home-purchase', 'retail-purchase', 'clinic-visit', 'pasta-dinner'];
const WRITE_MODELS = ['home-purchase', 'retail-purchase'];

describe(`mixed load for ${SECONDS} s over ${CONNECTIONS} connections`, () => {
  let dir: string;
  let dataPath: string;
  const servers: ApiProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'goalnet-load-'));
    dataPath = path.join(dir, 'snapshot.json');
  });
  afterAll(async () => {
    for (const s of servers) await s.kill();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'answers every request without a 5xx and keeps every acknowledged mutation, also across a kill and restart',
    async () => {
      expect(Number.isFinite(SECONDS) && SECONDS > 0, 'GOALNET_LOAD_SECONDS must be a positive number').toBe(true);
      const server = await startApiProcess({ dataPath, examples: true });
      servers.push(server);
      const client = gqlClient(server.url, CONNECTIONS);
      const readModels = await Promise.all(READ_MODELS.map((id) => modelFacts(client, id)));
      const work = new Workload(
        client,
        readModels,
        readModels.filter((m) => WRITE_MODELS.includes(m.id)),
      );

      // A quarter of the clients mutate, the rest read and analyse: every mutation waits for its
      // snapshot to be written, and readers should not be measured waiting behind that queue.
      // The mutating clients go on after the readers stop, through the read-back and the kill.
      const writers = Math.max(1, Math.round(CONNECTIONS / 4));
      let writing = true;
      const started = performance.now();
      const deadline = started + SECONDS * 1000;
      const readers = Array.from({ length: CONNECTIONS - writers }, async () => {
        while (performance.now() < deadline) await work.readStep();
      });
      const mutators = Array.from({ length: writers }, async () => {
        while (writing) await work.writeStep();
      });
      await Promise.all(readers);
      const elapsed = (performance.now() - started) / 1000;

      // Read back from the running server while mutations go on: every entity that was idle
      // and untouched meanwhile is as its last answer said.
      const idle = work.idleKeys();
      const readStart = performance.now();
      const live = await readBack(client, WRITE_MODELS);
      const stable = work.stableSince(idle, readStart);
      expect(mismatches(work, live, stable)).toEqual([]);
      expect(stable.actors.size + stable.journeys.size).toBeGreaterThan(0);

      // Then SIGKILL with mutations in flight: what was acknowledged must already be on disk.
      await sleep(Math.floor(Math.random() * 300));
      work.expectKill();
      const killedAt = performance.now();
      await server.kill();
      writing = false;
      await Promise.all(mutators);
      client.close();

      // No 5xx; no transport failure before the kill; errors only with a clear code.
      const serverErrors = work.samples.filter((s) => s.status >= 500);
      const transport = work.samples.filter((s) => s.transportError !== undefined && s.at + s.ms < killedAt);
      expect(serverErrors, `5xx answers: ${JSON.stringify(serverErrors.slice(0, 5))}`).toEqual([]);
      expect(transport, `transport failures: ${JSON.stringify(transport.slice(0, 5))}`).toEqual([]);
      expect(work.unclearErrors).toEqual([]);
      expect(work.unexpectedRefusals).toEqual([]);
      expect(server.log.errors).toEqual([]);
      expect(server.log.serverErrors).toEqual([]);
      expect(unexpectedStderr(server.log.stderr)).toEqual([]);
      const mutations = work.samples.filter((s) => s.category === 'mutation');
      expect(mutations.length).toBeGreaterThan(0);
      expect(work.intendedRefusals.get('BAD_USER_INPUT') ?? 0).toBe(mutations.filter((s) => s.op === 'recordInvalidJourney' && s.transportError === undefined).length);

      // Restarted from its snapshot, the store holds every acknowledged mutation and nothing
      // acknowledged as deleted or refused.
      const restarted = await startApiProcess({ dataPath, examples: true });
      servers.push(restarted);
      const again = gqlClient(restarted.url, 2);
      const reloaded = await readBack(again, WRITE_MODELS);
      expect(mismatches(work, reloaded)).toEqual([]);
      again.close();
      await restarted.stop();
      expect(restarted.log.errors).toEqual([]);
      expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);

      // Figures (reported, not asserted), of the requests sent in the load window.
      const inWindow = work.samples.filter((s) => s.at < deadline);
      const byCategory: Record<string, ReturnType<typeof figuresOf>> = {};
      for (const c of ['read', 'journeys', 'analysis', 'mutation'] as Category[]) {
        byCategory[c] = figuresOf(inWindow.filter((s) => s.category === c), elapsed);
      }
      const byOp: Record<string, ReturnType<typeof figuresOf>> = {};
      for (const op of new Set(inWindow.map((s) => s.op))) byOp[op] = figuresOf(inWindow.filter((s) => s.op === op), elapsed);
      const count = (state: string, map: Map<string, { expect: { state: string } }>) => [...map.values()].filter((t) => t.expect.state === state).length;
      const report = {
        test: 'load/mixed-load',
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        seconds: Math.round(elapsed * 10) / 10,
        connections: CONNECTIONS,
        writers,
        total: figuresOf(inWindow, elapsed),
        byCategory,
        byOperation: byOp,
        statuses: Object.fromEntries([...new Set(inWindow.map((s) => s.status))].map((st) => [st, inWindow.filter((s) => s.status === st).length])),
        mutations: {
          sentBeforeKill: mutations.filter((s) => s.at < killedAt).length,
          acknowledged: mutations.filter((s) => s.status === 200 && s.code === undefined).length,
          unansweredAtKill: mutations.filter((s) => s.at < killedAt && s.transportError !== undefined).length,
          refusedAsIntended: work.intendedRefusals.get('BAD_USER_INPUT') ?? 0,
          actorsPresent: count('present', work.actors),
          actorsDeleted: count('absent', work.actors),
          journeysPresent: count('present', work.journeys),
          journeysDeletedOrRefused: count('absent', work.journeys),
        },
        snapshotBytes: statSync(dataPath).size,
      };
      const line = (name: string, f: ReturnType<typeof figuresOf>) =>
        `${name.padEnd(22)} ${String(f.requests).padStart(7)} req ${String(f.perSecond).padStart(8)} req/s  p50 ${f.p50Ms} ms  p90 ${f.p90Ms} ms  p99 ${f.p99Ms} ms  max ${f.maxMs} ms`;
      console.log(
        [
          `mixed load: ${report.seconds} s, ${CONNECTIONS} connections (${writers} mutating), snapshot ${(report.snapshotBytes / 1e6).toFixed(1)} MB`,
          line('all', report.total),
          ...Object.entries(byCategory).map(([c, f]) => line(c, f)),
          ...Object.entries(byOp).map(([op, f]) => line(`  ${op}`, f)),
          `mutations: ${JSON.stringify(report.mutations)}`,
        ].join('\n'),
      );
      const artifacts = path.join(REPO_ROOT, 'test-artifacts');
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(path.join(artifacts, `load-${report.date.slice(0, 10)}.json`), `${JSON.stringify(report, null, 2)}\n`);
    },
    SECONDS * 1000 + 180_000,
  );
});
