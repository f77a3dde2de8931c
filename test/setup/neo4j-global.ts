/**
 * Vitest global setup: a Neo4j for the whole test run, handed to tests as `inject('neo4j')`.
 *
 * - NEO4J_URI set: that server is used (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE). Tests
 *   only touch models whose ids start with their own prefix and delete them afterwards.
 * - Otherwise, with Java 17+ and Maven: a local Neo4j Community (tools/neo4j-local) on a free port
 *   with a fresh temporary data folder, stopped and removed at teardown.
 * - Otherwise the Neo4j tests are skipped with a loud warning; when CI=true that is a failure.
 * A run whose file filters select no test that uses this server (`npx vitest run test/csv.test.ts`)
 * starts nothing: starting Neo4j costs ~10 s and a JVM, on a machine other engineers share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { javaAndMavenAvailable, startLocalNeo4j, type LocalNeo4j } from '../../tools/neo4j-local/control.js';

export interface ProvidedNeo4j {
  uri: string;
  user: string;
  password: string;
  database?: string;
  /** True when this setup started the server (a local one nobody else uses). */
  local: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Neo4j the tests use, or null when there is none (the Neo4j tests are skipped). */
    neo4j: ProvidedNeo4j | null;
  }
}

const SKIPPED = [
  '',
  '############################################################################',
  '#  NEO4J TESTS SKIPPED: NEO4J_URI is not set and Java 17+ / Maven were not   #',
  '#  found, so no local Neo4j can be started. The contract suite ran against   #',
  '#  the memory store only. Install a JDK 17+ and Maven, or set NEO4J_URI.     #',
  '############################################################################',
  '',
].join('\n');

/** Test files that use the shared Neo4j. */
const USES_NEO4J = /[\\/]test[\\/](contract[\\/]|neo4j-store\.test\.ts$)/;

/** False only when the run's file filters select no test file that uses the shared Neo4j. */
async function runUsesNeo4j(project: TestProject): Promise<boolean> {
  try {
    // Vitest keeps the command line's file filters here (not a documented field: when it is
    // missing or anything fails, assume the server is needed).
    const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
    if (!Array.isArray(filters) || filters.length === 0) return true;
    const specs = await project.vitest.globTestSpecifications(filters);
    return specs.some((spec) => USES_NEO4J.test(spec.moduleId));
  } catch {
    return true;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const env = process.env;
  if (!(await runUsesNeo4j(project))) {
    project.provide('neo4j', null);
    return undefined;
  }
  if (env.NEO4J_URI) {
    project.provide('neo4j', {
      uri: env.NEO4J_URI,
      user: env.NEO4J_USER || 'neo4j',
      password: env.NEO4J_PASSWORD ?? '',
      database: env.NEO4J_DATABASE || undefined,
      local: false,
    });
    return undefined;
  }
  if (!javaAndMavenAvailable()) {
    if (env.CI === 'true') {
      throw new Error(`${SKIPPED}\nCI=true: refusing to run without Neo4j. Install Java 17+ and Maven on the runner, or set NEO4J_URI.`);
    }
    process.stderr.write(`${SKIPPED}\n`);
    project.provide('neo4j', null);
    return undefined;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'goalnet-neo4j-tests-'));
  const password = `goalnet-tests-${process.pid}`;
  let server: LocalNeo4j;
  try {
    server = await startLocalNeo4j({ dataDir, password, quiet: true });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('neo4j', { uri: server.uri, user: server.user, password, local: true });
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
