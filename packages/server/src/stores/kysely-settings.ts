import type { DangerRule, DangerRuleStore, RoutingMode, RoutingModeStore, TopicPriorityStore } from '@brigade/core';
import { DEFAULT_TOPIC_LEVELS, dangerRulesSchema, routingModeSchema, topicLevelsSchema, type TopicLevels } from '@brigade/protocol';
import type { Kysely } from 'kysely';
import type * as z from 'zod';
import type { Database } from '../db/schema.js';

/** One administrator setting kept as JSON in the settings table, checked with its schema on read. */
class JsonSetting<S extends z.ZodType> {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: string,
    private readonly schema: S,
  ) {}

  async load(): Promise<z.infer<S> | null> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', this.key).executeTakeFirst();
    return row ? this.schema.parse(JSON.parse(row.value)) : null;
  }

  async save(value: z.infer<S>, at: string): Promise<void> {
    const json = JSON.stringify(value);
    await this.db
      .insertInto('settings')
      .values({ key: this.key, value: json, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at }))
      .execute();
  }
}

/** Danger rules in the settings table. */
export class KyselyDangerRuleStore implements DangerRuleStore {
  private readonly setting: JsonSetting<typeof dangerRulesSchema>;
  constructor(db: Kysely<Database>) {
    this.setting = new JsonSetting(db, 'danger_rules', dangerRulesSchema);
  }
  async load(): Promise<DangerRule[] | null> {
    return (await this.setting.load())?.rules ?? null;
  }
  save(rules: DangerRule[], at: string): Promise<void> {
    return this.setting.save({ rules }, at);
  }
}

// Stored partial: a topic added in a later version takes its default level.
const storedLevels = topicLevelsSchema.partial();

/** The topics' queue levels in the settings table. */
export class KyselyTopicPriorityStore implements TopicPriorityStore {
  private readonly setting: JsonSetting<typeof storedLevels>;
  constructor(db: Kysely<Database>) {
    this.setting = new JsonSetting(db, 'topic_levels', storedLevels);
  }
  async load(): Promise<TopicLevels | null> {
    const stored = await this.setting.load();
    return stored ? { ...DEFAULT_TOPIC_LEVELS, ...stored } : null;
  }
  save(levels: TopicLevels, at: string): Promise<void> {
    return this.setting.save(levels, at);
  }
}

/** Whether waiting conversations are also handed out automatically. */
export class KyselyRoutingModeStore implements RoutingModeStore {
  private readonly setting: JsonSetting<typeof routingModeSchema>;
  constructor(db: Kysely<Database>) {
    this.setting = new JsonSetting(db, 'routing_mode', routingModeSchema);
  }
  load(): Promise<RoutingMode | null> {
    return this.setting.load();
  }
  save(mode: RoutingMode, at: string): Promise<void> {
    return this.setting.save(mode, at);
  }
}
