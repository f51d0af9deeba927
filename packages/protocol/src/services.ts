import * as z from 'zod';
import { postalCodeSchema, serviceIdSchema } from './common.js';
import { errorBodySchema } from './errors.js';
import { serviceViewSchema } from './http.js';

/** A département code: two digits, `2A`/`2B` (Corsica), or three digits overseas (`974`). */
export const departementCodeSchema = z.string().regex(/^(?:\d{2}|2[AB]|\d{3})$/);

/** What a postal code names: its communes (French alphabetical order) and its département. */
export const postalAreaSchema = z.object({
  postalCode: postalCodeSchema,
  communes: z.array(z.string()).min(1),
  departement: z.object({ code: departementCodeSchema, name: z.string() }),
});
export type PostalArea = z.infer<typeof postalAreaSchema>;
/** `GET /api/postal-codes/:code` (public: the citizen form names the commune; no service data). */
export const postalCodeParamsSchema = z.object({ code: postalCodeSchema });

/** Largest CSV text accepted by a coverage import (every French postal code fits many times over). */
export const COVERAGE_CSV_MAX_CHARS = 512 * 1024;
/** Body limit of the import route: the CSV as a JSON string, with room for escaping. */
export const COVERAGE_IMPORT_BODY_LIMIT = 1024 * 1024;
/** At most this many line errors are returned; `lineErrorCount` tells how many there were. */
export const COVERAGE_LINE_ERRORS_SHOWN = 50;

/** `PUT /api/services/:id/postal-codes` (administrators): the file's text, replacing the coverage. */
export const coverageImportRequestSchema = z.object({ csv: z.string().max(COVERAGE_CSV_MAX_CHARS) });
export type CoverageImportRequest = z.infer<typeof coverageImportRequestSchema>;

/**
 * Why a line was refused: `malformed` (its first field is not five digits), `unknown` (five
 * digits, but no such postal code), `empty` (the file holds no postal code at all; line 1).
 */
export const COVERAGE_LINE_PROBLEMS = ['malformed', 'unknown', 'empty'] as const;
export const coverageLineErrorSchema = z.object({
  /** 1-based line number in the file. */
  line: z.number().int().positive(),
  /** The first field of that line as read (cut to 20 characters). */
  value: z.string().max(20),
  problem: z.enum(COVERAGE_LINE_PROBLEMS),
});
export type CoverageLineError = z.infer<typeof coverageLineErrorSchema>;

/** The 400 answer of an import refused because of its lines: nothing was imported. */
export const coverageRejectionSchema = errorBodySchema.extend({
  code: z.literal('request/invalid'),
  /** The first line errors, in file order. */
  lineErrors: z.array(coverageLineErrorSchema).max(COVERAGE_LINE_ERRORS_SHOWN),
  lineErrorCount: z.number().int().positive(),
});
export type CoverageRejection = z.infer<typeof coverageRejectionSchema>;

/** The answer of an accepted import: the service's coverage is now exactly the file's codes. */
export const coverageImportResponseSchema = z.object({
  service: serviceViewSchema,
  /** Codes taken from other services (a code is covered by one service at most). */
  moved: z.array(z.object({ serviceId: serviceIdSchema, serviceName: z.string(), postalCodeCount: z.number().int().positive() })),
  /** Codes this service covered before and that the file no longer lists (now covered by nobody). */
  released: z.number().int().nonnegative(),
});
export type CoverageImportResponse = z.infer<typeof coverageImportResponseSchema>;

/**
 * One covered code, named. A code that left the dataset since it was imported (a dataset update)
 * is listed without communes nor département.
 */
export const coverageEntrySchema = z.object({
  postalCode: postalCodeSchema,
  communes: z.array(z.string()),
  departement: postalAreaSchema.shape.departement.nullable(),
});
export type CoverageEntry = z.infer<typeof coverageEntrySchema>;
/** `GET /api/services/:id/postal-codes` (every signed-in staff member): codes in order, named. */
export const coverageListSchema = z.object({
  service: serviceViewSchema,
  postalCodes: z.array(coverageEntrySchema),
});
export type CoverageList = z.infer<typeof coverageListSchema>;

/** `POST /api/services` (201) and `PATCH /api/services/:id` (200), administrators. */
export const serviceResponseSchema = z.object({ service: serviceViewSchema });

/**
 * `DELETE /api/services/:id` (administrators): what the deletion detached. Its postal codes are
 * covered by nobody; its staff members and conversations now belong to no service.
 */
export const serviceRemovalSchema = z.object({
  postalCodes: z.number().int().nonnegative(),
  staff: z.number().int().nonnegative(),
  conversations: z.number().int().nonnegative(),
});
export type ServiceRemovalView = z.infer<typeof serviceRemovalSchema>;
