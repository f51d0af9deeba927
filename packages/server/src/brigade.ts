import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { argon2Passwords, cryptoIds, sha256Secrets, systemClock } from './adapters/crypto.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { buildApp } from './http/app.js';
import { createLogger } from './logger.js';
import { Hub } from './realtime/hub.js';
import { QueuePositions } from './realtime/queue-positions.js';
import { DangerRules, GrowingDelayThrottle, returnConversationsOfAbsentOperator, RoutingModeSetting, TopicPriorities } from '@brigade/core';
import { Dispatcher } from './realtime/dispatcher.js';
import { OperatorPresence } from './realtime/operator-presence.js';
import { KyselyDangerRuleStore, KyselyRoutingModeStore, KyselyTopicPriorityStore } from './stores/kysely-settings.js';
import { KyselyServiceStore } from './stores/kysely-service-store.js';
import { DatasetPostalDirectory } from './geo/postal-directory.js';
import { loadCommonPasswords } from './security/common-passwords.js';
import { otplibTotp } from './security/otplib-totp.js';
import { simpleWebAuthn } from './security/simple-webauthn.js';
import { KyselyAuditLog } from './stores/kysely-audit-log.js';
import { KyselyFactorStore } from './stores/kysely-factor-store.js';
import { KyselyConversationStore } from './stores/kysely-conversation-store.js';
import { KyselyStaffSessionStore, KyselyStaffStore } from './stores/kysely-staff-store.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface RunningBrigade {
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  /** The one-time setup token while no account exists (print it as a link; never log it). */
  setupToken: string | null;
  context: AppContext;
  close(): Promise<void>;
}

/** Opens and migrates the database, wires every part, and starts listening. */
export async function startBrigade(config: Config, options: { logger?: Logger } = {}): Promise<RunningBrigade> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = openDatabase(config.databaseUrl);
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

  const hub = new Hub();
  const conversations = new KyselyConversationStore(database.db, database.sqlite);
  const staff = new KyselyStaffStore(database.db);
  const audit = new KyselyAuditLog(database.db, database.engine);
  const dangerRuleStore = new KyselyDangerRuleStore(database.db);
  const dangerRules = await DangerRules.load(dangerRuleStore);
  const priorityStore = new KyselyTopicPriorityStore(database.db);
  const priorities = await TopicPriorities.load(priorityStore);
  const routingModeStore = new KyselyRoutingModeStore(database.db);
  const routingMode = await RoutingModeSetting.load(routingModeStore);
  const services = new KyselyServiceStore(database.db, database.engine);
  const postalCodes = new DatasetPostalDirectory();
  // Operators' connections; when one stays away past the grace period, their conversations return to the queue.
  const presence = new OperatorPresence(config.operatorGraceMs, (operatorId) => {
    returnConversationsOfAbsentOperator(context.conversationDeps, operatorId).then(
      (returned) => {
        if (returned.length > 0) logger.info({ operatorId, conversations: returned.length }, 'operator absent: conversations returned to the queue');
      },
      (error: unknown) => logger.error({ err: error, operatorId }, 'returning an absent operator’s conversations failed'),
    );
  });
  hub.presence = presence;
  hub.topicLevels = () => priorities.levels;
  const common = { clock: systemClock, ids: cryptoIds, secrets: sha256Secrets, events: hub, audit };

  let setupToken: string | null = null;
  if ((await staff.count()) === 0) setupToken = cryptoIds.secret();

  const context: AppContext = {
    config,
    engine: database.engine,
    logger,
    conversationDeps: { conversations, staff, danger: dangerRules, priorities, services, postalCodes, presence, ...common },
    serviceDeps: { services, postalCodes, ...common },
    dangerRuleDeps: { dangerRules, dangerRuleStore },
    priorityDeps: { priorities, priorityStore, conversations, ...common },
    routingModeDeps: { routingMode, routingModeStore, ...common },
    staffDeps: {
      staff,
      sessions: new KyselyStaffSessionStore(database.db),
      passwords: argon2Passwords,
      factors: new KyselyFactorStore(database.db),
      totp: otplibTotp,
      webauthn: simpleWebAuthn,
      throttle: new GrowingDelayThrottle(),
      commonPasswords: loadCommonPasswords(),
      sessionTtlMs: config.staffSessionTtlMs,
      sessionIdleMs: config.staffIdleMs,
      stepUpWindowMs: config.stepUpWindowMs,
      services,
      ...common,
    },
    setup: { tokenHash: setupToken === null ? null : sha256Secrets.hashSecret(setupToken) },
    dummyPasswordHash: await argon2Passwords.hash(cryptoIds.secret()),
    version: VERSION,
  };

  const positions = new QueuePositions(
    { conversations, clock: systemClock, priorities },
    (id) => hub.citizenConnections(id),
    (error) => logger.error({ err: error }, 'queue positions failed'),
    (conversation) => hub.publish({ type: 'queue.waited_too_long', conversation }),
    config.waitAlertMs,
  );
  hub.positions = positions;
  const dispatcher = new Dispatcher(context.conversationDeps, routingMode, () => presence.onlineIds(), (error) =>
    logger.error({ err: error }, 'automatic assignment failed'),
  );
  hub.queueChanged = (why) => {
    if (why === 'take') positions.recordTake();
    else positions.markDirty();
    if (why === 'upsert') dispatcher.poke();
  };
  hub.dispatcher = dispatcher;
  positions.start();
  dispatcher.start();

  const { app, stopRealtime } = await buildApp(context, database.db, hub);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, database: database.engine }, 'Brigade is listening');
  // Read the postal-code dataset now rather than on the first citizen's request (~0.5 s, once per process).
  postalCodes.lookup('75001').catch((error: unknown) => logger.error({ err: error }, 'postal-code dataset could not be read'));

  let closed = false;
  return {
    url,
    setupToken,
    context,
    close: async () => {
      if (closed) return;
      closed = true;
      stopRealtime();
      positions.stop();
      dispatcher.stop();
      presence.stop();
      for (const c of hub.connections) c.close(1001, 'server shutting down');
      await conversations.shutdown();
      await app.close();
      await database.close();
    },
  };
}
