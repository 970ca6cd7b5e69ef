// The owner changes conversation timings; running conversations re-plan at once, and bad input
// changes nothing.
import { Client, Connection } from '@temporalio/client';
import { conversationWorkflowId } from '../../domain/conversation-id';
import { stateQuery } from '../../contracts/conversation-workflow';
import { eventually, login, missedCallFrom, newCallerPhone, stack, withDatabase } from '../support/stack';

const DEFAULTS = { nudgeAfterMinutes: 120, unresponsiveAfterHours: 24, takeoverIdleAlertMinutes: 10, reminderOffsetsHours: [24, 1] };
let token: string;
let temporal: Client;

beforeAll(async () => {
  token = await login();
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
});
afterAll(async () => {
  await patch(DEFAULTS);
  await temporal.connection.close();
});

function patch(body: unknown, raw?: string) {
  return fetch(`${stack.apiUrl}/api/settings/conversation-timings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: raw ?? JSON.stringify(body),
  });
}
const storedSettings = () =>
  withDatabase(
    async (db) => (await db.query('select settings from tenants where id = $1', [stack.demo.tenantId])).rows[0].settings as unknown,
  );

test('a shorter unresponsive timeout reaches a conversation that is already running', async () => {
  const caller = newCallerPhone();
  await missedCallFrom(caller);
  const handle = temporal.workflow.getHandle(conversationWorkflowId(stack.demo.tenantId, caller));
  const before = await eventually(
    async () => {
      const state = await handle.query(stateQuery).catch(() => undefined);
      return state?.timers.unresponsiveAt ? state : undefined;
    },
    { what: 'the running conversation with its timers' },
  );

  const response = await patch({ unresponsiveAfterHours: 2 });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { unresponsiveAfterHours: number; conversationsUpdated: number };
  expect(body).toMatchObject({ ...DEFAULTS, unresponsiveAfterHours: 2 });
  expect(body.conversationsUpdated).toBeGreaterThanOrEqual(1);

  const after = await eventually(
    async () => {
      const state = await handle.query(stateQuery);
      return state.timers.unresponsiveAt !== before.timers.unresponsiveAt ? state : undefined;
    },
    { what: 'the conversation to re-plan its timers' },
  );
  expect(Date.parse(before.timers.unresponsiveAt!) - Date.parse(after.timers.unresponsiveAt!)).toBe(22 * 3600_000);
});

test.each([
  ['an empty change', {}, undefined],
  ['a negative delay', { nudgeAfterMinutes: -5 }, undefined],
  ['a string for a number', { takeoverIdleAlertMinutes: 'ten' }, undefined],
  ['an unknown setting', { nudgeAfterMinutes: 30, sendAtNight: true }, undefined],
  ['too many reminders', { reminderOffsetsHours: [1, 2, 3, 4, 5] }, undefined],
  ['broken JSON', undefined, '{"nudgeAfterMinutes": 3'],
])('%s gets a 400 naming the problem and changes nothing', async (_what, body, raw) => {
  const before = await storedSettings();
  const response = await patch(body, raw);
  expect(response.status).toBe(400);
  const error = ((await response.json()) as { error: { code: string; message: string } }).error;
  expect(error.message.length).toBeGreaterThan(5);
  expect(await storedSettings()).toEqual(before);
});

test('without a valid session the settings are neither read nor changed', async () => {
  const before = await storedSettings();
  const response = await fetch(`${stack.apiUrl}/api/settings/conversation-timings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: 'Bearer forged.token.value' },
    body: JSON.stringify({ nudgeAfterMinutes: 30 }),
  });
  expect(response.status).toBe(401);
  expect(await storedSettings()).toEqual(before);
});
