// The owner's conversation timings in the units the first dashboard used (minutes and hours):
// when to nudge a silent caller, when the lead is unresponsive, when an idle takeover alerts the
// owner, when appointments are reminded (docs/product.md journey 6). Kept for that dashboard; GET/PATCH
// /api/settings carries the same values (in ms) with the other settings. A change is stored, then
// sent to every running conversation of the business at once.
import { timingsInUnits, timingsInUnitsChanged, timingsInUnitsPatch, type TimingsInUnits } from '../../contracts/http/settings';
import type { ConversationSettings } from '../../domain/settings';
import type { ConversationCommands } from '../conversation-commands';
import { ownerRoute, type RouteGroup } from '../route';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function timingsView(settings: ConversationSettings): TimingsInUnits {
  return {
    nudgeAfterMinutes: settings.nudgeAfterMs / MINUTE,
    unresponsiveAfterHours: settings.unresponsiveAfterMs / HOUR,
    takeoverIdleAlertMinutes: settings.takeoverIdleAlertMs / MINUTE,
    reminderOffsetsHours: settings.reminderOffsetsMs.map((ms) => ms / HOUR),
  };
}

export function settingsRoutes({ commands }: { commands: ConversationCommands }): RouteGroup {
  return {
    tag: 'Owner and business',
    description: 'The signed-in owner, the business profile and its settings.',
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/settings/conversation-timings',
        summary: 'Conversation timings in minutes and hours',
        response: timingsInUnits,
        handler: async ({ scope }) => timingsView(await scope.conversationSettings()),
      }),
      ownerRoute({
        method: 'patch',
        path: '/api/settings/conversation-timings',
        summary: 'Change conversation timings; every running conversation gets them at once',
        body: timingsInUnitsPatch,
        response: timingsInUnitsChanged,
        handler: async ({ scope, body: patch }) => {
          await scope.patchSettings({
            ...(patch.nudgeAfterMinutes !== undefined ? { nudgeAfterMs: patch.nudgeAfterMinutes * MINUTE } : {}),
            ...(patch.unresponsiveAfterHours !== undefined ? { unresponsiveAfterMs: Math.round(patch.unresponsiveAfterHours * HOUR) } : {}),
            ...(patch.takeoverIdleAlertMinutes !== undefined ? { takeoverIdleAlertMs: patch.takeoverIdleAlertMinutes * MINUTE } : {}),
            ...(patch.reminderOffsetsHours !== undefined
              ? { reminderOffsetsMs: patch.reminderOffsetsHours.map((hours) => Math.round(hours * HOUR)) }
              : {}),
          });
          const conversationsUpdated = await commands.broadcastSettings(scope);
          return { ...timingsView(await scope.conversationSettings()), conversationsUpdated };
        },
      }),
    ],
  };
}
