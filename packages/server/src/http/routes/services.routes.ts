import {
  CoverageImportRejected,
  createService,
  deleteService,
  DomainError,
  importCoverage,
  listServices,
  lookupPostalCode,
  renameService,
  serviceCoverage,
  type Service,
} from '@brigade/core';
import {
  COVERAGE_IMPORT_BODY_LIMIT,
  coverageImportRequestSchema,
  coverageImportResponseSchema,
  coverageListSchema,
  coverageRejectionSchema,
  postalAreaSchema,
  postalCodeParamsSchema,
  serviceIdParamsSchema,
  serviceListSchema,
  serviceNameRequestSchema,
  serviceRemovalSchema,
  serviceResponseSchema,
  type ServiceView,
} from '@brigade/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { errorBody, parseInput } from '../errors.js';
import { originAllowed, requireStaff } from '../staff-auth.js';

const present = (service: Service): ServiceView => ({
  id: service.id,
  name: service.name,
  postalCodeCount: service.postalCodeCount,
  createdAt: service.createdAt,
});

/**
 * Services and the postal codes they cover: staff read them, administrators change them (a
 * coverage is imported from a CSV file sent as JSON `{ csv }`, up to 1 MiB). The postal-code
 * lookup is public: it names communes and a département, never a service.
 */
export function serviceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const deps = ctx.serviceDeps;
  const limited = { config: { rateLimit: { max: ctx.config.rateLimitPerMinute, timeWindow: '1 minute' } } };
  const checkOrigin = (request: FastifyRequest): void => {
    if (!originAllowed(ctx, request)) throw new DomainError('auth/forbidden');
  };

  app.get('/api/services', async (request) => {
    const { actor } = await requireStaff(ctx, request);
    return serviceListSchema.parse({ services: (await listServices(deps, actor)).map(present) });
  });

  app.post('/api/services', async (request, reply) => {
    checkOrigin(request);
    const { actor } = await requireStaff(ctx, request);
    const { name } = parseInput(serviceNameRequestSchema, request.body);
    const service = await createService(deps, actor, { name });
    request.log.info({ serviceId: service.id, by: actor.staffId }, 'service created');
    return reply.code(201).send(serviceResponseSchema.parse({ service: present(service) }));
  });

  app.patch('/api/services/:id', async (request) => {
    checkOrigin(request);
    const { actor } = await requireStaff(ctx, request);
    const { id } = parseInput(serviceIdParamsSchema, request.params);
    const { name } = parseInput(serviceNameRequestSchema, request.body);
    return serviceResponseSchema.parse({ service: present(await renameService(deps, actor, { serviceId: id, name })) });
  });

  app.delete('/api/services/:id', async (request) => {
    checkOrigin(request);
    const { actor } = await requireStaff(ctx, request);
    const { id } = parseInput(serviceIdParamsSchema, request.params);
    const removal = await deleteService(deps, actor, { serviceId: id });
    request.log.info({ serviceId: id, by: actor.staffId, ...removal }, 'service deleted');
    return serviceRemovalSchema.parse(removal);
  });

  app.get('/api/services/:id/postal-codes', async (request) => {
    const { actor } = await requireStaff(ctx, request);
    const { id } = parseInput(serviceIdParamsSchema, request.params);
    const { service, postalCodes } = await serviceCoverage(deps, actor, { serviceId: id });
    return coverageListSchema.parse({ service: present(service), postalCodes });
  });

  app.put('/api/services/:id/postal-codes', { bodyLimit: COVERAGE_IMPORT_BODY_LIMIT }, async (request, reply) => {
    checkOrigin(request);
    const { actor } = await requireStaff(ctx, request);
    const { id } = parseInput(serviceIdParamsSchema, request.params);
    const { csv } = parseInput(coverageImportRequestSchema, request.body);
    try {
      const result = await importCoverage(deps, actor, { serviceId: id, csv });
      request.log.info({ serviceId: id, by: actor.staffId, postalCodes: result.service.postalCodeCount }, 'service coverage imported');
      return coverageImportResponseSchema.parse({ ...result, service: present(result.service) });
    } catch (error) {
      if (!(error instanceof CoverageImportRejected)) throw error;
      return reply.code(400).send(
        coverageRejectionSchema.parse({ ...errorBody('request/invalid'), lineErrors: error.lineErrors, lineErrorCount: error.lineErrorCount }),
      );
    }
  });

  app.get('/api/postal-codes/:code', limited, async (request) => {
    const { code } = parseInput(postalCodeParamsSchema, request.params);
    return postalAreaSchema.parse(await lookupPostalCode(deps, code));
  });
}
