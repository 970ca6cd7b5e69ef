import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, expect, test, vi } from 'vitest';
import { settle } from '../test-helpers';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { api } = await import('../api');
const { default: PhoneSimulator } = await import('./PhoneSimulator.svelte');

beforeEach(() => {
  vi.restoreAllMocks();
  vi.spyOn(api, 'simulatorPhone').mockResolvedValue({
    callerPhone: '+17375550100',
    messages: [
      {
        from: '+15125550142',
        to: '+17375550100',
        body: 'Sorry we missed your call. Reply STOP to opt out',
        at: '2026-03-02T15:00:00Z',
        direction: 'received',
      },
      { from: '+17375550100', to: '+15125550142', body: 'My sink leaks', at: '2026-03-02T15:01:00Z', direction: 'sent' },
    ],
  });
});

test('the caller can leave a voicemail with what they say', async () => {
  const placeCall = vi.spyOn(api, 'placeCall').mockResolvedValue({ callSid: 'CA1' });
  render(PhoneSimulator, { defaultCallerPhone: '+17375550100', businessPhone: '+15125550142' });
  await fireEvent.click(screen.getByTestId('simulator-answer-voicemail'));
  await fireEvent.input(screen.getByTestId('simulator-voicemail'), { target: { value: 'Water everywhere, call me' } });
  await fireEvent.click(screen.getByTestId('simulator-call'));
  await settle();
  expect(placeCall).toHaveBeenCalledWith({ callerPhone: '+17375550100', answer: 'voicemail', voicemail: 'Water everywhere, call me' });
  expect(screen.getByTestId('simulator-status').textContent).toBe('Voicemail left');
});

test("the caller's phone shows the texts it received and sent; texting as the caller goes to the business", async () => {
  const text = vi.spyOn(api, 'simulatorText').mockResolvedValue({ messageSid: 'SM1' });
  render(PhoneSimulator, { defaultCallerPhone: '+17375550100', businessPhone: '+15125550142' });
  await settle();
  const shown = screen.getAllByTestId('simulator-message');
  expect(shown.map((element) => element.dataset.direction)).toEqual(['received', 'sent']);
  expect(shown[0]!.textContent).toMatch(/Reply STOP/);

  await fireEvent.input(screen.getByTestId('simulator-text'), { target: { value: '1' } });
  await fireEvent.click(screen.getByTestId('simulator-send'));
  await settle();
  expect(text).toHaveBeenCalledWith('1');
  expect(screen.getByTestId('simulator-text-status').textContent).toBe('Text sent');
});

test('the compact simulator in the inbox places a missed call in one click and says so', async () => {
  const missed = vi.spyOn(api, 'placeMissedCall').mockResolvedValue({ callSid: 'CA2' });
  render(PhoneSimulator, { compact: true, defaultCallerPhone: '+17375550100', businessPhone: null });
  await fireEvent.click(screen.getByTestId('simulator-call'));
  await settle();
  expect(missed).toHaveBeenCalledWith('+17375550100');
  expect(screen.getByTestId('simulator-status').textContent).toBe('Missed call placed');
  expect(screen.queryByTestId('simulator-text')).toBeNull();
});
