// The data layer of conversations, messages and calls (docs/decisions/0017-data-layer.md) against
// the stack's real PostgreSQL: a message is stored once and moves its conversation's activity
// forward only; a delivery status only moves forward, also when Twilio reports it before the send
// answered; a call is linked to the conversation it opened or arrived in; and every dashboard read
// is limited to its business.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openConversation } from '../../activities/conversations';
import { conversationCalls, linkOpeningCalls, recordOwnerAccepted, rememberCall, withheldMissedCalls } from '../../db/calls';
import { conversationFacts, findConversation, listConversations, markConversationRead } from '../../db/conversations';
import { LIVE_EVENTS_CHANNEL } from '../../db/live-events';
import { applyDeliveryReport, messagePage, storeMessage, type NewMessage } from '../../db/messages';
import { setOptOut } from '../../db/opt-outs';
import { initORM, type Orm } from '../../db/orm';
import { conversationWorkflowId } from '../../domain/conversation-id';
import { TenantScope } from '../../api/tenant-scope';
import { newCallerPhone, randomSid, stack, withDatabase } from '../support/stack';

let orm: Orm;
let tenantA: string;
let tenantB: string;

async function createTenant(name: string): Promise<string> {
  return withDatabase(async (db) => {
    const { rows } = await db.query(
      `insert into tenants (name, trade, timezone, owner_phone) values ($1, 'plumbing', 'America/Chicago', '+17375550100') returning id`,
      [name],
    );
    return rows[0].id as string;
  });
}

async function open(tenantId: string, callerPhone: string, call?: { callSid: string; dialStatus: string }) {
  const conversationId = randomUUID();
  const workflowId = conversationWorkflowId(tenantId, callerPhone);
  await openConversation(orm.em.fork(), {
    conversationId,
    workflowId,
    tenantId,
    callerPhone,
    businessPhone: '+15125550100',
    ...(call ? { call } : {}),
  });
  return conversationId;
}

const conversationRow = (id: string) =>
  withDatabase(async (db) => (await db.query('select * from conversations where id = $1', [id])).rows[0]);
const callRow = (callSid: string) =>
  withDatabase(async (db) => (await db.query('select * from calls where call_sid = $1', [callSid])).rows[0]);

function text(tenantId: string, conversationId: string, overrides: Partial<NewMessage> = {}): NewMessage {
  return {
    tenantId,
    conversationId,
    direction: 'inbound',
    author: 'caller',
    body: 'Is anyone there?',
    twilioSid: randomSid('SM'),
    status: 'received',
    numSegments: 1,
    ...overrides,
  };
}

beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 3 });
  tenantA = await createTenant('Data Layer Plumbing A');
  tenantB = await createTenant('Data Layer Plumbing B');
});
afterAll(async () => {
  await withDatabase((db) => db.query('delete from tenants where id = any($1)', [[tenantA, tenantB]]));
  await orm.close();
});

