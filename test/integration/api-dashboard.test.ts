// The dashboard's REST api end to end on the shared stack (its own api process, worker, Temporal,
// emulator): a business with two missed calls reads its inbox, filters and pages it, texts a caller
// as the owner (once, however often the browser retries), sets lead statuses within the rules,
// books and cancels from the dashboard, changes its settings and profile, and reads its KPIs,
// alerts, calendar feed and the sandbox phone.
import { randomUUID } from 'node:crypto';
import { businessWithMissedCall, type BusinessWithCall } from '../support/api-business';
import { call } from '../support/api-client';
import { callerTexts, eventually, newCallerPhone, sandboxJson, stack, textsTo, withDatabase } from '../support/stack';

interface Item {
  id: string;
  callerPhone: string;
  callerName: string | null;
  leadStatus: string;
  mode: string;
  unreadCount: number;
  offline: boolean;
  createdAt: string;
  lastMessageAt: string | null;
}
interface Message {
  id: string;
  author: string;
  direction: string;
  body: string;
}

let business: BusinessWithCall;
let token: string;
let second: { caller: string; conversationId: string };
const api = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  call<T>(stack.apiUrl, method, path, { token, ...(body !== undefined ? { body } : {}) });
const list = async (query = '') =>
  (await api<{ conversations: Item[]; nextCursor: string | null }>('GET', `/api/conversations${query}`)).body;

beforeAll(async () => {
  business = await businessWithMissedCall();
  token = business.owner.accessToken;
  const caller = newCallerPhone();
  await sandboxJson('/sandbox/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: caller, to: business.businessNumber.e164, owner: 'no-answer' }),
  });
  const conversationId = await eventually(async () => (await list()).conversations.find((item) => item.callerPhone === caller)?.id, {
    what: 'the second conversation',
  });
  second = { caller, conversationId };
  await callerTexts(business.caller, 'Hi, this is Dana. My water heater is leaking.', business.businessNumber.e164);
  await eventually(
    async () => ((await list()).conversations.find((item) => item.id === business.conversationId)?.unreadCount ?? 0) > 0 || undefined,
    { what: "the caller's text in the inbox" },
  );
});

