import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { KyselyAuditLog } from '../stores/kysely-audit-log.js';

/**
 * `npm run audit -- verify`: checks the audit trail's hash chain; exits 1 naming the first broken entry.
 * `npm run audit -- export [--after SEQ]`: writes entries as JSON lines to stdout, in chain order,
 * for shipping to a separate write-only store (see docs/audit.md).
 */
const [command = 'verify', ...rest] = process.argv.slice(2);
const config = loadConfig();
const database = openDatabase(config.databaseUrl);
try {
  await migrateToLatest(database.db);
  const audit = new KyselyAuditLog(database.db, database.engine);
  if (command === 'verify') {
    const broken = await audit.verify();
    if (broken) {
      process.stdout.write(`audit chain BROKEN at entry ${broken.seq} (${broken.problem})\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write('audit chain intact\n');
    }
  } else if (command === 'export') {
    const afterIndex = rest.indexOf('--after');
    const after = afterIndex >= 0 ? Number(rest[afterIndex + 1] ?? 0) : 0;
    for await (const entry of audit.entriesFrom(Number.isSafeInteger(after) ? after : 0)) process.stdout.write(`${JSON.stringify(entry)}\n`);
  } else {
    process.stderr.write(`unknown command ${command}; use verify or export\n`);
    process.exitCode = 2;
  }
} finally {
  await database.close();
}
