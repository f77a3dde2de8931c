/**
 * Versioned schema migrations for the Neo4j store: the files `schema/neo4j/NNN-name.cypher`.
 *
 * Rules:
 * - A file's version is its number NNN; files run in version order; two files with one version
 *   are refused.
 * - A file holds statements separated by `;` at the end of a line; lines starting with `//` are
 *   comments. Each statement runs in its own auto-commit transaction (Neo4j does not mix schema
 *   and data changes in one transaction).
 * - After its statements, a migration is recorded as `(:Migration {version, name, appliedAt})`;
 *   a recorded version never runs again. Statements must be idempotent, since two processes may
 *   apply the same migration at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { GoalnetError } from '../../model/errors.js';
import { packageRoot } from '../../ingest/examples.js';

export interface Migration {
  version: number;
  name: string;
  file: string;
  statements: string[];
}

const FILE_PATTERN = /^(\d{3})-([a-z0-9][a-z0-9-]*)\.cypher$/;

/** The folder of the migrations shipped with the package. */
export function migrationsDir(): string {
  return path.join(packageRoot(), 'schema', 'neo4j');
}

/** The statements of a migration file's text (see the module rules). */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trimStart().startsWith('//') || line.trim() === '') continue;
    current.push(line);
    if (line.endsWith(';')) {
      const statement = current.join('\n').slice(0, -1).trim();
      if (statement !== '') statements.push(statement);
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest !== '') statements.push(rest);
  return statements;
}

/** The migrations in `dir`, in version order. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new GoalnetError('STORE_UNAVAILABLE', `Cannot read the Neo4j migrations in ${dir}: ${(error as Error).message}; reinstall goalnet`);
  }
  const migrations: Migration[] = [];
  for (const name of names.sort()) {
    if (!name.endsWith('.cypher')) continue;
    const match = FILE_PATTERN.exec(name);
    if (!match) {
      throw new GoalnetError('STORE_UNAVAILABLE', `Migration file ${path.join(dir, name)} is not named NNN-name.cypher; rename it`);
    }
    const file = path.join(dir, name);
    const version = Number(match[1]);
    const twin = migrations.find((m) => m.version === version);
    if (twin) throw new GoalnetError('STORE_UNAVAILABLE', `Migrations ${twin.file} and ${file} share version ${version}; renumber one`);
    migrations.push({ version, name: match[2], file, statements: splitStatements(readFileSync(file, 'utf8')) });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/** Applies the migrations not yet recorded; returns the versions it applied. */
export async function applyMigrations(driver: Driver, database: string | undefined, migrations = loadMigrations()): Promise<number[]> {
  const applied = new Set<number>();
  {
    const { records } = await driver.executeQuery('MATCH (m:Migration) RETURN m.version AS version', {}, { database, routing: 'WRITE' });
    for (const r of records) applied.add(r.get('version') as number);
  }
  const ran: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    const session = driver.session({ database, defaultAccessMode: 'WRITE' });
    try {
      for (const statement of migration.statements) {
        try {
          await session.run(statement);
        } catch (error) {
          throw new GoalnetError(
            'STORE_UNAVAILABLE',
            `Neo4j migration ${path.basename(migration.file)} failed: ${(error as Error).message.split('\n')[0]}; fix the database or the migration, then open the store again`,
          );
        }
      }
      await session.executeWrite((tx) =>
        tx.run('MERGE (m:Migration {version: $version}) ON CREATE SET m.name = $name, m.appliedAt = datetime()', {
          version: neo4j.int(migration.version),
          name: migration.name,
        }),
      );
    } finally {
      await session.close();
    }
    ran.push(migration.version);
  }
  return ran;
}
