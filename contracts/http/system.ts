// Public operational answers: health, readiness, and the mode the dashboard runs in.
import { z } from 'zod';

const check = z.enum(['ok', 'unreachable']);

export const health = z.object({ ok: z.literal(true) });
export const readinessReport = z.object({ ok: z.literal(true), checks: z.object({ database: check, temporal: check }) });
export const meta = z.object({ mode: z.enum(['sandbox', 'live']) });
export type Meta = z.output<typeof meta>;
export type Mode = Meta['mode'];
/** GET /api/openapi.json: the document itself. */
export const openApiDocument = z.record(z.string(), z.unknown());
