// One business never sees or touches another's data (docs/product.md rules): business B, signed in, tries
// every id of business A it could have guessed, through REST, Socket.IO and the conversation
// workflow's signals and updates, and gets 404s while nothing of A's changes. A doing the same to
// its own conversation works, so the 404s are isolation, not broken routes. Tokens that are
// expired, forged, for another audience or issuer, or alg=none get nowhere.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import jwt from 'jsonwebtoken';
import { io, type Socket } from 'socket.io-client';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../../api/auth';
import { publishLiveEvent } from '../../db/live-events';
import { initORM, type Orm } from '../../db/orm';
import { stateQuery } from '../../contracts/conversation-workflow';
import { businessWithMissedCall, type BusinessWithCall } from '../support/api-business';
import { call, registerBusiness, signIn, withRefreshCookie, type TestOwner } from '../support/api-client';
import { startApi, TEST_JWT_SECRET, testConfig, type RunningApi } from '../support/api-app';
import { eventually, stack, withDatabase } from '../support/stack';

let orm: Orm;
let temporal: Client;
let api: RunningApi;
let a: BusinessWithCall;
let aToken: string;
let b: TestOwner;
let aIds: { conversationId: string; messageId: string; numberId: string; alertId: string; workflowId: string };

beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  api = await startApi({
    orm,
    temporal,
    live: true,
    config: testConfig({ DATABASE_URL: stack.databaseUrl, PUBLIC_URL: stack.apiUrl, TWILIO_API_URL: stack.sandboxUrl }),
  });
  a = await businessWithMissedCall();
  aToken = (await signIn(api.url, a.owner.email, a.owner.password)).accessToken;
  b = await registerBusiness(api.url);
  const messageId = await eventually(
    () =>
      withDatabase(
        async (db) =>
          (await db.query('select id from messages where conversation_id = $1 limit 1', [a.conversationId])).rows[0]?.id as
            string | undefined,
      ),
    { what: "the text-back to A's caller" },
  );
  const [alert] = await withDatabase(
    async (db) =>
      (
        await db.query(
          `insert into alerts (tenant_id, conversation_id, kind, body, workflow_id, seq) values ($1, $2, 'test', 'An alert for A', $3, 9999) returning id`,
          [a.owner.business.id, a.conversationId, `test/${randomUUID()}`],
        )
      ).rows,
  );
  const [conversation] = await withDatabase(
    async (db) => (await db.query('select workflow_id from conversations where id = $1', [a.conversationId])).rows,
  );
  aIds = {
    conversationId: a.conversationId,
    messageId,
    numberId: a.businessNumber.id,
    alertId: alert.id,
    workflowId: conversation.workflow_id,
  };
  // The conversation workflow is up and answering before anyone pokes at it.
  await eventually(
    () =>
      temporal.workflow
        .getHandle(aIds.workflowId)
        .query(stateQuery)
        .catch(() => undefined),
    { what: "A's workflow" },
  );
});
afterAll(async () => {
  await api?.close();
  await temporal?.connection.close();
  await orm?.close();
});

/** Everything of A's that a cross-business request could change. */
async function snapshotOfA() {
  const handle = temporal.workflow.getHandle(aIds.workflowId);
  const [state, history] = await Promise.all([handle.query(stateQuery), handle.fetchHistory()]);
  const rows = await withDatabase(async (db) => {
    const one = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows;
    return {
      conversation: await one('select lead_status, mode, owner_read_at, closed_at, lead from conversations where id = $1', [
        aIds.conversationId,
      ]),
      messages: await one('select id, status from messages where conversation_id = $1 order by id', [aIds.conversationId]),
      appointments: await one('select id, status from appointments where conversation_id = $1 order by id', [aIds.conversationId]),
      numbers: await one('select id, e164, twilio_sid from phone_numbers where tenant_id = $1 order by id', [a.owner.business.id]),
      alerts: await one('select id, read_at from alerts where tenant_id = $1 order by id', [a.owner.business.id]),
      tenant: await one('select name, trade, timezone, owner_phone, settings, onboarded_at, calendar_token from tenants where id = $1', [
        a.owner.business.id,
      ]),
    };
  });
  const signals =
    history.events?.filter(
      (event) => event.workflowExecutionSignaledEventAttributes || event.workflowExecutionUpdateAcceptedEventAttributes,
    ) ?? [];
  return {
    state: { mode: state.mode, leadStatus: state.leadStatus, appointment: state.appointment ?? null },
    signals: signals.length,
    rows,
  };
}

