import { createHash } from 'node:crypto';
import {
  AUDIT_ACTIONS,
  type AuditEntry,
  type AuditLog,
  type AuditRecord,
  type AuditSearch,
  chainHash,
  type Sha256,
  verifyAuditChain,
} from '@brigade/core';
import type { Kysely, Selectable } from 'kysely';
import * as z from 'zod';
import type { AuditLogTable, Database, Engine } from '../db/schema.js';

export const sha256Hex: Sha256 = (text) => createHash('sha256').update(text).digest('hex');

const actionSchema = z.enum(AUDIT_ACTIONS);
const detailSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable();

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    action: actionSchema.parse(row.action),
    actorId: row.actor_id,
    conversationId: row.conversation_id,
    targetStaffId: row.target_staff_id,
    address: row.address,
    reason: row.reason,
    detail: detailSchema.parse(row.detail === null ? null : JSON.parse(row.detail)),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The audit trail on Kysely: each append extends the hash chain under a lock on its head row. */
export class KyselyAuditLog implements AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  async record(record: AuditRecord, at: string): Promise<AuditEntry> {
    return this.db.transaction().execute(async (trx) => {
      let head = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
      // SQLite serializes writers already; PostgreSQL needs the row lock across nodes.
      if (this.engine === 'postgres') head = head.forUpdate();
      const tip = await head.executeTakeFirstOrThrow();
      const base = { ...record, seq: Number(tip.seq) + 1, at, prevHash: tip.hash };
      const entry: AuditEntry = { ...base, hash: chainHash(sha256Hex, base) };
      await trx
        .insertInto('audit_log')
        .values({
          seq: entry.seq,
          at: entry.at,
          action: entry.action,
          actor_id: entry.actorId,
          conversation_id: entry.conversationId,
          target_staff_id: entry.targetStaffId,
          address: entry.address,
          reason: entry.reason,
          detail: entry.detail === null ? null : JSON.stringify(entry.detail),
          prev_hash: entry.prevHash,
          hash: entry.hash,
        })
        .execute();
      await trx.updateTable('audit_head').set({ seq: entry.seq, hash: entry.hash }).where('id', '=', 1).execute();
      return entry;
    });
  }

  async search(filter: AuditSearch): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(filter.limit);
    if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
    if (filter.conversationId !== undefined) query = query.where('conversation_id', '=', filter.conversationId);
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<=', filter.to);
    return (await query.execute()).map(toEntry);
  }

  /** Entries in chain order, page by page (for verification and export). */
  async *entriesFrom(afterSeq: number, pageSize = 1000): AsyncGenerator<AuditEntry> {
    let after = afterSeq;
    for (;;) {
      const rows = await this.db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
      if (rows.length === 0) return;
      for (const row of rows) yield toEntry(row);
      after = Number(rows.at(-1)?.seq);
    }
  }

  /**
   * Verifies the whole chain and that the head row agrees with the last entry. Returns the first
   * broken entry, or null. A row whose content no longer parses counts as broken.
   */
  async verify(): Promise<{ seq: number; problem: string } | null> {
    const entries: AuditEntry[] = [];
    let after = 0;
    let previous = { seq: 0, hash: '0'.repeat(64) };
    for (;;) {
      const rows = await this.db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(1000).execute();
      if (rows.length === 0) break;
      entries.length = 0;
      for (const row of rows) {
        try {
          entries.push(toEntry(row));
        } catch {
          return { seq: Number(row.seq), problem: 'unreadable' };
        }
      }
      const broken = verifyAuditChain(sha256Hex, entries, previous);
      if (broken) return broken;
      const last = entries.at(-1);
      if (last) previous = { seq: last.seq, hash: last.hash };
      after = previous.seq;
    }
    const head = await this.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (!head || Number(head.seq) !== previous.seq || head.hash !== previous.hash) return { seq: previous.seq + 1, problem: 'truncated' };
    return null;
  }
}
