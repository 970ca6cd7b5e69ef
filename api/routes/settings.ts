// The owner's conversation timings in the units the first dashboard used (minutes and hours):
// when to nudge a silent caller, when the lead is unresponsive, when an idle takeover alerts the
// owner, when appointments are reminded (docs/product.md journey 6). Kept for that dashboard; GET/PATCH
// /api/settings carries the same values (in ms) with the other settings. A change is stored, then
// sent to every running conversation of the business at once.
import { changedFields } from './business';
import { timingsInUnits, timingsInUnitsChanged, timingsInUnitsPatch } from '../../contracts/http/settings';
import { storedTimings, toTimingsInUnits } from '../../db/business-settings';
import type { ConversationCommands } from '../conversation-commands';
import { ownerRoute, type RouteGroup } from '../route';

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
        handler: async ({ scope }) => toTimingsInUnits(await scope.conversationSettings()),
      }),
      ownerRoute({
        method: 'patch',
        path: '/api/settings/conversation-timings',
        summary: 'Change conversation timings; every running conversation gets them at once',
        body: timingsInUnitsPatch,
        response: timingsInUnitsChanged,
        handler: async ({ scope, body: patch }) => {
          await scope.patchSettings(storedTimings(patch));
          await scope.recordActivity('settings_changed', `conversation timings: ${changedFields(patch)}`);
          const conversationsUpdated = await commands.broadcastSettings(scope);
          return { ...toTimingsInUnits(await scope.conversationSettings()), conversationsUpdated };
        },
      }),
    ],
  };
}