describe('REST: B guessing A’s ids', () => {
  test("B's own lists hold nothing of A's", async () => {
    for (const path of ['/api/conversations', '/api/numbers', '/api/appointments', '/api/alerts']) {
      const answer = await call<Record<string, unknown[]>>(api.url, 'GET', path, { token: b.accessToken });
      expect([path, answer.status, Object.values(answer.body)[0]]).toEqual([path, 200, []]);
    }
    const me = await call<{ business: { id: string } }>(api.url, 'GET', '/api/me', { token: b.accessToken });
    expect(me.body.business.id).toBe(b.business.id);
  });

  test('every read and write of A’s things by id is a 404, and nothing of A’s changes, in the database or the workflow', async () => {
    const before = await snapshotOfA();
    const { conversationId, messageId, numberId, alertId } = aIds;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/conversations/${conversationId}`],
      ['GET', `/api/conversations/${conversationId}/messages`],
      ['GET', `/api/conversations/${conversationId}/messages?before=${messageId}`],
      ['POST', `/api/conversations/${conversationId}/read`],
      ['POST', `/api/conversations/${conversationId}/takeover`],
      ['POST', `/api/conversations/${conversationId}/handback`],
      ['POST', `/api/conversations/${conversationId}/called-back`],
      ['POST', `/api/conversations/${conversationId}/messages`, { body: 'B writing to A’s caller', clientId: randomUUID() }],
      ['PUT', `/api/conversations/${conversationId}/lead-status`, { status: 'lost' }],
      ['POST', `/api/conversations/${conversationId}/appointment`, { start: new Date(Date.now() + 3 * 86_400_000).toISOString() }],
      ['DELETE', `/api/conversations/${conversationId}/appointment`],
      ['DELETE', `/api/numbers/${numberId}`],
      ['POST', `/api/alerts/${alertId}/read`],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await call<{ error: { code: string } }>(api.url, method, path, { token: b.accessToken, ...(body ? { body } : {}) });
      expect([method, path, answer.status, answer.body.error?.code]).toEqual([method, path, 404, 'not_found']);
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  test('A can do the same to its own conversation: the workflow takes the signals', async () => {
    const handle = temporal.workflow.getHandle(aIds.workflowId);
    expect((await call(api.url, 'POST', `/api/conversations/${aIds.conversationId}/takeover`, { token: aToken })).status).toBe(202);
    await eventually(async () => ((await handle.query(stateQuery)).mode === 'human' ? true : undefined), { what: 'takeover' });
    expect((await call(api.url, 'POST', `/api/conversations/${aIds.conversationId}/handback`, { token: aToken })).status).toBe(202);
    await eventually(async () => ((await handle.query(stateQuery)).mode === 'ai' ? true : undefined), { what: 'hand back' });
    const detail = await call<{ conversation: { id: string } }>(api.url, 'GET', `/api/conversations/${aIds.conversationId}`, {
      token: aToken,
    });
    expect(detail.body.conversation.id).toBe(aIds.conversationId);
  });

  test("B's calendar feed is B's; a guessed feed token opens nothing", async () => {
    const feed = await call<{ icsUrl: string }>(api.url, 'GET', '/api/calendar', { token: b.accessToken });
    const ownPath = new URL(feed.body.icsUrl).pathname;
    const own = await call<string>(api.url, 'GET', ownPath);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toContain('text/calendar');
    expect(own.body).not.toContain(a.caller);
    const guessed = await call(api.url, 'GET', `/api/calendar/${'0'.repeat(64)}.ics`);
    expect(guessed.status).toBe(404);
  });
});

describe('Socket.IO: one room per business, picked by the server from the token', () => {
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((socket) => socket.disconnect()));

  function connect(token: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = io(api.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(error));
    });
  }

  test('an event of A reaches A’s browser and never B’s, even if B asks to join A’s room', async () => {
    const [socketA, socketB] = await Promise.all([connect(aToken), connect(b.accessToken)]);
    const seenByB: unknown[] = [];
    socketB.onAny((...args) => seenByB.push(args));
    socketB.emit('join', `tenant:${a.owner.business.id}`);
    socketB.emit('subscribe', { tenantId: a.owner.business.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const received = new Promise((resolve) => socketA.once('alert.created', resolve));
    const alert = { id: randomUUID(), conversationId: null, kind: 'test', body: 'for A only', createdAt: new Date().toISOString() };
    await publishLiveEvent(orm.em.fork(), a.owner.business.id, 'alert.created', { alert });
    expect(await received).toEqual({ alert });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seenByB).toEqual([]);
  });

  const now = () => Math.floor(Date.now() / 1000);
  // The claims of a live session (its real sid): only the token's own flaw can get it refused.
  const claims = () => {
    const { sub, tid, sid } = jwt.decode(aToken) as { sub: string; tid: string; sid: string };
    return { sub, tid, sid, iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE };
  };
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  test.each<[string, () => string]>([
    ['no token', () => ''],
    ['a forged token', () => jwt.sign(claims(), 'not-the-secret-but-long-enough-0123456789', { expiresIn: 600 })],
    ['an expired token', () => jwt.sign({ ...claims(), iat: now() - 3600, exp: now() - 60 }, TEST_JWT_SECRET)],
    ['alg=none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims(), iat: now(), exp: now() + 600 })}.`],
  ])('a handshake with %s is refused', async (_what, token) => {
    await expect(connect(token())).rejects.toThrow(/unauthorized/);
  });

  test('the same live-session claims, signed properly and not expired, are accepted (so the refusals above are the flaws)', async () => {
    const socket = await connect(jwt.sign({ ...claims(), iat: now(), exp: now() + 600 }, TEST_JWT_SECRET));
    expect(socket.connected).toBe(true);
  });

  test('a handshake with the token of a logged-out session is refused', async () => {
    const session = await signIn(api.url, a.owner.email, a.owner.password);
    await withRefreshCookie(api.url, 'logout', session.refreshToken);
    await expect(connect(session.accessToken)).rejects.toThrow(/unauthorized/);
  });
});