describe('storing a message', () => {
  test('once per SID; the conversation shows the latest activity, and a late message never moves it back', async () => {
    const conversationId = await open(tenantA, newCallerPhone());
    const first = text(tenantA, conversationId, { body: 'first', createdAt: '2026-11-29T10:00:05.000Z' });
    const stored = await orm.em.fork().transactional((tx) => storeMessage(tx, first));
    expect(stored).toMatchObject({ body: 'first', status: 'received', conversation_id: conversationId });
    expect(await orm.em.fork().transactional((tx) => storeMessage(tx, first))).toBeUndefined();

    const late = text(tenantA, conversationId, { body: 'stored late', createdAt: '2026-11-29T10:00:01.000Z' });
    await orm.em.fork().transactional((tx) => storeMessage(tx, late));
    const row = await conversationRow(conversationId);
    expect(new Date(row.last_message_at).toISOString()).toBe('2026-11-29T10:00:05.000Z');
    expect(row.last_message_preview).toBe('stored late');
    const count = await withDatabase(
      async (db) => (await db.query('select count(*)::int as n from messages where conversation_id = $1', [conversationId])).rows[0].n,
    );
    expect(count).toBe(2);
  });

  test('a delivery report that beat the send is applied when the text is stored; reports only move the status forward', async () => {
    const conversationId = await open(tenantA, newCallerPhone());
    const sid = randomSid('SM');
    // Twilio reported "sent" before its answer to our send reached us: nothing to apply it to yet.
    expect(await applyDeliveryReport(orm.em.fork(), { messageSid: sid, status: 'sent' })).toBeUndefined();
    const outbound = text(tenantA, conversationId, { direction: 'outbound', author: 'system', twilioSid: sid, status: 'queued' });
    const stored = await orm.em.fork().transactional((tx) => storeMessage(tx, outbound));
    expect(stored?.status).toBe('sent');
    expect(
      await withDatabase(async (db) => (await db.query('select 1 from early_message_statuses where twilio_sid = $1', [sid])).rowCount),
    ).toBe(0);

    expect(await applyDeliveryReport(orm.em.fork(), { messageSid: sid, status: 'undelivered', errorCode: 30003 })).toMatchObject({
      id: stored!.id,
      tenantId: tenantA,
      conversationId,
    });
    // Late and repeated reports change nothing.
    expect(await applyDeliveryReport(orm.em.fork(), { messageSid: sid, status: 'delivered' })).toBeUndefined();
    expect(await applyDeliveryReport(orm.em.fork(), { messageSid: sid, status: 'queued' })).toBeUndefined();
    const row = await withDatabase(
      async (db) => (await db.query('select status, error_code from messages where twilio_sid = $1', [sid])).rows[0],
    );
    expect(row).toEqual({ status: 'undelivered', error_code: 30003 });
  });
});

