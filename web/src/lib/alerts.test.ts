import { afterEach, expect, test, vi } from 'vitest';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { api } = await import('./api');
const { Alerts, alertTitle, isUrgent } = await import('./alerts.svelte');

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const alert = { id: 'a1', conversationId: 'c1', kind: 'emergency', body: 'Gas smell at 12 Oak St', createdAt: '2026-03-02T15:00:00Z' };

test('a live alert is shown at once as a notification, counted as unread, and hides itself after a while', () => {
  vi.useFakeTimers();
  const alerts = new Alerts();
  alerts.received({ alert });
  alerts.received({ alert }); // the same alert twice (a refetch and an event) shows once
  expect(alerts.toasts).toHaveLength(1);
  expect(alerts.unread).toHaveLength(1);
  vi.advanceTimersByTime(8_000);
  expect(alerts.toasts).toHaveLength(0);
  expect(alerts.unread).toHaveLength(1);
});

test('marking an alert read removes it and tells the api', async () => {
  const markRead = vi.spyOn(api, 'markAlertRead').mockResolvedValue(null);
  const alerts = new Alerts();
  alerts.received({ alert });
  await alerts.markRead('a1');
  expect(alerts.unread).toEqual([]);
  expect(markRead).toHaveBeenCalledWith('a1');
});

test('alerts read in the words of the kind the workflow raised; emergencies interrupt', () => {
  expect(alertTitle('booking_made')).toBe('New booking');
  expect(alertTitle('something_new')).toBe('Alert');
  expect(isUrgent('emergency')).toBe(true);
  expect(isUrgent('booking_made')).toBe(false);
});

test('an alert written for SMS reads like the rest of the dashboard: no prefix, local times, formatted numbers', async () => {
  const { alertText } = await import('./format');
  const text = alertText('NeverMissCall: +15005550006 booked 2026-11-26T19:00:00.000Z (Leaking sink).', 'America/Chicago');
  expect(text).toMatch(/^\(500\) 555-0006 booked /);
  expect(text).toMatch(/1:00\s?PM/);
  expect(text).not.toMatch(/2026-11-26T/);
});

test('a calendar alert is answered through the api, and once answered it is no longer unread; what the api refused is thrown', async () => {
  const { asksToTellCaller } = await import('./alerts.svelte');
  expect(asksToTellCaller('calendar_deleted')).toBe(true);
  expect(asksToTellCaller('calendar_moved')).toBe(true);
  expect(asksToTellCaller('calendar_reconnect')).toBe(false);
  expect(alertTitle('calendar_reconnect')).toBe('Reconnect your calendar');
  const answer = vi.spyOn(api, 'answerAlert').mockResolvedValueOnce({ answer: 'told_caller' }).mockRejectedValueOnce(new Error('ended'));
  const alerts = new Alerts();
  alerts.received({ alert: { ...alert, id: 'a2', kind: 'calendar_deleted' } });
  alerts.received({ alert: { ...alert, id: 'a3', kind: 'calendar_moved' } });
  await alerts.answer('a2', 'tell_caller');
  expect(answer).toHaveBeenCalledWith('a2', 'tell_caller');
  expect(alerts.unread.map((item) => item.id)).toEqual(['a3']);
  await expect(alerts.answer('a3', 'keep')).rejects.toThrow('ended');
  expect(alerts.unread.map((item) => item.id)).toEqual(['a3']);
  alerts.stop();
});