describe('tokens an attacker could hold get nowhere', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const genuine = () => jwt.decode(aToken) as Record<string, unknown>;
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  test.each<[string, () => string]>([
    ['expired', () => jwt.sign({ ...genuine(), iat: now() - 3600, exp: now() - 60 }, TEST_JWT_SECRET)],
    ['forged (another secret)', () => jwt.sign({ ...genuine() }, 'someone-elses-secret-long-enough-0123456789')],
    ['for another audience', () => jwt.sign({ ...genuine(), aud: 'another-app' }, TEST_JWT_SECRET)],
    ['from another issuer', () => jwt.sign({ ...genuine(), iss: 'another-issuer' }, TEST_JWT_SECRET)],
    ['alg=none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(genuine())}.`],
    [
      'for another business (tampered)',
      () => `${aToken.split('.')[0]}.${b64({ ...genuine(), tid: b.business.id })}.${aToken.split('.')[2]}`,
    ],
    ['signed by the stack’s api (another secret)', () => a.owner.accessToken],
  ])('a token %s gets 401 on every kind of route', async (_what, token) => {
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['GET', `/api/conversations/${aIds.conversationId}`],
      ['POST', `/api/conversations/${aIds.conversationId}/takeover`],
    ]) {
      const answer = await call(api.url, method!, path!, { token: token() });
      expect([path, answer.status]).toEqual([path, 401]);
    }
  });
});
