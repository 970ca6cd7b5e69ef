// Owner alerts follow the owner's notification preferences: SMS to the phone they chose, or no
// SMS at all (the dashboard still shows the alert) — except emergencies, which always go out.
import { callerTexts, createBusiness, eventually, newCallerPhone, textsTo, waitForTexts, withDatabase } from '../support/stack';

async function businessWithOwner(notifications: Record<string, unknown>, ownerPhone: string) {
  const business = await createBusiness({ name: 'Alert Test Plumbing', ownerPhone });
  await withDatabase((db) =>
    db.query(`insert into users (tenant_id, email, password_hash, notifications) values ($1, $2, 'not-a-hash', $3)`, [
      business.tenantId,
      `owner-${business.tenantId}@alerts.test`,
      JSON.stringify(notifications),
    ]),
  );
  return business;
}

const alertsOf = (tenantId: string) =>
  withDatabase(async (db) => (await db.query('select kind, twilio_sid from alerts where tenant_id = $1', [tenantId])).rows);

test('SMS alerts go to the phone the owner chose, not the business owner phone', async () => {
  const alertPhone = newCallerPhone();
  const ownerPhone = newCallerPhone();
  const business = await businessWithOwner({ alertPhone }, ownerPhone);
  await callerTexts(newCallerPhone(), 'I smell gas in the basement', business.businessNumber);
  const [alert] = await waitForTexts(alertPhone, 1);
  expect(alert!.body).toMatch(/EMERGENCY/);
  expect(await textsTo(ownerPhone)).toEqual([]);
});

test('with SMS alerts off, a handoff is only on the dashboard, but an emergency is still texted', async () => {
  const ownerPhone = newCallerPhone();
  const business = await businessWithOwner({ smsAlerts: false }, ownerPhone);
  await callerTexts(newCallerPhone(), 'I need to reschedule my appointment', business.businessNumber);
  const [handoff] = await eventually(async () => {
    const rows = await alertsOf(business.tenantId);
    return rows.length ? rows : undefined;
  });
  expect(handoff).toEqual({ kind: 'handoff', twilio_sid: null });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await textsTo(ownerPhone)).toEqual([]);

  await callerTexts(newCallerPhone(), 'water is pouring from the ceiling, a pipe burst', business.businessNumber);
  const [emergency] = await waitForTexts(ownerPhone, 1);
  expect(emergency!.body).toMatch(/EMERGENCY/);
});
