import type { DangerRule, DangerRuleStore } from '@brigade/core';
import { dangerRulesSchema } from '@brigade/protocol';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

const KEY = 'danger_rules';

/** Danger rules in the settings table. */
export class KyselyDangerRuleStore implements DangerRuleStore {
  constructor(private readonly db: Kysely<Database>) {}

  async load(): Promise<DangerRule[] | null> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
    return row ? dangerRulesSchema.parse(JSON.parse(row.value)).rules : null;
  }

  async save(rules: DangerRule[], at: string): Promise<void> {
    const value = JSON.stringify({ rules });
    await this.db
      .insertInto('settings')
      .values({ key: KEY, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
      .execute();
  }
}