describe('the inbox', () => {
  test('lists the business’s conversations, newest activity first, with who is calling and what is unread', async () => {
    const { conversations, nextCursor } = await list();
    expect(conversations.map((item) => item.id).sort()).toEqual([business.conversationId, second.conversationId].sort());
    const activity = conversations.map((item) => Date.parse(item.lastMessageAt ?? item.createdAt));
    expect(activity).toEqual([...activity].sort((x, y) => y - x));
    expect(conversations.find((item) => item.id === business.conversationId)).toMatchObject({
      callerPhone: business.caller,
      mode: 'ai',
      unreadCount: 1,
      offline: expect.any(Boolean),
    });
    expect(nextCursor).toBeNull();
  });

  test('filters by status and mode, and searches by a fragment of the caller’s number', async () => {
    const newOnes = await list('?status=new');
    expect(newOnes.conversations.map((item) => item.id)).toContain(second.conversationId);
    expect(newOnes.conversations.every((item) => item.leadStatus === 'new')).toBe(true);
    expect((await list('?mode=human')).conversations).toEqual([]);
    expect((await list(`?q=${encodeURIComponent(second.caller.slice(-5))}`)).conversations.map((item) => item.id)).toEqual([
      second.conversationId,
    ]);
    expect((await list('?q=nobody-has-this-name')).conversations).toEqual([]);
    expect((await api('GET', '/api/conversations?status=maybe')).status).toBe(400);
  });

  test('pages with a cursor, and refuses a cursor it did not make', async () => {
    const first = await list('?limit=1');
    expect(first.conversations).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await list(`?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(rest.conversations).toHaveLength(1);
    expect(rest.conversations[0]!.id).not.toBe(first.conversations[0]!.id);
    expect(rest.nextCursor).toBeNull();
    const forged = await api('GET', '/api/conversations?cursor=not-a-cursor');
    expect([forged.status, (forged.body as { error: { code: string } }).error.code]).toEqual([400, 'invalid_cursor']);
  });

  test('a conversation the sandbox’s offline assistant answered says so, with its AI usage', async () => {
    const detail = await eventually(
      async () => {
        const answer = await api<{ conversation: { offline: boolean; aiUsage: { turns: number; model: string | null } } }>(
          'GET',
          `/api/conversations/${business.conversationId}`,
        );
        return answer.body.conversation.aiUsage.turns > 0 ? answer.body.conversation : undefined;
      },
      { what: 'an assistant turn' },
    );
    expect(detail).toMatchObject({ offline: true, aiUsage: { model: 'nmc-offline-rules' } });
    expect((await list()).conversations.find((item) => item.id === business.conversationId)?.offline).toBe(true);
  });

  test('one conversation shows its lead, the missed call and the AI usage', async () => {
    const { body } = await api<{ conversation: Record<string, unknown> & { calls: Record<string, unknown>[] } }>(
      'GET',
      `/api/conversations/${second.conversationId}`,
    );
    expect(body.conversation).toMatchObject({
      id: second.conversationId,
      callerPhone: second.caller,
      lead: expect.any(Object),
      appointment: null,
      aiUsage: { turns: expect.any(Number), promptTokens: expect.any(Number), completionTokens: expect.any(Number) },
    });
    expect(body.conversation.calls).toEqual([expect.objectContaining({ callSid: expect.stringMatching(/^CA/), ownerAccepted: false })]);
  });

  test('messages come oldest first, a page at a time; reading the conversation clears its unread count', async () => {
    type Page = { messages: Message[]; nextCursor: string | null };
    const path = `/api/conversations/${business.conversationId}/messages`;
    const newest = (await api<Page>('GET', `${path}?limit=1`)).body;
    expect(newest.messages).toHaveLength(1);
    expect(newest.nextCursor).toBe(newest.messages[0]!.id);
    const older = (await api<Page>('GET', `${path}?before=${newest.nextCursor}`)).body;
    expect(older.messages.length).toBeGreaterThanOrEqual(1);
    expect(older.messages[0]!.direction).toBe('outbound'); // the text-back came first
    expect(older.nextCursor).toBeNull();
    // The pages join up into the whole thread, oldest first (later messages may have arrived since).
    const all = (await api<Page>('GET', path)).body.messages.map((message) => message.id);
    expect(all.slice(0, older.messages.length + 1)).toEqual([...older.messages.map((message) => message.id), newest.messages[0]!.id]);
    const unknown = await api<{ error: { code: string } }>('GET', `${path}?before=${randomUUID()}`);
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'invalid_cursor']);

    expect((await api('POST', `/api/conversations/${business.conversationId}/read`)).status).toBe(204);
    expect((await list()).conversations.find((item) => item.id === business.conversationId)!.unreadCount).toBe(0);
  });
});

describe('the owner acts through the conversation workflow', () => {
  test('an owner text takes over and goes out once, even when the browser sends it twice', async () => {
    const clientId = randomUUID();
    const text = `On my way in 20 minutes (${clientId.slice(0, 6)})`;
    const first = await api<{ message: Message }>('POST', `/api/conversations/${business.conversationId}/messages`, {
      body: text,
      clientId,
    });
    expect(first.status).toBe(201);
    expect(first.body.message).toMatchObject({ author: 'owner', direction: 'outbound', body: text });
    const retry = await api<{ message: Message }>('POST', `/api/conversations/${business.conversationId}/messages`, {
      body: text,
      clientId,
    });
    expect(retry.status).toBe(201);
    expect(retry.body.message.id).toBe(first.body.message.id);
    const received = await eventually(async () => {
      const texts = (await textsTo(business.caller)).filter((message) => message.body === text);
      return texts.length ? texts : undefined;
    });
    expect(received).toHaveLength(1);
    expect((await list('?mode=human')).conversations.map((item) => item.id)).toEqual([business.conversationId]);

    expect((await api('POST', `/api/conversations/${business.conversationId}/handback`)).status).toBe(202);
    await eventually(async () =>
      (await list('?mode=ai')).conversations.some((item) => item.id === business.conversationId) ? true : undefined,
    );
  });

  test.each<[string, unknown, number, string]>([
    ['an empty text', { body: '   ', clientId: randomUUID() }, 400, 'invalid_request'],
    ['a text over 1,600 characters', { body: 'x'.repeat(1601), clientId: randomUUID() }, 400, 'invalid_request'],
    ['a text without its client id', { body: 'hello' }, 400, 'invalid_request'],
  ])('%s is refused before it reaches the caller', async (_what, body, status, code) => {
    const answer = await api<{ error: { code: string } }>('POST', `/api/conversations/${business.conversationId}/messages`, body);
    expect([answer.status, answer.body.error.code]).toEqual([status, code]);
  });

  test.each<[string, number, string]>([
    ['booked', 422, 'lead_status_not_allowed'],
    ['opted_out', 422, 'lead_status_not_allowed'],
    ['new', 409, 'lead_status_conflict'],
  ])('setting the lead status to %s by hand is refused (%d) with the reason', async (status, code, errorCode) => {
    const answer = await api<{ error: { code: string; message: string } }>(
      'PUT',
      `/api/conversations/${second.conversationId}/lead-status`,
      { status },
    );
    expect([answer.status, answer.body.error.code]).toEqual([code, errorCode]);
    expect(answer.body.error.message.length).toBeGreaterThan(10);
  });

  test('booking from the dashboard: a free slot is booked, shown, in the calendar feed, then cancelled', async () => {
    const { slots } = (await api<{ slots: { start: string; end: string }[] }>('GET', '/api/appointments/free-slots?limit=3')).body;
    expect(slots.length).toBeGreaterThan(0);
    const booked = await api<{ appointment: { id: string; start: string } }>(
      'POST',
      `/api/conversations/${second.conversationId}/appointment`,
      { start: slots[0]!.start },
    );
    expect(booked.status).toBe(201);
    expect(booked.body.appointment.start).toBe(slots[0]!.start);

    const appointments = (await api<{ appointments: { id: string; callerPhone: string; status: string }[] }>('GET', '/api/appointments'))
      .body.appointments;
    expect(appointments).toEqual([
      expect.objectContaining({ id: booked.body.appointment.id, callerPhone: second.caller, status: 'booked' }),
    ]);
    const detail = (
      await api<{ conversation: { appointment: { id: string } | null } }>('GET', `/api/conversations/${second.conversationId}`)
    ).body;
    expect(detail.conversation.appointment?.id).toBe(booked.body.appointment.id);

    const { icsUrl } = (await api<{ icsUrl: string }>('GET', '/api/calendar')).body;
    expect(icsUrl.startsWith(`${stack.apiUrl}/api/calendar/`)).toBe(true);
    const feed = await fetch(icsUrl);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    expect(await feed.text()).toContain(`UID:${booked.body.appointment.id}@nevermisscall`);

    const taken = await api<{ error: { code: string } }>('POST', `/api/conversations/${business.conversationId}/appointment`, {
      start: slots[0]!.start,
    });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'slot_unavailable']);
    const past = await api<{ error: { code: string } }>('POST', `/api/conversations/${business.conversationId}/appointment`, {
      start: '2020-01-01T10:00:00Z',
    });
    expect([past.status, past.body.error.code]).toEqual([422, 'invalid_slot']);

    expect((await api('DELETE', `/api/conversations/${second.conversationId}/appointment`)).status).toBe(204);
    const again = await api<{ error: { code: string } }>('DELETE', `/api/conversations/${second.conversationId}/appointment`);
    expect([again.status, again.body.error.code]).toEqual([409, 'no_appointment']);
  });

  test('a calendar feed URL can be replaced; the old one then opens nothing', async () => {
    const before = (await api<{ icsUrl: string }>('GET', '/api/calendar')).body.icsUrl;
    const after = (await api<{ icsUrl: string }>('POST', '/api/calendar/rotate')).body.icsUrl;
    expect(after).not.toBe(before);
    expect((await fetch(before)).status).toBe(404);
    expect((await fetch(after)).status).toBe(200);
  });

  test('marking a lead lost ends the conversation; acting on it afterwards is a 409', async () => {
    const lost = await api('PUT', `/api/conversations/${second.conversationId}/lead-status`, { status: 'lost' });
    expect([lost.status, lost.body]).toEqual([200, { conversationId: second.conversationId, leadStatus: 'lost' }]);
    await eventually(
      async () => ((await list('?status=lost')).conversations.some((item) => item.id === second.conversationId) ? true : undefined),
      {
        what: 'the lead to be lost',
      },
    );
    await eventually(
      () =>
        withDatabase(async (db) =>
          (await db.query('select closed_at from conversations where id = $1', [second.conversationId])).rows[0].closed_at
            ? true
            : undefined,
        ),
      { what: 'the conversation to close' },
    );
    const late = await api<{ error: { code: string } }>('POST', `/api/conversations/${second.conversationId}/takeover`);
    expect([late.status, late.body.error.code]).toEqual([409, 'conversation_closed']);
  });
});

describe('settings, profile and preferences', () => {
  test('settings merge field by field and reach the running conversations', async () => {
    const defaults = (await api<Record<string, Record<string, unknown>>>('GET', '/api/settings')).body;
    expect(defaults.calls).toEqual({ forwardToOwner: true, ringTimeoutSeconds: 20, textBackDelayMs: 0 });
    const changed = await api<Record<string, Record<string, unknown>> & { conversationsUpdated: number }>('PATCH', '/api/settings', {
      calls: { textBackDelayMs: 30_000 },
      appointments: { slotMinutes: 90 },
      timings: { nudgeAfterMs: 3_600_000 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.calls).toEqual({ forwardToOwner: true, ringTimeoutSeconds: 20, textBackDelayMs: 30_000 });
    expect(changed.body.appointments).toMatchObject({ slotMinutes: 90, bufferMinutes: defaults.appointments!.bufferMinutes });
    expect(changed.body.timings).toMatchObject({ nudgeAfterMs: 3_600_000, unresponsiveAfterMs: defaults.timings!.unresponsiveAfterMs });
    expect(changed.body.conversationsUpdated).toBeGreaterThanOrEqual(1);
    // The older minutes-and-hours view reads the same values.
    expect((await api('GET', '/api/settings/conversation-timings')).body).toMatchObject({ nudgeAfterMinutes: 60 });
  });

  test('hours with overlapping spans are refused with the reason, and nothing changes', async () => {
    const before = (await api('GET', '/api/settings')).body;
    const weekly = {
      mon: [
        { open: '08:00', close: '12:00' },
        { open: '11:00', close: '17:00' },
      ],
      tue: [],
      wed: [],
      thu: [],
      fri: [],
      sat: [],
      sun: [],
    };
    const answer = await api<{ error: { code: string; message: string } }>('PATCH', '/api/settings', { hours: { weekly } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('overlap');
    expect((await api('GET', '/api/settings')).body).toEqual(before);
    const closedMonday = await api<{ hours: { weekly: Record<string, unknown[]>; overrides: unknown[] } }>('PATCH', '/api/settings', {
      hours: { weekly: { ...weekly, mon: [] }, overrides: [{ date: '2026-12-25', closed: true, reason: 'Christmas' }] },
    });
    expect(closedMonday.status).toBe(200);
    expect(closedMonday.body.hours.overrides).toEqual([{ date: '2026-12-25', closed: true, reason: 'Christmas' }]);
  });

  test('the business profile and the owner’s preferences', async () => {
    const profile = {
      jobsTaken: ['water heaters', 'drains'],
      serviceArea: { description: 'Austin and around', zipCodes: ['78701'], cities: ['Austin'] },
      priceBook: [{ service: 'Drain cleaning', price: '$149' }],
    };
    const patched = await api<{ timeZone: string; profile: Record<string, unknown> }>('PATCH', '/api/business', {
      timeZone: 'America/New_York',
      profile,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.timeZone).toBe('America/New_York');
    expect(patched.body.profile).toMatchObject({ ...profile, jobsDeclined: [], tone: 'friendly' });

    const me = await api<{ user: Record<string, unknown>; business: Record<string, unknown> }>('PATCH', '/api/me', {
      name: 'Dana Owner',
      notifications: { smsAlerts: false, alertPhone: '(512) 555-0199' },
    });
    expect(me.body.user).toMatchObject({ name: 'Dana Owner', notifications: { smsAlerts: false, alertPhone: '+15125550199' } });
    expect(me.body.business).toMatchObject({ timeZone: 'America/New_York', phoneNumber: business.businessNumber.e164, onboarded: false });
    const bad = await api<{ error: { code: string; message: string } }>('PATCH', '/api/me', {
      notifications: { alertPhone: 'call me maybe' },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_phone_number']);
    expect(bad.body.error.message).toContain('alertPhone');

    expect((await api('POST', '/api/business/onboarded')).status).toBe(204);
    expect((await api<{ business: { onboarded: boolean } }>('GET', '/api/me')).body.business.onboarded).toBe(true);
  });
});

describe('KPIs and alerts', () => {
  test('the funnel, time to first text, leads by status and AI usage', async () => {
    const kpis = await eventually(async () => {
      const answer = await api<{
        funnel: Record<string, number>;
        leadsByStatus: Record<string, number>;
        timeToFirstText: { medianMs: number | null; p90Ms: number | null; calls: number; byDay: unknown[] };
        aiUsage: { byDay: { date: string; turns: number; promptTokens: number; completionTokens: number }[] };
      }>('GET', '/api/kpis');
      return (answer.body.funnel.replied ?? 0) >= 1 ? answer.body : undefined;
    });
    expect(kpis.funnel).toMatchObject({ missed: 2, texted: 2, replied: 1 });
    expect(Object.values(kpis.leadsByStatus).reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(kpis.timeToFirstText.calls).toBe(2);
    expect(kpis.timeToFirstText.medianMs).toEqual(expect.any(Number));
    expect(kpis.timeToFirstText.medianMs!).toBeLessThan(30_000);
    expect(kpis.timeToFirstText.byDay).toHaveLength(1);
    // The caller's reply was answered by the (offline) assistant today: one day, its turns and tokens summed.
    expect(kpis.aiUsage.byDay).toEqual([
      {
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        turns: expect.any(Number),
        promptTokens: expect.any(Number),
        completionTokens: expect.any(Number),
      },
    ]);
    expect(kpis.aiUsage.byDay[0]!.turns).toBeGreaterThanOrEqual(1);
    expect(kpis.aiUsage.byDay[0]!.promptTokens).toBeGreaterThan(0);
    const backwards = await api('GET', `/api/kpis?from=${new Date().toISOString()}&to=2020-01-01T00:00:00Z`);
    expect(backwards.status).toBe(400);
  });

  test('alerts list newest first; read ones leave the unread list', async () => {
    const [alert] = await withDatabase(
      async (db) =>
        (
          await db.query(
            `insert into alerts (tenant_id, kind, body, workflow_id, seq) values ($1, 'qualified', 'Dana is qualified', $2, 1) returning id`,
            [business.owner.business.id, `test/${randomUUID()}`],
          )
        ).rows,
    );
    const unread = (await api<{ alerts: { id: string; readAt: string | null }[] }>('GET', '/api/alerts?unread=true')).body.alerts;
    expect(unread).toContainEqual(expect.objectContaining({ id: alert.id, readAt: null }));
    expect((await api('POST', `/api/alerts/${alert.id}/read`)).status).toBe(204);
    expect((await api<{ alerts: { id: string }[] }>('GET', '/api/alerts?unread=true')).body.alerts.map((item) => item.id)).not.toContain(
      alert.id,
    );
    expect(
      (await api<{ alerts: { id: string; readAt: string }[] }>('GET', '/api/alerts')).body.alerts.find((item) => item.id === alert.id)
        ?.readAt,
    ).toEqual(expect.any(String));
  });
});

describe('the sandbox phone', () => {
  test('the simulated caller texts the business and sees the answer; another business’s texts are not shown', async () => {
    const sent = await api<{ messageSid: string }>('POST', '/api/sandbox/texts', { body: 'Do you fix garbage disposals?' });
    expect(sent.status).toBe(202);
    const phone = await eventually(async () => {
      const answer = await api<{ callerPhone: string; messages: { from: string; to: string; body: string; direction: string }[] }>(
        'GET',
        '/api/sandbox/phone',
      );
      return answer.body.messages.some((message) => message.direction === 'received') ? answer.body : undefined;
    });
    expect(phone.messages).toContainEqual(
      expect.objectContaining({ direction: 'sent', body: 'Do you fix garbage disposals?', to: business.businessNumber.e164 }),
    );
    expect(phone.messages.every((message) => [message.from, message.to].includes(business.businessNumber.e164))).toBe(true);
  });

  test('the simulator can play another caller: their texts and their phone are their own', async () => {
    const callerPhone = newCallerPhone();
    const sent = await api<{ messageSid: string }>('POST', '/api/sandbox/texts', { body: 'Hi, I need a plumber', callerPhone });
    expect(sent.status).toBe(202);
    const phone = await eventually(async () => {
      const answer = await api<{ callerPhone: string; messages: { from: string; to: string; direction: string }[] }>(
        'GET',
        `/api/sandbox/phone?callerPhone=${encodeURIComponent(callerPhone)}`,
      );
      return answer.body.messages.some((message) => message.direction === 'received') ? answer.body : undefined;
    });
    expect(phone.callerPhone).toBe(callerPhone);
    expect(phone.messages.every((message) => [message.from, message.to].includes(callerPhone))).toBe(true);
    const refused = await api('POST', '/api/sandbox/texts', { body: 'hi', callerPhone: 'not a phone' });
    expect(refused.status).toBe(400);
  });

  test('the simulated caller calls; nobody answers', async () => {
    const placed = await api<{ callSid: string }>('POST', '/api/sandbox/calls', { answer: 'no-answer' });
    expect([placed.status, placed.body.callSid]).toEqual([202, expect.stringMatching(/^CA/)]);
  });
});

describe('operations', () => {
  test('the stack’s api is healthy and ready, and says so with a request id', async () => {
    const health = await fetch(`${stack.apiUrl}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    expect(health.headers.get('x-request-id')).toBeTruthy();
    const ready = await fetch(`${stack.apiUrl}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { ok: true, checks: { database: 'ok', temporal: 'ok' } }]);
  });

  test('the OpenAPI document is served', async () => {
    const document = (await (await fetch(`${stack.apiUrl}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/conversations/{id}/messages');
  });
});

describe('a returned call', () => {
  test('cancels the text-back still waiting out its delay', async () => {
    expect((await api('PATCH', '/api/settings', { calls: { textBackDelayMs: 4_000 } })).status).toBe(200);
    const caller = newCallerPhone();
    await sandboxJson('/sandbox/calls', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: caller, to: business.businessNumber.e164, owner: 'no-answer' }),
    });
    const conversationId = await eventually(async () => (await list()).conversations.find((item) => item.callerPhone === caller)?.id, {
      what: 'the conversation of the delayed text-back',
    });
    expect((await api('POST', `/api/conversations/${conversationId}/called-back`)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await textsTo(caller)).toEqual([]);
    expect((await api('PATCH', '/api/settings', { calls: { textBackDelayMs: 0 } })).status).toBe(200);
  });
});
