import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boltAnswers,
  buildLocalNeo4j,
  javaAndMavenAvailable,
  processAlive,
  startLocalNeo4j,
  type LocalNeo4j,
} from '../tools/neo4j-local/control.js';

const available = javaAndMavenAvailable();
const PASSWORD = 'local-test-pw-1';
const BATCH = 500;

function connect(server: LocalNeo4j, password = server.password): Driver {
  // No retries: the writer below must see the server go away instead of retrying for 30 s.
  return neo4j.driver(server.uri, neo4j.auth.basic(server.user, password), { disableLosslessIntegers: true, maxTransactionRetryTime: 0 });
}

async function count(server: LocalNeo4j, label: string): Promise<number> {
  const driver = connect(server);
  try {
    const { records } = await driver.executeQuery(`MATCH (n:${label}) RETURN count(n) AS c`);
    return records[0].get('c') as number;
  } finally {
    await driver.close();
  }
}

describe.skipIf(!available)('tools/neo4j-local: a real Neo4j without Docker', () => {
  let dataDir = '';
  let server: LocalNeo4j | undefined;

  beforeAll(async () => {
    await buildLocalNeo4j({ quiet: true }); // a cold ~/.m2 downloads ~130 MB here
    dataDir = mkdtempSync(join(tmpdir(), 'goalnet-neo4j-'));
    server = await startLocalNeo4j({ dataDir, password: PASSWORD, quiet: true });
  }, 900_000);

  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('answers on 127.0.0.1 as user neo4j with the given password', () => {
    expect(server?.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    expect(server?.user).toBe('neo4j');
    expect(server?.password).toBe(PASSWORD);
    expect(processAlive(server?.pid ?? -1)).toBe(true);
  });

  it('runs a parameterised write and reads it back', async () => {
    const driver = connect(server!);
    try {
      const params = { id: 'g-1', name: 'Pay a bill', weight: 0.75, tags: ['money', 'routine'] };
      await driver.executeQuery('CREATE (:Goal {id: $id, name: $name, weight: $weight, tags: $tags})', params);
      const { records } = await driver.executeQuery(
        'MATCH (g:Goal {id: $id}) RETURN g.name AS name, g.weight AS weight, g.tags AS tags',
        { id: 'g-1' },
        { routing: neo4j.routing.READ },
      );
      expect(records.map((r) => r.toObject())).toEqual([{ name: 'Pay a bill', weight: 0.75, tags: ['money', 'routine'] }]);
    } finally {
      await driver.close();
    }
  });

  it('refuses a wrong password with an authentication error', async () => {
    const driver = connect(server!, 'not-the-password');
    try {
      await expect(driver.getServerInfo()).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
    } finally {
      await driver.close();
    }
    expect(await boltAnswers(server!.uri, 'not-the-password')).toMatch(/unauthori[sz]ed|authentication/i);
  });

  it('survives a stop in the middle of batched writes and restarts on the same data dir', async () => {
    const first = server!;
    const driver = connect(first);
    let writerError: unknown;
    const writer = (async () => {
      try {
        for (let batch = 0; batch < 10_000; batch += 1) {
          await driver.executeQuery('UNWIND range(1, $n) AS i CREATE (:Visit {batch: $batch, i: i})', { n: BATCH, batch });
        }
      } catch (error) {
        writerError = error; // expected: the server goes away under the writer
      }
    })();
    let seen = 0;
    while (seen < 3 * BATCH) {
      seen = await count(first, 'Visit');
      await new Promise((done) => setTimeout(done, 100));
    }
    await first.stop();
    await writer;
    await driver.close();
    expect(processAlive(first.pid)).toBe(false);
    expect(writerError).toBeDefined();
    expect(await boltAnswers(first.uri, PASSWORD)).not.toBe(true);

    server = await startLocalNeo4j({ dataDir, password: PASSWORD, quiet: true });
    const after = await count(server, 'Visit');
    expect(after).toBeGreaterThanOrEqual(seen); // every committed batch is durable
    expect(after % BATCH).toBe(0); // and no batch is half there
    expect(await count(server, 'Goal')).toBe(1); // the earlier test's write is still there
  }, 300_000);

  it('stops: the java process exits and Bolt no longer answers', async () => {
    const running = server!;
    await running.stop();
    server = undefined;
    expect(processAlive(running.pid)).toBe(false);
    expect(await boltAnswers(running.uri, PASSWORD)).not.toBe(true);
  }, 120_000);
});
