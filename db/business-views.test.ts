// The views the api and the dashboard get from the business, account, settings, appointment and
// alert rows: what is defaulted, what is renamed, what is left out.
import { toOwnerView, type OwnerAccountRow } from './accounts';
import { toAlertEvent, toAlertItem, type AlertRecord } from './alerts';
import { toAppointmentView, toCalendarAppointment, type AppointmentRow } from './appointments';
import { storedSettings, storedTimings, toSettingsView, toTimingsInUnits } from './business-settings';
import { toBusinessView } from './businesses';
import { toPhoneNumberView } from './phone-numbers';
import { withConversationDefaults } from '../domain/settings';

const owner: OwnerAccountRow = {
  user_id: 'u1',
  email: 'owner@example.test',
  user_name: null,
  notifications: {},
  tenant_id: 't1',
  business_name: 'Ace Plumbing',
  trade: 'plumbing',
  timezone: 'America/Chicago',
  owner_phone: '+15125550100',
  onboarded_at: null,
  settings: { profile: { assistantName: 'Sam', jobsTaken: ['leaks'] } },
  phone_number: null,
};

test('the owner view fills in the notification defaults and says whether onboarding is done', () => {
  expect(toOwnerView(owner)).toEqual({
    user: { id: 'u1', email: 'owner@example.test', name: null, notifications: { smsAlerts: true, alertPhone: null } },
    business: {
      id: 't1',
      name: 'Ace Plumbing',
      trade: 'plumbing',
      timeZone: 'America/Chicago',
      ownerPhone: '+15125550100',
      phoneNumber: null,
      onboarded: false,
    },
  });
  const changed = toOwnerView({ ...owner, notifications: { smsAlerts: false, alertPhone: '+15125550199' }, onboarded_at: new Date() });
  expect(changed.user.notifications).toEqual({ smsAlerts: false, alertPhone: '+15125550199' });
  expect(changed.business.onboarded).toBe(true);
});

test('the business view completes the stored profile and keeps name and trade out of it', () => {
  const view = toBusinessView(owner);
  expect(view).toMatchObject({ id: 't1', name: 'Ace Plumbing', trade: 'plumbing', timeZone: 'America/Chicago' });
  expect(view.profile).toMatchObject({ assistantName: 'Sam', jobsTaken: ['leaks'], jobsDeclined: [], tone: 'friendly' });
  expect(view.profile).not.toHaveProperty('name');
  expect(view.profile).not.toHaveProperty('trade');
});

test('a settings change stores whole top-level settings: hours replaced, appointments and calls merged', () => {
  const current = withConversationDefaults({ timeZone: 'America/Chicago', businessName: 'Ace' });
  const weekly = { ...current.hours.weekly, sat: [] };
  const stored = storedSettings(current, {
    hours: { weekly, overrides: [] },
    appointments: { slotMinutes: 90 },
    timings: { nudgeAfterMs: 3_600_000 },
  });
  expect(stored).toEqual({
    hours: { timeZone: 'America/Chicago', weekly, overrides: [] },
    appointments: { ...current.appointments, slotMinutes: 90 },
    nudgeAfterMs: 3_600_000,
  });
  expect(storedSettings(current, {})).toEqual({});
  const view = toSettingsView(current);
  expect(view.hours).not.toHaveProperty('timeZone');
  expect(view.timings.reminderOffsetsMs).toEqual(current.reminderOffsetsMs);
});

test('timings in minutes and hours convert to the stored milliseconds and back', () => {
  const stored = storedTimings({ nudgeAfterMinutes: 90, unresponsiveAfterHours: 1.5, reminderOffsetsHours: [0.25, 24] });
  expect(stored).toEqual({ nudgeAfterMs: 5_400_000, unresponsiveAfterMs: 5_400_000, reminderOffsetsMs: [900_000, 86_400_000] });
  const settings = { ...withConversationDefaults({ timeZone: 'UTC', businessName: 'Ace' }), ...stored };
  expect(toTimingsInUnits(settings)).toEqual({
    nudgeAfterMinutes: 90,
    unresponsiveAfterHours: 1.5,
    takeoverIdleAlertMinutes: 10,
    reminderOffsetsHours: [0.25, 24],
  });
});

test('an appointment shows who, where and what job from its lead, in the calendar and in the feed', () => {
  const row: AppointmentRow = {
    id: 'a1',
    conversation_id: 'c1',
    caller_phone: '+15125550123',
    starts_at: new Date('2026-12-01T15:00:00Z'),
    ends_at: new Date('2026-12-01T16:00:00Z'),
    status: 'cancelled',
    lead: { callerName: 'Dana', serviceAddress: '1 Main St' },
    created_at: new Date('2026-11-30T10:00:00Z'),
    cancelled_at: new Date('2026-11-30T12:00:00Z'),
  };
  expect(toAppointmentView(row)).toEqual({
    id: 'a1',
    conversationId: 'c1',
    callerPhone: '+15125550123',
    callerName: 'Dana',
    start: '2026-12-01T15:00:00.000Z',
    end: '2026-12-01T16:00:00.000Z',
    status: 'cancelled',
    serviceAddress: '1 Main St',
    jobDescription: null,
  });
  expect(toCalendarAppointment({ ...row, lead: null })).toMatchObject({
    id: 'a1',
    callerName: undefined,
    jobDescription: undefined,
    cancelledAt: new Date('2026-11-30T12:00:00Z'),
  });
});

test('the live event of an alert has no read state; the list has it', () => {
  const alert = {
    id: 'al1',
    tenantId: 't1',
    conversationId: 'c1',
    kind: 'handoff',
    body: 'Dana wants to talk to you',
    workflowId: 'conversation/t1/+15125550123',
    seq: 3,
    createdAt: new Date('2026-11-30T10:00:00Z'),
    readAt: null,
  } as AlertRecord;
  expect(toAlertEvent(alert)).toEqual({
    id: 'al1',
    conversationId: 'c1',
    kind: 'handoff',
    body: 'Dana wants to talk to you',
    createdAt: '2026-11-30T10:00:00.000Z',
  });
  expect(toAlertItem({ ...alert, readAt: new Date('2026-11-30T11:00:00Z') }).readAt).toBe('2026-11-30T11:00:00.000Z');
});

test('a phone number shows its SID, null until Twilio gave one', () => {
  expect(toPhoneNumberView({ id: 'p1', tenantId: 't1', e164: '+15125550100', createdAt: new Date() } as never)).toEqual({
    id: 'p1',
    e164: '+15125550100',
    twilioSid: null,
  });
});
