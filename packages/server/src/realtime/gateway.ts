import { randomUUID } from 'node:crypto';
import { type Actor, authenticateCitizen, authenticateStaff, isDomainError, touchSession } from '@brigade/core';
import {
  CLIENT_FRAME_TYPES,
  CLOSE_CODES,
  clientFrameSchema,
  type ClientFrame,
  type ErrorCode,
  HEARTBEAT_INTERVAL_MS,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  REALTIME_PATH,
  STAFF_SESSION_COOKIE,
} from '@brigade/protocol';
import type { FastifyInstance } from 'fastify';
import type { RawData } from 'ws';
import type { AppContext } from '../context.js';
import { errorBody, zodIssues } from '../http/errors.js';
import { presentStaffAccount } from '../presenters/staff.presenter.js';
import { originAllowed } from '../http/staff-auth.js';
import { Connection } from './connection.js';
import { handlers } from './handlers/index.js';
import { HeartbeatWheel } from './heartbeat.js';
import type { Hub } from './hub.js';

/** A connection must say hello within this delay. */
const HELLO_TIMEOUT_MS = 10_000;
/** Protocol-level ping period; a peer that misses one whole period is terminated. */
const SERVER_PING_MS = HEARTBEAT_INTERVAL_MS * 2;
/** The period is walked in this many slices (one every 100 ms), never all connections at once. */
const HEARTBEAT_SLOTS = 300;

function decode(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

const KNOWN_TYPES = new Set<string>(CLIENT_FRAME_TYPES);

/** The requestId of a frame that failed validation, when it has a usable one. */
function requestIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { requestId?: unknown }).requestId;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}

/**
 * The realtime gateway: upgrade checks, handshake, parsing, dispatch, heartbeats. It never lets a
 * bad frame crash the process: every failure becomes an `error` frame.
 */
export function registerRealtime(app: FastifyInstance, ctx: AppContext, hub: Hub): { stop(): void } {
  const heartbeat = new HeartbeatWheel<Connection>(SERVER_PING_MS, HEARTBEAT_SLOTS, (c, since) => {
    if (c.actor?.kind === 'staff') void revalidateStaff(ctx, c, since);
    if (!c.alive) {
      c.log.debug('heartbeat missed; terminating');
      c.socket.terminate();
      return;
    }
    c.alive = false;
    c.socket.ping();
  });
  heartbeat.start();

  app.register(async (scoped) => {
    scoped.get(
      REALTIME_PATH,
      {
        websocket: true,
        // Security headers mean nothing on a 101 upgrade, and kept on each socket they cost ~1.7 KB.
        helmet: false,
        // Cross-site WebSocket hijacking guard: a browser page from elsewhere cannot ride a staff cookie.
        preValidation: async (request, reply) => {
          if (!originAllowed(ctx, request)) return reply.code(403).send(errorBody('auth/forbidden'));
        },
      },
      (socket, request) => {
        const id = randomUUID();
        const connection = new Connection(id, socket, ctx.logger, request.cookies[STAFF_SESSION_COOKIE], request.ip, request.raw.socket);
        hub.add(connection);
        heartbeat.add(connection);
        onConnection(ctx, hub, connection, heartbeat);
      },
    );
  });

  return { stop: () => heartbeat.stop() };
}

function onConnection(ctx: AppContext, hub: Hub, connection: Connection, heartbeat: HeartbeatWheel<Connection>): void {
  const { socket } = connection;
  const helloTimer = setTimeout(() => {
    if (!connection.actor) connection.close(CLOSE_CODES.helloTimeout, 'hello timeout');
  }, HELLO_TIMEOUT_MS);
  // Frames of one connection are handled one after another, so a sender's messages keep their order.
  let chain: Promise<void> = Promise.resolve();

  socket.on('pong', () => {
    connection.alive = true;
  });
  socket.on('error', (error) => connection.log.debug({ err: error.message }, 'socket error'));
  socket.on('close', () => {
    clearTimeout(helloTimer);
    heartbeat.remove(connection);
    hub.remove(connection);
  });
  socket.on('message', (data, isBinary) => {
    connection.alive = true;
    if (isBinary) {
      connection.send({ type: 'error', error: errorBody('request/invalid', { message: 'Binary frames are not accepted.' }) });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(decode(data));
    } catch {
      connection.send({ type: 'error', error: errorBody('request/invalid', { message: 'Frames must be JSON.' }) });
      return;
    }
    const parsed = clientFrameSchema.safeParse(raw);
    if (!parsed.success) {
      const requestId = requestIdOf(raw);
      const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
      if (typeof type === 'string' && !KNOWN_TYPES.has(type)) {
        connection.send({ type: 'error', ...(requestId ? { requestId } : {}), error: errorBody('protocol/unknown_type') });
        return;
      }
      connection.send({
        type: 'error',
        ...(requestId ? { requestId } : {}),
        error: errorBody('request/invalid', { issues: zodIssues(parsed.error) }),
      });
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'ping') {
      connection.send({ type: 'pong', ...(frame.nonce ? { nonce: frame.nonce } : {}) });
      return;
    }
    connection.lastActivityAt = Date.now();
    chain = chain.then(() => dispatch(ctx, hub, connection, frame, helloTimer));
  });
}

