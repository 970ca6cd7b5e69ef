// Two callers can never get the same slot: the booking activity against the real database, with
// the partial unique index as the final guard.
import { randomUUID } from 'node:crypto';
import { bookAppointment, cancelAppointment } from '../../activities/appointments';
import { initORM, type Orm } from '../../db/orm';
import { newCallerPhone, stack, withDatabase } from '../support/stack';

let orm: Orm;
beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 12 });
});
afterAll(async () => {
  await orm.close();
});

async function newConversation(): Promise<{ id: string; caller: string }> {
  const id = randomUUID();
  const caller = newCallerPhone();
  await withDatabase((db) =>
    db.query('insert into conversations (id, tenant_id, caller_phone, workflow_id, closed_at) values ($1, $2, $3, $4, now())', [
      id,
      stack.demo.tenantId,
      caller,
      `test/${id}`,
    ]),
  );
  return { id, caller };
}

const slot = (daysAhead: number) => {
  const start = new Date(Date.UTC(2031, 0, 6 + daysAhead, 15, 0, 0));
  return { start: start.toISOString(), end: new Date(start.getTime() + 2 * 3600_000).toISOString() };
};

test('ten callers racing for one slot: exactly one booking, the others are told it is taken', async () => {
  const conversations = await Promise.all(Array.from({ length: 10 }, () => newConversation()));
  const wanted = slot(1);
  const results = await Promise.all(
    conversations.map((c) =>
      bookAppointment(orm.em.fork(), { tenantId: stack.demo.tenantId, conversationId: c.id, callerPhone: c.caller, ...wanted }),
    ),
  );
  expect(results.filter((result) => result.ok)).toHaveLength(1);
  expect(results.filter((result) => !result.ok)).toEqual(Array(9).fill({ ok: false, reason: 'slot_taken' }));
  const rows = await withDatabase(
    async (db) => (await db.query("select count(*) from appointments where starts_at = $1 and status = 'booked'", [wanted.start])).rows[0],
  );
  expect(Number(rows.count)).toBe(1);
});

test('a retried booking (after a lost answer) finds its own appointment instead of failing', async () => {
  const c = await newConversation();
  const input = { tenantId: stack.demo.tenantId, conversationId: c.id, callerPhone: c.caller, ...slot(2) };
  const first = await bookAppointment(orm.em.fork(), input);
  const retry = await bookAppointment(orm.em.fork(), input);
  expect(first).toEqual({ ok: true, appointmentId: expect.any(String) });
  expect(retry).toEqual(first);
});

test('a cancelled slot can be booked again by someone else', async () => {
  const [a, b] = [await newConversation(), await newConversation()];
  const wanted = slot(3);
  const first = await bookAppointment(orm.em.fork(), {
    tenantId: stack.demo.tenantId,
    conversationId: a.id,
    callerPhone: a.caller,
    ...wanted,
  });
  if (!first.ok) throw new Error('first booking failed');
  await cancelAppointment(orm.em.fork(), { appointmentId: first.appointmentId });
  const second = await bookAppointment(orm.em.fork(), {
    tenantId: stack.demo.tenantId,
    conversationId: b.id,
    callerPhone: b.caller,
    ...wanted,
  });
  expect(second.ok).toBe(true);
});
