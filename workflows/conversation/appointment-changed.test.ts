// The owner moved or deleted the appointment in their own calendar (issue #16): the calendar sync
// tells the conversation, whose copy of the appointment follows so reminders go at the new time, or
// not at all — and it texts nothing (the owner decides in the dashboard whether the caller is told).
// Without this, a deleted appointment would still be reminded, a text the owner never allowed.
import fc from 'fast-check';
import { withConversationDefaults } from '../../domain/settings';
import { decide, newConversation, view } from './decide';
import type { Command, Conversation, Event } from './model';

const START = Date.parse('2026-11-24T16:00:00Z'); // a Tuesday, 10:00 in Chicago
const SLOT = { start: '2026-11-27T16:00:00.000Z', end: '2026-11-27T17:00:00.000Z' }; // Friday 10:00
const settings = withConversationDefaults({ timeZone: 'America/Chicago', businessName: 'Ace Plumbing' });

function bookedConversation() {
  let state: Conversation = newConversation(
    { conversationId: 'c-1', tenantId: 't-1', callerPhone: '+15125550123', businessPhone: '+15125550100' },
    START,
  );
  const step = (event: Event, now: number): Command[] => {
    const decision = decide(state, event, now);
    state = decision.state;
    return decision.commands;
  };
  const open = step({ type: 'missed_call', call: { callSid: 'CA1', dialStatus: 'no-answer' } }, START).find((c) => c.type === 'open')!;
  step({ type: 'opened', ref: open.ref, settings, optedOut: false }, START + 1_000);
  const list = step({ type: 'owner_books', requestId: 'r-1', start: SLOT.start }, START + 60_000).find((c) => c.type === 'list_slots')!;
  const book = step({ type: 'slots_listed', ref: list.ref, slots: [SLOT] }, START + 61_000).find((c) => c.type === 'book')!;
  step({ type: 'booked', ref: book.ref, appointmentId: 'a-1' }, START + 62_000);
  return { step, state: () => state };
}

const texts = (commands: Command[]) => commands.filter((command) => command.type === 'send_text');

test('booked: a reminder is due the day before the appointment', () => {
  const { state } = bookedConversation();
  expect(view(state(), START + 63_000).appointment).toEqual({ id: 'a-1', ...SLOT });
  expect(view(state(), START + 63_000).timers.reminderAt).toBe('2026-11-26T16:00:00.000Z');
});

test('moved in the owner calendar: the reminder follows the new time, and nothing is texted', () => {
  const { step, state } = bookedConversation();
  const moved = { start: '2026-11-27T19:00:00.000Z', end: '2026-11-27T20:00:00.000Z' };
  const commands = step({ type: 'appointment_changed_in_calendar', appointmentId: 'a-1', ...moved }, START + 70_000);
  expect(texts(commands)).toEqual([]);
  const seen = view(state(), START + 71_000);
  expect(seen.appointment).toEqual({ id: 'a-1', ...moved });
  expect(seen.timers.reminderAt).toBe('2026-11-26T19:00:00.000Z');
  expect(seen.timers.appointmentEndsAt).toBe(moved.end);
});

test('deleted in the owner calendar: no appointment, no reminder, no text, and the lead is no longer booked', () => {
  const { step, state } = bookedConversation();
  expect(view(state(), START + 63_000).leadStatus).toBe('booked');
  const commands = step({ type: 'appointment_changed_in_calendar', appointmentId: 'a-1' }, START + 70_000);
  expect(texts(commands)).toEqual([]);
  const seen = view(state(), START + 71_000);
  expect(seen.appointment).toBeUndefined();
  expect(seen.timers.reminderAt).toBeUndefined();
  expect(seen.leadStatus).not.toBe('booked');
  // A day later, when the reminder would have gone: still nothing for the caller.
  expect(texts(step({ type: 'tick' }, Date.parse('2026-11-26T16:00:01Z')))).toEqual([]);
});

test('a change about another appointment (one this conversation moved on from) changes nothing', () => {
  const { step, state } = bookedConversation();
  const before = view(state(), START + 63_000);
  expect(step({ type: 'appointment_changed_in_calendar', appointmentId: 'a-old' }, START + 70_000)).toEqual([]);
  expect(view(state(), START + 63_000)).toEqual(before);
});

test('property: whatever the owner does in their calendar, and whenever time passes, the caller is only reminded of the appointment as it stands', () => {
  // Random sequences of the owner's moves, deletions and stale changes, with time passing between them.
  const step = fc.oneof(
    fc.record({ kind: fc.constant('move' as const), hoursLater: fc.integer({ min: 2, max: 200 }) }),
    fc.record({ kind: fc.constant('delete' as const) }),
    fc.record({ kind: fc.constant('stale' as const) }),
    fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 36 * 60 }) }),
  );
  const seed = Date.now() % 1_000_000;
  console.log(`appointment-changed property seed ${seed} (replay: fc.assert(..., { seed }))`);
  fc.assert(
    fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
      const { step: apply, state } = bookedConversation();
      let now = START + 63_000;
      let appointment: { start: string; end: string } | undefined = { ...SLOT };
      for (const action of steps) {
        let commands: Command[];
        if (action.kind === 'move') {
          const start = new Date(now + action.hoursLater * 3600_000);
          start.setUTCMinutes(0, 0, 0);
          const moved = { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() };
          commands = apply({ type: 'appointment_changed_in_calendar', appointmentId: 'a-1', ...moved }, now);
          if (appointment) appointment = moved;
        } else if (action.kind === 'delete') {
          commands = apply({ type: 'appointment_changed_in_calendar', appointmentId: 'a-1' }, now);
          appointment = undefined;
        } else if (action.kind === 'stale') {
          commands = apply({ type: 'appointment_changed_in_calendar', appointmentId: 'a-other', start: SLOT.start, end: SLOT.end }, now);
        } else {
          now += action.minutes * 60_000;
          commands = apply({ type: 'tick' }, now);
          // Once the visit is over the conversation forgets the appointment; later changes are ignored.
          if (appointment && Date.parse(appointment.end) <= now) appointment = undefined;
        }
        // A change from the calendar never texts; a reminder names the appointment as it stands now.
        if (action.kind !== 'wait') expect(texts(commands)).toEqual([]);
        for (const text of texts(commands)) {
          if (text.type !== 'send_text' || text.text.kind !== 'reminder') continue;
          expect(appointment).toBeDefined();
          expect(Date.parse(appointment!.start)).toBeGreaterThan(now);
        }
        const seen = view(state(), now).appointment;
        if (appointment && Date.parse(appointment.end) > now) expect(seen).toEqual({ id: 'a-1', ...appointment });
        if (!appointment) expect(seen).toBeUndefined();
      }
    }),
    { seed, numRuns: 300 },
  );
});
