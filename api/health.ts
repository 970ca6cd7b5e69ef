// Liveness and readiness (issue #6 point 4). /healthz: the process answers. /readyz: it can do its
// work, i.e. PostgreSQL and Temporal both answer within a short timeout; a load balancer takes an
// api process out of rotation while either does not.
import type { Client } from '@temporalio/client';
import type { Orm } from '../db/orm';
import { sql } from '../db/sql';

export const READINESS_TIMEOUT_MS = 2_000;

export type Check = 'ok' | 'unreachable';

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createReadiness({ orm, temporal, timeoutMs = READINESS_TIMEOUT_MS }: { orm: Orm; temporal: Client; timeoutMs?: number }) {
  async function database(): Promise<Check> {
    try {
      await within(timeoutMs, sql(orm.em.fork(), 'select 1'));
      return 'ok';
    } catch {
      return 'unreachable';
    }
  }
  async function temporalServer(): Promise<Check> {
    try {
      await temporal.connection.withDeadline(Date.now() + timeoutMs, () => temporal.connection.workflowService.getSystemInfo({}));
      return 'ok';
    } catch {
      return 'unreachable';
    }
  }
  return async () => {
    const [db, tem] = await Promise.all([database(), temporalServer()]);
    return { database: db, temporal: tem };
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