describe('the hot path in fewer round trips (docs/decisions/0019)', () => {
  test('a delivery report moved in one statement tells the dashboard with the same event as before (the payload is built in SQL)', async () => {
    const conversationId = await open(tenantA, newCallerPhone());
    const sid = randomSid('SM');
    const outbound = text(tenantA, conversationId, { direction: 'outbound', author: 'system', twilioSid: sid, status: 'queued' });
    const stored = await orm.em.fork().transactional((tx) => storeMessage(tx, outbound));
    const listener = new pg.Client({ connectionString: stack.databaseUrl });
    await listener.connect();
    const heard: unknown[] = [];
    listener.on('notification', (note) => heard.push(JSON.parse(note.payload!)));
    await listener.query(`listen ${LIVE_EVENTS_CHANNEL}`);
    try {
      await applyDeliveryReport(orm.em.fork(), { messageSid: sid, status: 'delivered' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ours = heard.filter((event) => (event as { data?: { messageId?: string } }).data?.messageId === stored!.id);
      expect(ours).toEqual([
        { tenantId: tenantA, name: 'message.status', data: { messageId: stored!.id, conversationId, status: 'delivered' } },
      ]);
    } finally {
      await listener.end();
    }
  });

  test('opening in one batch: settings and opt-out read, the provisional conversation adopted and removed, the row idempotent', async () => {
    const callerPhone = newCallerPhone();
    await setOptOut(orm.em.fork(), { tenantId: tenantA, callerPhone, optedOut: true });
    const provisional = await withDatabase(
      async (db) =>
        (
          await db.query(
            `insert into conversations (id, tenant_id, caller_phone, workflow_id, provisional) values (gen_random_uuid(), $1, $2, $3, true) returning id`,
            [tenantA, callerPhone, conversationWorkflowId(tenantA, callerPhone)],
          )
        ).rows[0].id as string,
    );
    const early = await orm.em.fork().transactional((tx) => storeMessage(tx, text(tenantA, provisional)));
    const input = {
      conversationId: randomUUID(),
      workflowId: conversationWorkflowId(tenantA, callerPhone),
      tenantId: tenantA,
      callerPhone,
      businessPhone: '+15125550100',
    };
    const opened = await openConversation(orm.em.fork(), input);
    expect(opened).toMatchObject({ optedOut: true, settings: { businessName: 'Data Layer Plumbing A', timeZone: 'America/Chicago' } });
    // A retried activity: the same row, nothing doubled.
    expect(await openConversation(orm.em.fork(), input)).toMatchObject({ optedOut: true });
    const rows = await withDatabase(
      async (db) =>
        (await db.query('select id, provisional from conversations where tenant_id = $1 and caller_phone = $2', [tenantA, callerPhone]))
          .rows,
    );
    expect(rows).toEqual([{ id: input.conversationId, provisional: false }]);
    const moved = await withDatabase(
      async (db) => (await db.query('select conversation_id from messages where id = $1', [early!.id])).rows[0],
    );
    expect(moved.conversation_id).toBe(input.conversationId);
  });
});

describe('calls belong to their conversation', () => {
  test('the missed call that opened it, and a later call while it is open; not a call of another conversation', async () => {
    const caller = newCallerPhone();
    const opening = randomSid('CA');
    await rememberCall(orm.em.fork(), {
      tenantId: tenantA,
      callSid: opening,
      callerPhone: caller,
      callerWithheld: false,
      businessPhone: '+15125550100',
      dialStatus: 'no-answer',
    });
    expect((await callRow(opening)).conversation_id).toBeNull();
    const conversationId = await open(tenantA, caller, { callSid: opening, dialStatus: 'no-answer' });
    expect((await callRow(opening)).conversation_id).toBe(conversationId);

    const later = randomSid('CA');
    await rememberCall(orm.em.fork(), {
      tenantId: tenantA,
      callSid: later,
      callerPhone: caller,
      callerWithheld: false,
      businessPhone: '+15125550100',
    });
    expect((await callRow(later)).conversation_id).toBe(conversationId);

    // The owner answered the later call: its dial result says so, and it stays in the conversation.
    expect(await recordOwnerAccepted(orm.em.fork(), later)).toBe(true);
    const dialled = { tenantId: tenantA, callSid: later, callerPhone: caller, callerWithheld: false, businessPhone: '+15125550100' };
    expect(await rememberCall(orm.em.fork(), { ...dialled, dialStatus: 'completed' })).toEqual({ ownerAccepted: true });

    const calls = await conversationCalls(orm.em.fork(), tenantA, conversationId);
    expect(calls.map((call) => [call.callSid, call.dialStatus, call.ownerAcceptedAt !== null])).toEqual([
      [opening, 'no-answer', false],
      [later, 'completed', true],
    ]);
    // Another business asking for the same conversation gets nothing.
    expect(await conversationCalls(orm.em.fork(), tenantB, conversationId)).toEqual([]);

    const [facts] = (
      await conversationFacts(orm.em.fork(), tenantA, { from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) })
    ).filter((row) => row.id === conversationId);
    expect(facts?.missed_call).toBe(true);
  });

  test('a retried open re-links the same call; a call stored while an earlier conversation was open moves to the one it opened', async () => {
    const caller = newCallerPhone();
    const earlier = await open(tenantA, caller);
    const callSid = randomSid('CA');
    await rememberCall(orm.em.fork(), {
      tenantId: tenantA,
      callSid,
      callerPhone: caller,
      callerWithheld: false,
      businessPhone: '+15125550100',
    });
    expect((await callRow(callSid)).conversation_id).toBe(earlier);
    // The earlier conversation was closing: the call opens the next one.
    const next = await open(tenantA, caller, { callSid, dialStatus: 'no-answer' });
    const tx = orm.em.fork();
    await linkOpeningCalls(tx, {
      tenantId: tenantA,
      callerPhone: caller,
      businessPhone: '+15125550100',
      conversationId: next,
      call: { callSid, dialStatus: 'no-answer' },
    });
    expect((await callRow(callSid)).conversation_id).toBe(next);
    expect((await conversationRow(earlier)).closed_at).not.toBeNull();
  });

  test('a withheld caller is never linked; their missed call is listed for their business only', async () => {
    const callSid = randomSid('CA');
    await rememberCall(orm.em.fork(), {
      tenantId: tenantA,
      callSid,
      callerPhone: 'anonymous',
      callerWithheld: true,
      businessPhone: '+15125550100',
    });
    // The dial result arrives in a second webhook: the status is added, the owner had not accepted.
    const result = { tenantId: tenantA, callSid, callerPhone: 'anonymous', callerWithheld: true, businessPhone: '+15125550100' };
    expect(await rememberCall(orm.em.fork(), { ...result, dialStatus: 'not-accepted' })).toEqual({ ownerAccepted: false });
    expect((await callRow(callSid)).dial_status).toBe('not-accepted');
    expect((await callRow(callSid)).conversation_id).toBeNull();
    expect((await withheldMissedCalls(orm.em.fork(), tenantA, 50)).map((call) => call.callSid)).toContain(callSid);
    expect((await withheldMissedCalls(orm.em.fork(), tenantB, 50)).map((call) => call.callSid)).not.toContain(callSid);
  });
});

describe('dashboard reads are limited to their business', () => {
  test('another business cannot find, list, read or page a conversation', async () => {
    const caller = newCallerPhone();
    const conversationId = await open(tenantA, caller);
    const stored = await orm.em.fork().transactional((tx) => storeMessage(tx, text(tenantA, conversationId)));
    const em = orm.em.fork();

    expect(await findConversation(em, tenantA, conversationId)).toMatchObject({ id: conversationId, unread_count: 1 });
    expect(await findConversation(em, tenantB, conversationId)).toBeUndefined();
    expect((await listConversations(em, tenantB, { limit: 100 })).items.map((item) => item.id)).not.toContain(conversationId);
    expect((await listConversations(em, tenantA, { limit: 100, q: caller.slice(-4) })).items.map((item) => item.id)).toContain(
      conversationId,
    );

    expect(await markConversationRead(em, tenantB, conversationId)).toBe(false);
    expect((await findConversation(em, tenantA, conversationId))?.unread_count).toBe(1);
    expect(await markConversationRead(em, tenantA, conversationId)).toBe(true);
    expect((await findConversation(orm.em.fork(), tenantA, conversationId))?.unread_count).toBe(0);

    expect(await messagePage(em, tenantB, conversationId, { limit: 10 })).toEqual({ messages: [], nextCursor: null });
    expect(await messagePage(em, tenantB, conversationId, { before: stored!.id, limit: 10 })).toEqual({ invalidCursor: true });
    const page = await messagePage(em, tenantA, conversationId, { limit: 10 });
    expect('messages' in page && page.messages.map((message) => message.id)).toEqual([stored!.id]);
  });

  test("through the scope: another business's conversation and voicemail are not found", async () => {
    const caller = newCallerPhone();
    const callSid = randomSid('CA');
    await rememberCall(orm.em.fork(), {
      tenantId: tenantA,
      callSid,
      callerPhone: caller,
      callerWithheld: false,
      businessPhone: '+15125550100',
    });
    const conversationId = await open(tenantA, caller, { callSid, dialStatus: 'no-answer' });
    await withDatabase((db) => db.query(`update calls set recording_url = 'https://api.twilio.test/rec' where call_sid = $1`, [callSid]));
    const { id: callId } = await callRow(callSid);

    const scopeA = new TenantScope(orm.em.fork(), { tenantId: tenantA });
    const scopeB = new TenantScope(orm.em.fork(), { tenantId: tenantB });
    expect(await scopeA.callRecordingUrl(callId)).toBe('https://api.twilio.test/rec');
    expect(await scopeB.callRecordingUrl(callId)).toBeUndefined();
    const calls = await scopeA.conversationCalls(conversationId, (id) => `/voicemail/${id}`);
    expect(calls).toEqual([
      expect.objectContaining({
        callSid,
        ownerAccepted: false,
        voicemail: { url: `/voicemail/${callId}`, durationSeconds: null, transcription: null },
      }),
    ]);
    await expect(scopeB.conversation(conversationId)).rejects.toThrow(/not found/);
    await expect(scopeB.messages(conversationId, { limit: 5 })).rejects.toThrow(/not found/);
    await expect(scopeB.markConversationRead(conversationId)).rejects.toThrow(/not found/);
  });
});
