// The owner's conversation timings in the units the first dashboard used (minutes and hours):
// when to nudge a silent caller, when the lead is unresponsive, when an idle takeover alerts the
// owner, when appointments are reminded (docs/product.md journey 6). Kept for that dashboard; GET/PATCH
// /api/settings carries the same values (in ms) with the other settings. A change is stored, then
// sent to every running conversation of the business at once.
import { z } from 'zod';
import { storedTimings, toTimingsInUnits } from '../../db/business-settings';
import type { ConversationCommands } from '../conversation-commands';
import { ownerRoute, type RouteGroup } from '../route';

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
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one setting')
  .meta({ id: 'ConversationTimingsPatch' });

const timings = z
  .object({
    nudgeAfterMinutes: z.number(),
    unresponsiveAfterHours: z.number(),
    takeoverIdleAlertMinutes: z.number(),
    reminderOffsetsHours: z.array(z.number()),
  })
  .meta({ id: 'ConversationTimingsInUnits' });

export function settingsRoutes({ commands }: { commands: ConversationCommands }): RouteGroup {
  return {
    tag: 'Owner and business',
    description: 'The signed-in owner, the business profile and its settings.',
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/settings/conversation-timings',
        summary: 'Conversation timings in minutes and hours',
        response: timings,
        handler: async ({ scope }) => toTimingsInUnits(await scope.conversationSettings()),
      }),
      ownerRoute({
        method: 'patch',
        path: '/api/settings/conversation-timings',
        summary: 'Change conversation timings; every running conversation gets them at once',
        body: timingsPatch,
        response: timings.extend({ conversationsUpdated: z.int().min(0) }),
        handler: async ({ scope, body: patch }) => {
          await scope.patchSettings(storedTimings(patch));
          const conversationsUpdated = await commands.broadcastSettings(scope);
          return { ...toTimingsInUnits(await scope.conversationSettings()), conversationsUpdated };
        },
      }),
    ],
  };
}
