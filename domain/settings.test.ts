import { validateBusinessHours } from './business-hours';
import { gsm7Length, isGsm7 } from './gsm7';
import { DEFAULT_CONVERSATION_TIMINGS, DEFAULT_WEEKLY_HOURS, nudgeText, withConversationDefaults } from './settings';
import { DEFAULT_APPOINTMENT_SETTINGS } from './slots';

const HOUR = 3_600_000;
const MINUTE = 60_000;

test('default timings are docs/product.md’s: nudge 2 h, unresponsive 24 h, takeover idle 10 min, reminders 24 h and 1 h', () => {
  expect(DEFAULT_CONVERSATION_TIMINGS).toEqual({
    nudgeAfterMs: 2 * HOUR,
    unresponsiveAfterMs: 24 * HOUR,
    takeoverIdleAlertMs: 10 * MINUTE,
    reminderOffsetsMs: [24 * HOUR, HOUR],
  });
});

test('default hours: Mon–Fri 08:00–17:00, Sat 09:00–13:00, Sun closed, and they pass validation', () => {
  expect(DEFAULT_WEEKLY_HOURS).toEqual({
    mon: [{ open: '08:00', close: '17:00' }],
    tue: [{ open: '08:00', close: '17:00' }],
    wed: [{ open: '08:00', close: '17:00' }],
    thu: [{ open: '08:00', close: '17:00' }],
    fri: [{ open: '08:00', close: '17:00' }],
    sat: [{ open: '09:00', close: '13:00' }],
    sun: [],
  });
  expect(validateBusinessHours({ timeZone: 'America/Chicago', weekly: DEFAULT_WEEKLY_HOURS }).ok).toBe(true);
});

describe('withConversationDefaults', () => {
  const base = { timeZone: 'America/Chicago', businessName: 'Ace Plumbing' };

  test('only the zone and name given: every default filled in', () => {
    expect(withConversationDefaults(base)).toEqual({
      ...base,
      nudgeAfterMs: 2 * HOUR,
      unresponsiveAfterMs: 24 * HOUR,
      takeoverIdleAlertMs: 10 * MINUTE,
      reminderOffsetsMs: [24 * HOUR, HOUR],
      hours: { timeZone: 'America/Chicago', weekly: DEFAULT_WEEKLY_HOURS, overrides: [] },
      appointments: DEFAULT_APPOINTMENT_SETTINGS,
      calls: { forwardToOwner: true, ringTimeoutSeconds: 20, textBackDelayMs: 0 },
    });
  });

  test.each([
    ['nudgeAfterMs', { nudgeAfterMs: 30 * MINUTE }, { nudgeAfterMs: 30 * MINUTE }],
    ['unresponsiveAfterMs', { unresponsiveAfterMs: 48 * HOUR }, { unresponsiveAfterMs: 48 * HOUR }],
    ['takeoverIdleAlertMs', { takeoverIdleAlertMs: 5 * MINUTE }, { takeoverIdleAlertMs: 5 * MINUTE }],
    ['reminderOffsetsMs (none)', { reminderOffsetsMs: [] }, { reminderOffsetsMs: [] }],
    ['reminderOffsetsMs (one)', { reminderOffsetsMs: [2 * HOUR] }, { reminderOffsetsMs: [2 * HOUR] }],
    ['an explicit undefined keeps the default', { nudgeAfterMs: undefined }, { nudgeAfterMs: 2 * HOUR }],
    [
      'some appointment settings; the rest default',
      { appointments: { slotMinutes: 60, bufferMinutes: undefined } as never },
      { appointments: { ...DEFAULT_APPOINTMENT_SETTINGS, slotMinutes: 60 } },
    ],
    [
      'call handling: always text back, the rest default',
      { calls: { forwardToOwner: false, ringTimeoutSeconds: undefined } as never },
      { calls: { forwardToOwner: false, ringTimeoutSeconds: 20, textBackDelayMs: 0 } },
    ],
  ])('a business’s own %s wins', (_field, partial, expected) => {
    expect(withConversationDefaults({ ...base, ...partial })).toMatchObject(expected);
  });

  test('hours always use the business’s zone (one zone per business, never two)', () => {
    const settings = withConversationDefaults({
      ...base,
      hours: { timeZone: 'Europe/Berlin', weekly: DEFAULT_WEEKLY_HOURS, overrides: [{ date: '2026-12-25', closed: true }] },
    });
    expect(settings.hours.timeZone).toBe('America/Chicago');
    expect(settings.hours.overrides).toEqual([{ date: '2026-12-25', closed: true }]);
  });

  test('the result is a fresh copy: changing one business’s settings never changes the defaults', () => {
    const settings = withConversationDefaults(base);
    settings.reminderOffsetsMs.push(5);
    settings.hours.weekly.mon.push({ open: '18:00', close: '20:00' });
    settings.appointments.slotMinutes = 1;
    expect(DEFAULT_CONVERSATION_TIMINGS.reminderOffsetsMs).toEqual([24 * HOUR, HOUR]);
    expect(DEFAULT_WEEKLY_HOURS.mon).toEqual([{ open: '08:00', close: '17:00' }]);
    expect(DEFAULT_APPOINTMENT_SETTINGS.slotMinutes).toBe(120);
    expect(withConversationDefaults(base).hours.weekly.mon).toHaveLength(1);
    expect(() => DEFAULT_WEEKLY_HOURS.mon.push({ open: '18:00', close: '20:00' })).toThrow(TypeError);
  });
});

describe('nudgeText: one gentle follow-up in one GSM-7 segment', () => {
  test.each([
    ['Ace Plumbing', "Hi, Ace Plumbing here again. Still need a hand? Just reply and we'll get you sorted. Reply STOP to opt out."],
    ['Joe’s HVAC', "Hi, Joe's HVAC here again. Still need a hand? Just reply and we'll get you sorted. Reply STOP to opt out."],
    ['  Spaced   Out  ', "Hi, Spaced Out here again. Still need a hand? Just reply and we'll get you sorted. Reply STOP to opt out."],
  ])('for %j', (name, expected) => {
    expect(nudgeText(name)).toBe(expected);
  });

  test.each([['A'.repeat(300)], ['Fix-It 🔧 Pros'], ['']])('stays GSM-7 and ≤ 160 for %j, keeping the opt-out line', (name) => {
    const text = nudgeText(name);
    expect(isGsm7(text)).toBe(true);
    expect(gsm7Length(text)).toBeLessThanOrEqual(160);
    expect(text.endsWith('Reply STOP to opt out.')).toBe(true);
  });
});
