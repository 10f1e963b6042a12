// A writer that compacts its journal over and over, for the crash test: rounds of new versions (each
// acknowledged on stdout once durable), each followed by an erasure compaction. Run as
// `node --import tsx compactionChild.ts DIR LIVE_ENTRIES CHANGED_PER_ROUND`; it never ends by itself (the
// test kills it).
import { FileOutboxStore } from '../../../electron/main/core/outbox/fileOutboxStore';
import { createSilentLogger } from '../../../electron/main/core/platform/logger';
import { body, meta } from '../../support/core/journalFixtures';

const padding = 'p'.repeat(2_000);

async function main(dataDir: string, liveEntries: number, changedPerRound: number): Promise<void> {
  const store = new FileOutboxStore(dataDir, { logger: createSilentLogger() });
  await store.open();
  const ids = Array.from({ length: liveEntries }, (_, index) => `entry-${index}`);
  await Promise.all(ids.map((id) => store.put(meta(id, 1), body(`${id} v1 ${padding}`))));
  for (let version = 2; ; version += 1) {
    const changed = ids.slice(0, changedPerRound);
    await Promise.all(
      changed.map((id) => store.put(meta(id, version), body(`${id} v${version} ${padding}`))),
    );
    process.stdout.write(`${JSON.stringify({ acknowledged: version })}\n`);
    await store.compact();
    process.stdout.write(`${JSON.stringify({ compacted: version })}\n`);
  }
}

void main(process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]));
