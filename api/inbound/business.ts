// Which business a Twilio webhook is for: the number that was dialled or texted, with the settings
// its conversations follow (one query: it runs on every call and text).
import type { ConversationSettings } from '../../domain/settings';
import { toE164 } from '../../domain/phone';
import { businessForNumber as lookUp } from '../../db/businesses';
import type { Orm } from '../../db/orm';
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
  const found = await lookUp(orm.em, e164);
  if (!found) throw notFound('a business for that number');
  return { ...found, name: found.settings.businessName, businessPhone: e164 };
}
