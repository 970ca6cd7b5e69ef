// A business's Twilio numbers (issue #5 point 4). A number is reserved for the business before
// Twilio is asked for it: the reservation is SQL, an insert whose unique e164 makes two businesses
// racing for one number harmless (decision 0017); the rest goes through the PhoneNumber entity.
// The functions the api's TenantScope calls take the business first: their SQL names it as
// `:tenant` (db/tenant-sql.ts binds it) and their entity queries filter on tenantId.
import type { InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OwnedNumber } from '../contracts/http/numbers';
import { PhoneNumber } from './entities';
import { sql } from './sql';
import { tenantSql } from './tenant-sql';

export type PhoneNumberRecord = InferEntity<typeof PhoneNumber>;

/** A number as the dashboard lists it (GET /api/numbers). */
export const toPhoneNumberView = (number: PhoneNumberRecord): OwnedNumber => ({
  id: number.id,
  e164: number.e164,
  twilioSid: number.twilioSid ?? null,
});

/** The business's numbers, oldest first (the first is the one texts and alerts go out from). */
export function listPhoneNumbers(em: EntityManager, tenantId: string): Promise<PhoneNumberRecord[]> {
  return em.find(PhoneNumber, { tenantId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

export function findPhoneNumber(em: EntityManager, tenantId: string, id: string): Promise<PhoneNumberRecord | null> {
  return em.findOne(PhoneNumber, { id, tenantId });
}

/**
 * Reserves the number for the business: 'taken' when any business has it already, 'limit' when the
 * business holds `maxNumbers` already. The business's row is locked first, so two purchases at the
 * same moment cannot both pass the count.
 */
export async function claimPhoneNumber(
  em: EntityManager,
  tenantId: string,
  e164: string,
  maxNumbers: number,
): Promise<PhoneNumberRecord | 'taken' | 'limit'> {
  return em.transactional(async (tx) => {
    await tenantSql(tx, tenantId, 'select id from tenants where id = :tenant for update');
    const [held] = await tenantSql<{ count: number }[]>(
      tx,
      tenantId,
      'select count(*)::int as count from phone_numbers where tenant_id = :tenant',
    );
    if (Number(held!.count) >= maxNumbers) return 'limit';
    const [row] = await tenantSql<{ id: string; e164: string; twilio_sid: string | null; created_at: Date }[]>(
      tx,
      tenantId,
      `insert into phone_numbers (tenant_id, e164) values (:tenant, ?) on conflict (e164) do nothing
       returning id, e164, twilio_sid, created_at`,
      [e164],
    );
    return row ? { id: row.id, tenantId, e164: row.e164, twilioSid: row.twilio_sid, createdAt: new Date(row.created_at) } : 'taken';
  });
}

/** The SID Twilio gave the reserved number; null when the business has no such number. */
export async function recordPhoneNumberSid(
  em: EntityManager,
  tenantId: string,
  id: string,
  twilioSid: string,
): Promise<PhoneNumberRecord | null> {
  const number = await em.findOne(PhoneNumber, { id, tenantId });
  if (!number) return null;
  number.twilioSid = twilioSid;
  await em.flush();
  return number;
}

export async function deletePhoneNumber(em: EntityManager, tenantId: string, id: string): Promise<void> {
  await em.nativeDelete(PhoneNumber, { id, tenantId });
}

/**
 * The demo's number, bought or re-attached by db/seed.ts: kept for the business with Twilio's
 * current SID (the sandbox emulator hands out new SIDs after a restart).
 */
export async function keepPhoneNumber(em: EntityManager, tenantId: string, e164: string, twilioSid: string): Promise<void> {
  await sql(
    em,
    `insert into phone_numbers (tenant_id, e164, twilio_sid) values (?, ?, ?)
     on conflict (e164) do update set twilio_sid = excluded.twilio_sid`,
    [tenantId, e164, twilioSid],
  );
}
