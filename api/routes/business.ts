// The owner, the business and its settings (docs/product.md journey 1): profile, notification
// preferences, hours, appointment and call handling, conversation timings. A change to anything a
// conversation uses is sent at once to every running conversation of the business.
import {
  accountActivity,
  accountActivityQuery,
  business,
  businessPatch,
  me,
  mePatch,
  serviceArea,
  serviceAreaPreview,
  type Business,
  type Me,
} from '../../contracts/http/business';
import { settings, settingsChanged, settingsPatch } from '../../contracts/http/settings';
import { toOwnerView } from '../../db/accounts';
import { storedSettings, toSettingsView } from '../../db/business-settings';
import { toBusinessView } from '../../db/businesses';
import { previewServiceArea } from '../../providers/service-area-places';
import type { ApiConfig } from '../../config';
import type { ConversationCommands } from '../conversation-commands';
import { ownerRoute, type RouteGroup } from '../route';
import type { OwnerAccountRow, TenantScope } from '../tenant-scope';

// ---- the owner ----------------------------------------------------------------------------------

function meView(row: OwnerAccountRow, config: ApiConfig): Me {
  return { ...toOwnerView(row), ...(config.NMC_MODE === 'sandbox' ? { sandbox: { callerPhone: config.SANDBOX_CALLER_PHONE } } : {}) };
}

// ---- the business -------------------------------------------------------------------------------

async function businessView(scope: TenantScope): Promise<Business> {
  return toBusinessView(await scope.ownerAccount());
}

// ---- settings -----------------------------------------------------------------------------------

export function businessRoutes({ config, commands }: { config: ApiConfig; commands: ConversationCommands }): RouteGroup {
  return {
    tag: 'Owner and business',
    description: 'The signed-in owner, the business profile and its settings.',
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/me',
        summary: 'The signed-in owner and their business',
        response: me,
        handler: async ({ scope }) => meView(await scope.ownerAccount(), config),
      }),
      ownerRoute({
        method: 'patch',
        path: '/api/me',
        summary: "Change the owner's name or notification preferences",
        body: mePatch,
        response: me,
        handler: async ({ scope, body }) => {
          const notifications = body.notifications
            ? Object.fromEntries(Object.entries(body.notifications).filter(([, value]) => value !== undefined))
            : undefined;
          await scope.updateOwner({ name: body.name, notifications });
          return meView(await scope.ownerAccount(), config);
        },
      }),
      ownerRoute({
        method: 'get',
        path: '/api/business',
        summary: 'The business profile the assistant speaks from',
        response: business,
        handler: ({ scope }) => businessView(scope),
      }),
      ownerRoute({
        method: 'patch',
        path: '/api/business',
        summary: 'Change the business profile',
        description: 'Running conversations get the new name and time zone at once.',
        body: businessPatch,
        response: business,
        handler: async ({ scope, body }) => {
          await scope.updateBusiness(body);
          await scope.recordActivity('settings_changed', `business: ${changedFields(body)}`);
          await commands.broadcastSettings(scope);
          return businessView(scope);
        },
      }),
      ownerRoute({
        method: 'post',
        path: '/api/business/service-area/preview',
        summary: 'Preview a service area before saving it',
        description:
          'The area in words and the number of US ZIP codes it covers ("Austin and 25 miles around — 105 ZIP codes"), computed ' +
          "the way the assistant decides whether a caller's address is inside, with what it could not place. Nothing is stored.",
        body: serviceArea,
        response: serviceAreaPreview,
        handler: ({ body }) => previewServiceArea(body),
      }),
      ownerRoute({
        method: 'get',
        path: '/api/account/activity',
        summary: 'Recent account activity: sign-ins, refused sign-ins, numbers, settings changes, takeovers',
        query: accountActivityQuery,
        response: accountActivity,
        handler: async ({ scope, query }) => ({
          events: (await scope.recentActivity(query.limit)).map((event) => ({
            id: event.id,
            kind: event.kind,
            detail: event.detail,
            at: event.createdAt.toISOString(),
          })),
        }),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/business/onboarded',
        summary: 'Mark the onboarding wizard done',
        status: 204,
        handler: async ({ scope }) => {
          await scope.markOnboarded();
        },
      }),
      ownerRoute({
        method: 'get',
        path: '/api/settings',
        summary: 'Hours, appointment settings, call handling and conversation timings',
        response: settings,
        handler: async ({ scope }) => toSettingsView(await scope.conversationSettings()),
      }),
      ownerRoute({
        method: 'patch',
        path: '/api/settings',
        summary: 'Change settings; every running conversation gets them at once',
        body: settingsPatch,
        response: settingsChanged,
        handler: async ({ scope, body }) => {
          await scope.patchSettings(storedSettings(await scope.conversationSettings(), body));
          await scope.recordActivity('settings_changed', `settings: ${changedFields(body)}`);
          const conversationsUpdated = await commands.broadcastSettings(scope);
          return { ...toSettingsView(await scope.conversationSettings()), conversationsUpdated };
        },
      }),
    ],
  };
}

/** "name, profile": which parts a change touched (their values stay out of the activity log). */
export function changedFields(patch: object): string {
  return Object.keys(patch).join(', ') || 'nothing';
}
