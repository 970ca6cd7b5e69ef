// Which business a Twilio webhook is for: the number that was dialled or texted, with the settings
// its conversations follow. One query: it runs on every call and text.
import { withConversationDefaults, type ConversationSettings } from '../../domain/settings';
import { toE164 } from '../../domain/phone';
import type { Orm } from '../../db/orm';
import { sql } from '../../db/sql';
import { HttpError, notFound } from '../errors';

export interface Business {
  tenantId: string;
  name: string;
  ownerPhone: string;
  businessPhone: string;
  settings: ConversationSettings;
}

export async function businessForNumber(orm: Orm, dialled: string): Promise<Business> {
  const e164 = toE164(dialled);
  if (!e164) throw new HttpError(400, 'invalid_number', 'To is not a phone number');
  const [row] = await sql<
    { tenant_id: string; owner_phone: string; name: string; timezone: string; settings: Partial<ConversationSettings> }[]
  >(
    orm.em,
    `select t.id as tenant_id, t.owner_phone, t.name, t.timezone, t.settings
       from phone_numbers p join tenants t on t.id = p.tenant_id where p.e164 = ?`,
    [e164],
  );
  if (!row) throw notFound('a business for that number');
  const settings = withConversationDefaults({ ...row.settings, timeZone: row.timezone, businessName: row.name });
  return { tenantId: row.tenant_id, name: settings.businessName, ownerPhone: row.owner_phone, businessPhone: e164, settings };
}
