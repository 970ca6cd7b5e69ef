// The owner's conversation timings (PRODUCT.md journey 6): when to nudge a silent caller, when the
// lead is unresponsive, when an idle takeover alerts the owner, when appointments are reminded.
// A change is stored, then sent to every running conversation of the business at once.
import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { loadSettings } from '../../db/business-settings';
import { sql } from '../../db/sql';
import { NmcTenantId } from '../../temporal/search-attributes';
import { settingsChangedSignal } from '../../workflows/messages';
import type { Owner } from '../auth';
import type { ApiDeps } from '../deps';
import { validate } from '../errors';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const timingsPatch = z
  .strictObject({
    nudgeAfterMinutes: z
      .int()
      .min(5)
      .max(7 * 24 * 60),
    unresponsiveAfterHours: z
      .number()
      .min(1)
      .max(30 * 24),
    takeoverIdleAlertMinutes: z
      .int()
      .min(1)
      .max(24 * 60),
    reminderOffsetsHours: z
      .array(
        z
          .number()
          .min(0.25)
          .max(7 * 24),
      )
      .max(4),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one setting');

function timingsView(settings: Awaited<ReturnType<typeof loadSettings>>) {
  return {
    nudgeAfterMinutes: settings.nudgeAfterMs / MINUTE,
    unresponsiveAfterHours: settings.unresponsiveAfterMs / HOUR,
    takeoverIdleAlertMinutes: settings.takeoverIdleAlertMs / MINUTE,
    reminderOffsetsHours: settings.reminderOffsetsMs.map((ms) => ms / HOUR),
  };
}

/** Sends the business's current settings to each of its running conversations; returns how many. */
export async function applySettingsToRunningConversations(temporal: Client, em: EntityManager, tenantId: string): Promise<number> {
  const settings = await loadSettings(em, tenantId);
  let signalled = 0;
  const query = `${NmcTenantId.name} = '${tenantId.replace(/'/g, '')}' AND ExecutionStatus = 'Running'`;
  for await (const execution of temporal.workflow.list({ query })) {
    try {
      await temporal.workflow.getHandle(execution.workflowId).signal(settingsChangedSignal, settings);
      signalled += 1;
    } catch (error) {
      // It finished between the listing and the signal: nothing left to update.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return signalled;
}

export function settingsRoutes({ orm, temporal }: ApiDeps) {
  const router = new Router({ prefix: '/api/settings' });

  router.get('/conversation-timings', async (ctx) => {
    const owner = ctx.state.owner as Owner;
    ctx.body = timingsView(await loadSettings(orm.em.fork(), owner.tenantId));
  });

  router.patch('/conversation-timings', async (ctx) => {
    const owner = ctx.state.owner as Owner;
    const patch = validate(timingsPatch, ctx.request.body);
    const stored = {
      ...(patch.nudgeAfterMinutes !== undefined ? { nudgeAfterMs: patch.nudgeAfterMinutes * MINUTE } : {}),
      ...(patch.unresponsiveAfterHours !== undefined ? { unresponsiveAfterMs: Math.round(patch.unresponsiveAfterHours * HOUR) } : {}),
      ...(patch.takeoverIdleAlertMinutes !== undefined ? { takeoverIdleAlertMs: patch.takeoverIdleAlertMinutes * MINUTE } : {}),
      ...(patch.reminderOffsetsHours !== undefined
        ? { reminderOffsetsMs: patch.reminderOffsetsHours.map((hours) => Math.round(hours * HOUR)) }
        : {}),
    };
    const em = orm.em.fork();
    await sql(em, 'update tenants set settings = settings || ?::jsonb where id = ?', [JSON.stringify(stored), owner.tenantId]);
    const conversationsUpdated = await applySettingsToRunningConversations(temporal, em, owner.tenantId);
    ctx.body = { ...timingsView(await loadSettings(em, owner.tenantId)), conversationsUpdated };
  });

  return router;
}
