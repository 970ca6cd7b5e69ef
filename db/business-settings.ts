// A business's conversation settings as stored (tenants.settings, partial) merged with the
// defaults of domain/settings.ts. Read by the workflow's activities and by the settings api.
import type { EntityManager } from '@mikro-orm/postgresql';
import { withConversationDefaults, type ConversationSettings } from '../domain/settings';
import { sql } from './sql';

interface TenantRow {
  name: string;
  timezone: string;
  settings: Partial<ConversationSettings>;
}

export async function loadSettings(em: EntityManager, tenantId: string): Promise<ConversationSettings> {
  const [tenant] = await sql<TenantRow[]>(em, 'select name, timezone, settings from tenants where id = ?', [tenantId]);
  if (!tenant) throw new Error(`tenant ${tenantId} does not exist`);
  return withConversationDefaults({ ...tenant.settings, timeZone: tenant.timezone, businessName: tenant.name });
}
