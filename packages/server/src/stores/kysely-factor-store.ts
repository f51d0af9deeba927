import type { FactorStore, SecondFactor } from '@brigade/core';
import type { Kysely, Selectable } from 'kysely';
import * as z from 'zod';
import type { Database, StaffFactorTable } from '../db/schema.js';

const transportsSchema = z.array(z.string());

function toFactor(row: Selectable<StaffFactorTable>): SecondFactor {
  return {
    id: row.id,
    staffId: row.staff_id,
    kind: row.kind === 'webauthn' ? 'webauthn' : 'totp',
    label: row.label,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    totpSecret: row.totp_secret,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    credentialId: row.credential_id,
    publicKey: row.public_key,
    signCount: row.sign_count === null ? null : Number(row.sign_count),
    transports: transportsSchema.parse(row.transports === null ? [] : JSON.parse(row.transports)),
  };
}

/** Second factors and recovery codes (hashes only) on Kysely. */
export class KyselyFactorStore implements FactorStore {
  constructor(private readonly db: Kysely<Database>) {}

  async list(staffId: string): Promise<SecondFactor[]> {
    const rows = await this.db.selectFrom('staff_factors').selectAll().where('staff_id', '=', staffId).orderBy('created_at').execute();
    return rows.map(toFactor);
  }

  async add(f: SecondFactor): Promise<void> {
    await this.db
      .insertInto('staff_factors')
      .values({
        id: f.id,
        staff_id: f.staffId,
        kind: f.kind,
        label: f.label,
        created_at: f.createdAt,
        last_used_at: f.lastUsedAt,
        totp_secret: f.totpSecret,
        totp_last_step: f.totpLastStep,
        credential_id: f.credentialId,
        public_key: f.publicKey,
        sign_count: f.signCount,
        transports: JSON.stringify(f.transports),
      })
      .execute();
  }

  async remove(staffId: string, factorId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('staff_factors').where('id', '=', factorId).where('staff_id', '=', staffId).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  async findByCredentialId(credentialId: string): Promise<SecondFactor | undefined> {
    const row = await this.db.selectFrom('staff_factors').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
    return row && toFactor(row);
  }

  async useTotpStep(factorId: string, step: number, at: string): Promise<boolean> {
    // Atomic replay guard: only a later time step than the last one used succeeds.
    const r = await this.db
      .updateTable('staff_factors')
      .set({ totp_last_step: step, last_used_at: at })
      .where('id', '=', factorId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async useWebauthn(factorId: string, signCount: number, at: string): Promise<void> {
    await this.db.updateTable('staff_factors').set({ sign_count: signCount, last_used_at: at }).where('id', '=', factorId).execute();
  }

  async replaceRecoveryCodes(staffId: string, codeHashes: string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recovery_codes').where('staff_id', '=', staffId).execute();
      if (codeHashes.length > 0) {
        await trx
          .insertInto('recovery_codes')
          .values(codeHashes.map((code_hash) => ({ staff_id: staffId, code_hash, used_at: null })))
          .execute();
      }
    });
  }

  async consumeRecoveryCode(staffId: string, codeHash: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('recovery_codes')
      .set({ used_at: at })
      .where('staff_id', '=', staffId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async countUnusedRecoveryCodes(staffId: string): Promise<number> {
    const row = await this.db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('staff_id', '=', staffId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
