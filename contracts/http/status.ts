// GET /api/status: the Status page (issue #17 point 6), one light per area with plain words.
import { z } from 'zod';

export const statusLevel = z.enum(['green', 'amber', 'red']);

export const statusArea = z.object({
  area: z.enum(['texting', 'assistant', 'calendar', 'temporal', 'database', 'workers']),
  level: statusLevel,
  summary: z.string(),
  action: z.string().optional(),
});

export const systemStatus = z.object({
  level: statusLevel,
  checkedAt: z.string(),
  areas: z.array(statusArea),
});

export type SystemStatus = z.output<typeof systemStatus>;
