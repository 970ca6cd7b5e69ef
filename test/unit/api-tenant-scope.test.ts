// Tenant isolation has one gate: the TenantScope. These tests hold the gate shut: a statement that
// does not name :tenant never runs, the business comes from the scope (not from the caller), and
// no route handler can reach the database or a workflow except through a scope.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { TenantScope } from '../../api/tenant-scope';
import type { EntityManager } from '@mikro-orm/postgresql';

const executed: { query: string; params: unknown[] }[] = [];
// The db modules reach PostgreSQL by SQL or through entities; an entity call counts as a statement
// whose parameters are the values of its filter, so it too must name the business.
const entityCall =
  <T>(method: string, answer: T) =>
  (entity: { meta?: { className?: string } }, where: Record<string, unknown>) => {
    executed.push({ query: `${method} ${entity.meta?.className ?? '?'}`, params: Object.values(where) });
    return Promise.resolve(answer);
  };
const em = {
  getConnection: () => ({
    execute: (query: string, params: unknown[]) => {
      executed.push({ query, params });
      return Promise.resolve([]);
    },
  }),
  getTransactionContext: () => undefined,
  find: entityCall('find', []),
  findOne: entityCall('findOne', null),
  nativeUpdate: entityCall('nativeUpdate', 0),
  nativeDelete: entityCall('nativeDelete', 0),
} as unknown as EntityManager;
const tenantId = randomUUID();
const scope = new TenantScope(em, { tenantId, userId: randomUUID() });
const run = (query: string, params: unknown[] = []) =>
  (scope as unknown as { sql(q: string, p: unknown[]): Promise<unknown> }).sql(query, params);

beforeEach(() => {
  executed.length = 0;
});

test('a statement that does not name :tenant is refused before it reaches the database', async () => {
  await expect(run('select * from conversations where id = ?', ['x'])).rejects.toThrow(/limited to :tenant/);
  await expect(run('select * from conversations where tenant_id = ?', [randomUUID()])).rejects.toThrow(/limited to :tenant/);
  expect(executed).toEqual([]);
});

test('the scope binds its own business wherever :tenant appears, in order with the other parameters', async () => {
  await run('select 1 from a where x = ? and tenant_id = :tenant and y = ? and z in (select z from b where tenant_id = :tenant)', [
    'x',
    'y',
  ]);
  expect(executed).toEqual([
    {
      query: 'select 1 from a where x = ? and tenant_id = ? and y = ? and z in (select z from b where tenant_id = ?)',
      params: ['x', tenantId, 'y', tenantId],
    },
  ]);
});

test('too few or too many parameters are a programming error, not a silently shifted query', async () => {
  await expect(run('select 1 from a where tenant_id = :tenant and x = ?', [])).rejects.toThrow(/fewer parameters/);
  await expect(run('select 1 from a where tenant_id = :tenant', ['extra'])).rejects.toThrow(/more parameters/);
  expect(executed).toEqual([]);
});

test('every statement the scope itself runs names :tenant (a scope method that forgot would throw)', async () => {
  const id = randomUUID();
  await Promise.allSettled([
    scope.ownerAccount(),
    scope.phoneNumbers(),
    scope.phoneNumber(id),
    scope.listConversations({ limit: 10, q: '512', status: 'new', mode: 'ai', cursor: { activityUs: '1', id } }),
    scope.conversation(id),
    scope.conversationCalls(id, () => 'x'),
    scope.withheldMissedCalls(5, () => 'x'),
    scope.callRecordingUrl(id),
    scope.conversationAiUsage(id),
    scope.conversationAppointment(id),
    scope.markConversationRead(id),
    scope.appointments({ from: new Date(), to: new Date() }),
    scope.calendarToken(),
    scope.rotateCalendarToken(),
    scope.conversationFacts({ from: new Date(), to: new Date() }),
    scope.missedCallFacts({ from: new Date(), to: new Date() }),
    scope.aiUsageByDay({ from: new Date(), to: new Date() }, 'UTC'),
    scope.alerts({ unread: true, limit: 5 }),
    scope.markAlertRead(id),
    scope.updateOwner({ name: 'x' }),
    scope.updateBusiness({ name: 'x' }),
    scope.markOnboarded(),
    scope.patchSettings({}),
    scope.conversationSettings(),
    scope.claimPhoneNumber('+15125550123', 3),
    scope.countUse('number_search', 3600),
    scope.recordPhoneNumberSid(id, 'PN123'),
    scope.deletePhoneNumber(id),
    scope.recordActivity('sign_in'),
    scope.recentActivity(5),
    scope.recentOutboundTexts(),
    scope.recentAssistantTurns(),
    scope.calendarConnections(),
    scope.calendarConnection(id),
    scope.calendarOAuthState('google'),
    scope.saveCalendarConnection({ provider: 'google', account: 'a', refreshTokenSealed: 'v1.x', calendars: [] }),
    scope.chooseCalendars(id, { busyCalendarIds: [], bookingCalendarId: 'c' }),
    scope.disconnectCalendar(id),
    scope.calendarAlert(id),
  ]);
  expect(executed.length).toBeGreaterThanOrEqual(36);
  for (const { params } of executed) expect(params).toContain(tenantId);
});

test('a workflow id of another business is never handed out, even when asked by id', () => {
  const withTemporal = new TenantScope(em, { tenantId }, { workflow: { getHandle: (workflowId: string) => ({ workflowId }) } } as never);
  expect(() => withTemporal.workflowHandle(`conversation/${randomUUID()}/+15125550123`)).toThrow(/not found/);
  expect(withTemporal.workflowHandle(`conversation/${tenantId}/+15125550123`)).toEqual({
    workflowId: `conversation/${tenantId}/+15125550123`,
  });
});

describe('route handlers reach data only through the scope', () => {
  const routesDir = path.resolve(__dirname, '../../api/routes');
  const files = readdirSync(routesDir).filter((file) => file.endsWith('.ts'));

  test.each(files)('api/routes/%s imports no database or Temporal access and builds no workflow handle', (file) => {
    const source = readFileSync(path.join(routesDir, file), 'utf8');
    expect(source).not.toMatch(/from ['"][./]*db\/(sql|orm)['"]/);
    expect(source).not.toMatch(/@mikro-orm|from ['"]pg['"]|@temporalio\/client/);
    expect(source).not.toMatch(/\borm\.em\b|\.getConnection\(|\.getHandle\(|conversationWorkflowId/);
  });

  test('the conversation commands get workflow handles only from the scope', () => {
    const source = readFileSync(path.resolve(__dirname, '../../api/conversation-commands.ts'), 'utf8');
    expect(source).not.toMatch(/\.getHandle\(|conversationWorkflowId|from ['"][./]*db\//);
    expect(source).toMatch(/scope\.conversationWorkflow\(/);
  });
});
