// The platform half of the Status page (issue #17 point 6): does Temporal answer, does the database
// answer, and which task queues have workers polling them (Temporal's DescribeTaskQueue). Asked at
// most every few seconds however many dashboards look, and each check has a short deadline so a
// dead dependency makes the page red quickly instead of hanging it.
import { temporal as proto } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import type { Orm } from '../db/orm';
import { sql } from '../db/sql';
import { TASK_QUEUES } from '../contracts/task-queues';
import type { QueuePollers } from '../domain/system-status';

const CHECK_TIMEOUT_MS = 2_000;
const CACHE_MS = 3_000;
/** A poller seen within this long is a running worker (workers poll continuously, a minute per long poll at most). */
const POLLER_FRESH_MS = 2 * 60_000;

export interface PlatformFacts {
  temporal: boolean;
  database: boolean;
  /** Workers per task queue; undefined when Temporal could not be asked. */
  queues?: QueuePollers[];
}

/** Which kind of task each queue's workers poll for: conversations run workflows, sms and ai only activities. */
const QUEUE_TYPES: Record<string, proto.api.enums.v1.TaskQueueType> = {
  [TASK_QUEUES.conversations]: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  [TASK_QUEUES.sms]: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  [TASK_QUEUES.ai]: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
};

export function createPlatformStatus({ orm, temporal, namespace }: { orm: Orm; temporal: Client; namespace: string }) {
  const deadline = () => Date.now() + CHECK_TIMEOUT_MS;
  const service = temporal.connection.workflowService;

  async function database(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)));
    try {
      await Promise.race([sql(orm.em.fork(), 'select 1'), timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async function pollers(queue: string, now: number): Promise<QueuePollers> {
    const described = await temporal.connection.withDeadline(deadline(), () =>
      service.describeTaskQueue({
        namespace,
        taskQueue: { name: queue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: QUEUE_TYPES[queue],
      }),
    );
    const fresh = (described.pollers ?? []).filter((poller) => {
      const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
      return now - seconds * 1000 < POLLER_FRESH_MS;
    });
    return { queue, pollers: fresh.length };
  }

  async function temporalFacts(): Promise<Pick<PlatformFacts, 'temporal' | 'queues'>> {
    try {
      await temporal.connection.withDeadline(deadline(), () => service.getSystemInfo({}));
    } catch {
      return { temporal: false };
    }
    try {
      const now = Date.now();
      return { temporal: true, queues: await Promise.all(Object.values(TASK_QUEUES).map((queue) => pollers(queue, now))) };
    } catch {
      return { temporal: true };
    }
  }

  let cached: { at: number; facts: Promise<PlatformFacts> } | undefined;
  return function platformFacts(): Promise<PlatformFacts> {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.facts;
    const facts = Promise.all([temporalFacts(), database()]).then(([temporalPart, db]) => ({ ...temporalPart, database: db }));
    cached = { at: Date.now(), facts };
    return facts;
  };
}

export type PlatformStatus = ReturnType<typeof createPlatformStatus>;
