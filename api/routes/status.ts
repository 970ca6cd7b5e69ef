// The Status page's answer: the business's texting, assistant and calendar, and the platform under
// them, each judged by domain/system-status.ts.
import { systemStatus } from '../../contracts/http/status';
import {
  assistantStatus,
  calendarStatus,
  overallLevel,
  reachabilityStatus,
  textingStatus,
  workersStatus,
} from '../../domain/system-status';
import { ownerRoute, type RouteGroup } from '../route';
import type { PlatformStatus } from '../system-status';

export function statusRoutes({ platform }: { platform: PlatformStatus }): RouteGroup {
  return {
    tag: 'Status',
    description: 'Whether texting, the assistant, the calendar and the platform work right now, and what to do if not.',
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/status',
        summary: 'Green, amber or red per area, with plain words and what to do',
        response: systemStatus,
        handler: async ({ scope }) => {
          const now = new Date();
          const [facts, texts, turns, calendars] = await Promise.all([
            platform(),
            scope.recentOutboundTexts(),
            scope.recentAssistantTurns(),
            scope.calendarConnections(),
          ]);
          const areas = [
            textingStatus(texts, now),
            assistantStatus(turns, now),
            calendarStatus(calendars, now),
            reachabilityStatus('temporal', facts.temporal),
            reachabilityStatus('database', facts.database),
            workersStatus(facts.queues),
          ];
          return { level: overallLevel(areas), checkedAt: now.toISOString(), areas };
        },
      }),
    ],
  };
}
