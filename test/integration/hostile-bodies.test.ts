// The largest and most hostile text a caller can send (1,600 control characters: six bytes each
// once JSON-escaped, 9,600 bytes) must not wedge anything. PostgreSQL refuses a NOTIFY payload
// over 8,000 bytes and fails the transaction it is in: before live events were bounded
// (db/live-events.ts), the SMS webhook answered 500 for ever and the conversation's read-model
// activity retried for ever. Now the event travels without the body, the browser fetches it, and
// the caller still gets an answer.
import { io, type Socket } from 'socket.io-client';
import { LIVE_EVENT_MAX_BYTES, livePayload } from '../../db/live-events';
import type { LiveEvents } from '../../contracts/live-events';
import { callerTexts, login, missedCallFrom, newCallerPhone, stack, waitForTexts, withDatabase } from '../support/stack';

const HOSTILE = '\u0001'.repeat(1_600);

function connect(token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(stack.apiUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const message = (body: string): LiveEvents['message.created'] => ({
  message: {
    id: '00000000-0000-4000-8000-000000000001',
    conversationId: '00000000-0000-4000-8000-000000000002',
    direction: 'inbound',
    author: 'caller',
    body,
    status: 'received',
    createdAt: '2026-11-29T10:00:00.000Z',
  },
});

test('an event over the bound travels without its text; an ordinary one is untouched', () => {
  const tenantId = '00000000-0000-4000-8000-000000000003';
  const hostile = livePayload(tenantId, 'message.created', message(HOSTILE));
  expect(Buffer.byteLength(JSON.stringify({ tenantId, name: 'message.created', data: message(HOSTILE) }))).toBeGreaterThan(8_000);
  expect(Buffer.byteLength(hostile)).toBeLessThanOrEqual(LIVE_EVENT_MAX_BYTES);
  expect(JSON.parse(hostile).data.message).toMatchObject({ body: '', bodyOmitted: true, id: message('').message.id });
  const ordinary = livePayload(tenantId, 'message.created', message('my sink is leaking'));
  expect(JSON.parse(ordinary).data).toEqual(message('my sink is leaking'));
});

test('1,600 control characters from a caller: stored whole, announced live without the body, and the caller is still answered', async () => {
  const socket = await connect(await login());
  try {
    const caller = newCallerPhone();
    await missedCallFrom(caller, 'no-answer');
    await waitForTexts(caller, 1);
    const announced = new Promise<LiveEvents['message.created']['message']>((resolve) =>
      socket.on('message.created', ({ message: live }: LiveEvents['message.created']) => {
        if (live.direction === 'inbound' && live.bodyOmitted) resolve(live);
      }),
    );
    const sent = await callerTexts(caller, HOSTILE);
    expect(sent.status).toBe(200);
    const live = await announced;
    const stored = await withDatabase(
      async (db) => (await db.query('select id, body from messages where id = $1', [live.id])).rows[0] as { id: string; body: string },
    );
    expect(stored.body).toBe(HOSTILE);
    // The conversation goes on: the caller's next message is answered too.
    await callerTexts(caller, 'my kitchen sink is leaking');
    const texts = await waitForTexts(caller, 3);
    expect(texts.length).toBeGreaterThanOrEqual(3);
  } finally {
    socket.disconnect();
  }
});
