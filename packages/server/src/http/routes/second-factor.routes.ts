import {
  confirmTotpEnrolment,
  DomainError,
  type FactorContext,
  finishWebauthnLogin,
  finishWebauthnRegistration,
  listOwnFactors,
  regenerateRecoveryCodes,
  type RelyingParty,
  removeOwnFactor,
  startTotpEnrolment,
  startWebauthnLogin,
  startWebauthnRegistration,
  verifyRecoveryCode,
  verifyTotp,
} from '@brigade/core';
import {
  authenticatedResponseSchema,
  confirmTotpRequestSchema,
  factorListSchema,
  recoveryCodeRequestSchema,
  recoveryCodesSchema,
  totpCodeRequestSchema,
  totpEnrolmentSchema,
  webauthnRegistrationRequestSchema,
  webauthnResponseRequestSchema,
} from '@brigade/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import * as z from 'zod';
import type { AppContext } from '../../context.js';
import { presentStaffAccount } from '../../presenters/staff.presenter.js';
import { parseInput } from '../errors.js';
import { originAllowed, requireStaff } from '../staff-auth.js';

/** Sessions that may present a factor: at login, or fully signed in for a step-up. */
const VERIFY_STAGES = ['second_factor', 'full'] as const;
/** Sessions that may enrol a factor: the first one, or another one later. */
const ENROL_STAGES = ['enrolment', 'full'] as const;

/** Second factors: verification (login and step-up), enrolment, management. */
export function secondFactorRoutes(app: FastifyInstance, ctx: AppContext): void {
  const deps = ctx.staffDeps;
  const limited = { config: { rateLimit: { max: ctx.config.rateLimitPerMinute, timeWindow: '1 minute' } } };

  /** The WebAuthn relying party is this site as the browser sees it. */
  const relyingParty = (request: FastifyRequest): RelyingParty => {
    const origin = ctx.config.publicUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;
    return { origin, id: new URL(origin).hostname, name: 'Brigade' };
  };

  async function context(request: FastifyRequest, stages: readonly ('second_factor' | 'enrolment' | 'full')[]): Promise<FactorContext> {
    if (!originAllowed(ctx, request)) throw new DomainError('auth/forbidden');
    const { actor, member, session } = await requireStaff(ctx, request, stages);
    return { session, member, actor: session.stage === 'full' ? actor : null };
  }

  const authenticated = (ctx2: FactorContext, recoveryCodes: string[] | null) =>
    authenticatedResponseSchema.parse({ status: 'authenticated', staff: presentStaffAccount(ctx2.member), recoveryCodes });

  // ------------------------------------------------------------ verification
  app.post('/api/auth/totp', limited, async (request) => {
    const c = await context(request, VERIFY_STAGES);
    const { code } = parseInput(totpCodeRequestSchema, request.body);
    await verifyTotp(deps, c, code);
    return authenticated(c, null);
  });

  app.post('/api/auth/recovery', limited, async (request) => {
    const c = await context(request, VERIFY_STAGES);
    const { code } = parseInput(recoveryCodeRequestSchema, request.body);
    await verifyRecoveryCode(deps, c, code);
    return authenticated(c, null);
  });

  app.post('/api/auth/webauthn/options', limited, async (request) => {
    const c = await context(request, VERIFY_STAGES);
    return { options: await startWebauthnLogin(deps, c, relyingParty(request)) };
  });

  app.post('/api/auth/webauthn', limited, async (request) => {
    const c = await context(request, VERIFY_STAGES);
    const { response } = parseInput(webauthnResponseRequestSchema, request.body);
    await finishWebauthnLogin(deps, c, relyingParty(request), response);
    return authenticated(c, null);
  });

  // ------------------------------------------------------------ enrolment
  app.post('/api/factors/totp/start', async (request) => {
    const c = await context(request, ENROL_STAGES);
    const { secret, uri } = await startTotpEnrolment(deps, c);
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return totpEnrolmentSchema.parse({ secret, uri, qrSvg });
  });

  app.post('/api/factors/totp', limited, async (request) => {
    const c = await context(request, ENROL_STAGES);
    const input = parseInput(confirmTotpRequestSchema, request.body);
    const { recoveryCodes } = await confirmTotpEnrolment(deps, c, input);
    return authenticated(c, recoveryCodes);
  });

  app.post('/api/factors/webauthn/options', async (request) => {
    const c = await context(request, ENROL_STAGES);
    return { options: await startWebauthnRegistration(deps, c, relyingParty(request)) };
  });

  app.post('/api/factors/webauthn', limited, async (request) => {
    const c = await context(request, ENROL_STAGES);
    const input = parseInput(webauthnRegistrationRequestSchema, request.body);
    const { recoveryCodes } = await finishWebauthnRegistration(deps, c, relyingParty(request), input);
    return authenticated(c, recoveryCodes);
  });

  // ------------------------------------------------------------ management
  app.get('/api/factors', async (request) => {
    const { actor } = await requireStaff(ctx, request);
    return factorListSchema.parse(await listOwnFactors(deps, actor));
  });

  app.delete('/api/factors/:id', async (request, reply) => {
    const c = await context(request, ['full']);
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params);
    if (!c.actor) throw new DomainError('auth/second_factor_required');
    await removeOwnFactor(deps, c.actor, id);
    return reply.code(204).send();
  });

  app.post('/api/factors/recovery-codes', async (request) => {
    const c = await context(request, ['full']);
    if (!c.actor) throw new DomainError('auth/second_factor_required');
    return recoveryCodesSchema.parse({ recoveryCodes: await regenerateRecoveryCodes(deps, c.actor) });
  });
}
