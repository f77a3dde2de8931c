/**
 * The memory store's group commit: a write is acknowledged only once a snapshot holding it is on
 * disk, writes that wait behind a save share the next one, and a failed save fails exactly the
 * writes of its group that changed something (and is retried by the next write).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GoalnetError } from '../src/model/errors.js';
import type { Actor } from '../src/model/types.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { homeDocument } from './helpers/home-model.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function snapshotIn(): { dir: string; file: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'goalnet-group-'));
  dirs.push(root);
  const dir = path.join(root, 'data');
  return { dir, file: path.join(dir, 'snapshot.json') };
}

/** The actor ids of the model as the snapshot file on disk holds them right now. */
function actorsOnDisk(file: string, modelId: string): Set<string> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { models: { document: { model: { id: string }; actors: Actor[] } }[] };
  const model = snapshot.models.find((m) => m.document.model.id === modelId)!;
  return new Set(model.document.actors.map((a) => a.id));
}

const actor = (i: number): Actor => ({ id: `extra-${i}`, name: `Extra ${i}`, kind: 'SERVICE', focal: false });

describe('memory store group commit', () => {
  it('acknowledges each write only when the snapshot on disk holds it, and groups writes that wait behind a save', async () => {
    const { file } = snapshotIn();
    const store = await MemoryStore.open({ snapshotPath: file });
    const doc = homeDocument();
    await store.putDocument(doc);
    const id = doc.model.id;

    const writes = 40;
    const seenOnAck: boolean[] = [];
    const savedCountsOnAck = new Set<number>();
    await Promise.all(
      Array.from({ length: writes }, (_, i) =>
        store.upsertEntities(id, 'actor', [actor(i)]).then(() => {
          // Read the file at the moment of the acknowledgement, before anything else runs.
          const onDisk = actorsOnDisk(file, id);
          seenOnAck[i] = onDisk.has(`extra-${i}`);
          savedCountsOnAck.add([...onDisk].filter((a) => a.startsWith('extra-')).length);
        }),
      ),
    );
    expect(seenOnAck).toEqual(Array.from({ length: writes }, () => true));
    // Saving once per write, the acknowledgements would see forty different snapshots (1, 2, ...
    // 40 extra actors); writes queued behind a save share the next one, so they see far fewer.
    expect(savedCountsOnAck.size).toBeLessThan(writes / 2);
    expect(Math.max(...savedCountsOnAck)).toBe(writes);
    await store.close();

    const reopened = await MemoryStore.open({ snapshotPath: file });
    const actors = new Set((await reopened.getDocument(id))!.actors.map((a) => a.id));
    for (let i = 0; i < writes; i++) expect(actors.has(`extra-${i}`)).toBe(true);
    await reopened.close();
  });

  it('keeps call order within a group: the last write of an entity wins', async () => {
    const { file } = snapshotIn();
    const store = await MemoryStore.open({ snapshotPath: file });
    const doc = homeDocument();
    await store.putDocument(doc);
    await Promise.all(['first', 'second', 'third'].map((name) => store.upsertEntities(doc.model.id, 'actor', [{ ...actor(0), name }])));
    await store.close();
    const reopened = await MemoryStore.open({ snapshotPath: file });
    expect((await reopened.getDocument(doc.model.id))!.actors.find((a) => a.id === 'extra-0')!.name).toBe('third');
    await reopened.close();
  });

  it('fails the changing writes of a group whose save fails, refuses bad ones with their own error, and saves them all on the next write', async () => {
    const { dir, file } = snapshotIn();
    const store = await MemoryStore.open({ snapshotPath: file });
    const doc = homeDocument();
    await store.putDocument(doc);
    const id = doc.model.id;

    // The snapshot folder becomes a plain file: saving must fail (whatever the user's rights).
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'not a folder');
    const results = await Promise.allSettled([
      store.upsertEntities(id, 'actor', [actor(1)]),
      store.upsertEntities(id, 'actor', [{ ...actor(2), kind: 'NO-SUCH-KIND' as Actor['kind'] }]),
      store.upsertEntities(id, 'actor', [actor(3)]),
    ]);
    const reasons = results.map((r) => (r.status === 'rejected' ? (r.reason as GoalnetError) : null));
    expect(reasons[0]?.code).toBe('STORE_UNAVAILABLE');
    expect(reasons[0]?.message).toContain(file);
    expect(reasons[1]?.code).toBe('BAD_INPUT');
    expect(reasons[2]?.code).toBe('STORE_UNAVAILABLE');

    // The folder is back: the next write saves its own change and the two unsaved ones.
    rmSync(dir);
    mkdirSync(dir);
    await store.upsertEntities(id, 'actor', [actor(4)]);
    const onDisk = actorsOnDisk(file, id);
    expect(['extra-1', 'extra-2', 'extra-3', 'extra-4'].map((a) => onDisk.has(a))).toEqual([true, false, true, true]);
    await store.close();
  });
});