/**
 * A staff socket lives only as long as its session: revoked, expired, idle or disabled ends it
 * (checked every heartbeat period; disabling and logout on this node end it at once). Work done
 * through the socket keeps the session from going idle.
 */
async function revalidateStaff(ctx: AppContext, connection: Connection, since: number): Promise<void> {
  if (!connection.staffToken || connection.actor?.kind !== 'staff') return;
  try {
    const { actor } = await authenticateStaff(ctx.staffDeps, connection.staffToken, connection.address, { touch: false });
    if (connection.lastActivityAt > since) await touchSession(ctx.staffDeps, actor.sessionId);
  } catch (error) {
    if (!isDomainError(error)) {
      connection.log.warn({ err: error }, 'session check failed; keeping the connection');
      return;
    }
    connection.send({ type: 'session.ended', reason: 'revoked' });
    connection.close(CLOSE_CODES.sessionEnded, 'session ended');
  }
}

/** Answers a frame with an error (module level: no closure per frame on the hot path). */
function fail(connection: Connection, frame: ClientFrame, code: ErrorCode, extra: { correlationId?: string } = {}): void {
  const requestId = 'requestId' in frame ? frame.requestId : undefined;
  connection.send({ type: 'error', ...(requestId ? { requestId } : {}), error: errorBody(code, extra) });
}

async function dispatch(ctx: AppContext, hub: Hub, connection: Connection, frame: ClientFrame, helloTimer: NodeJS.Timeout): Promise<void> {
  try {
    if (frame.type === 'session.hello') {
      await hello(ctx, hub, connection, frame);
      clearTimeout(helloTimer);
      return;
    }
    if (frame.type === 'ping') return;
    if (!connection.actor) return fail(connection, frame, 'protocol/not_ready');
    const handler = handlers[frame.type] as (hc: unknown, f: typeof frame, a: Actor) => Promise<void>;
    await handler({ ctx, hub, connection }, frame, connection.actor);
  } catch (error) {
    if (isDomainError(error)) return fail(connection, frame, error.code);
    const correlationId = randomUUID();
    connection.log.error({ err: error, correlationId, frameType: frame.type }, 'realtime handler failed');
    fail(connection, frame, 'internal/error', { correlationId });
  }
}

async function hello(ctx: AppContext, hub: Hub, connection: Connection, frame: Extract<ClientFrame, { type: 'session.hello' }>): Promise<void> {
  const endWith = (code: ErrorCode): void => {
    connection.send({ type: 'error', requestId: frame.requestId, error: errorBody(code) });
    connection.close(CLOSE_CODES.sessionEnded, code);
  };
  if (connection.actor) {
    // A client bug, not an authentication failure: answer, keep the session.
    connection.send({ type: 'error', requestId: frame.requestId, error: errorBody('request/invalid', { message: 'Already authenticated.' }) });
    return;
  }
  if (frame.protocolVersion !== PROTOCOL_VERSION) return endWith('protocol/unsupported_version');
  if (frame.citizenToken !== undefined) {
    try {
      const actor = await authenticateCitizen(ctx.conversationDeps, frame.citizenToken);
      connection.actor = actor;
      hub.addCitizen(connection, actor.conversationId);
      connection.send({
        type: 'session.ready',
        requestId: frame.requestId,
        protocolVersion: PROTOCOL_VERSION,
        connectionId: connection.id,
        identity: { kind: 'citizen', conversationId: actor.conversationId },
        heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
      });
    } catch (error) {
      if (isDomainError(error)) return endWith('auth/invalid_credentials');
      throw error;
    }
    return;
  }
  if (!connection.staffToken) return endWith('auth/required');
  try {
    const { actor, member, session } = await authenticateStaff(ctx.staffDeps, connection.staffToken, connection.address);
    // Closed while its session was checked: nothing to index, no presence to count.
    if (!hub.connections.has(connection)) return;
    connection.actor = actor;
    hub.addStaff(connection);
    if (actor.roles.includes('operator')) hub.presence?.connected(actor.staffId);
    // The absolute end is known now; idleness is checked every heartbeat period (revalidateStaff).
    connection.endAt(Date.parse(session.expiresAt) - ctx.conversationDeps.clock.now().getTime());
    connection.send({
      type: 'session.ready',
      requestId: frame.requestId,
      protocolVersion: PROTOCOL_VERSION,
      connectionId: connection.id,
      identity: { kind: 'staff', staff: presentStaffAccount(member) },
      heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    });
  } catch (error) {
    // A session still at its second factor says so; anything else is "sign in again".
    if (isDomainError(error)) return endWith(error.code === 'auth/second_factor_required' ? error.code : 'auth/required');
    throw error;
  }
}

export const WEBSOCKET_OPTIONS = { maxPayload: MAX_FRAME_BYTES } as const;
