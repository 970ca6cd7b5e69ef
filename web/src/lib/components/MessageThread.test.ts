import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { expect, test, vi } from 'vitest';
import type { Thread } from '../inbox.svelte';
import { message } from '../test-helpers';
import MessageThread from './MessageThread.svelte';

const now = Date.parse('2026-03-02T16:00:00Z');
const handlers = { onRetry: () => {}, onLoadOlder: () => {}, onResend: () => {}, onDiscard: () => {} };
const thread = (overrides: Partial<Thread>): Thread => ({
  messages: [],
  pending: [],
  status: 'ready',
  error: null,
  olderCursor: null,
  loadingOlder: false,
  ...overrides,
});

test('messages are bubbles by author with the delivery status of each text we sent', () => {
  render(MessageThread, {
    ...handlers,
    conversationId: 'c1',
    callerLabel: '(512) 555-0101',
    now,
    thread: thread({
      messages: [
        message({
          id: 'a',
          author: 'assistant',
          body: 'Sorry we missed your call',
          status: 'delivered',
          createdAt: '2026-03-02T15:00:00Z',
        }),
        message({
          id: 'b',
          direction: 'inbound',
          author: 'caller',
          body: 'My sink leaks',
          status: 'received',
          createdAt: '2026-03-02T15:01:00Z',
        }),
        message({ id: 'c', author: 'owner', body: 'Coming at 3', status: 'undelivered', createdAt: '2026-03-02T15:02:00Z' }),
      ],
    }),
  });
  const [first, second, third] = screen.getAllByTestId('message');
  expect(first!.dataset.author).toBe('assistant');
  expect(within(first!).getByTestId('delivery-status').textContent).toBe('Delivered');
  expect(within(second!).queryByTestId('delivery-status')).toBeNull();
  expect(within(third!).getByText('You')).toBeTruthy();
  expect(within(third!).getByTestId('delivery-status').textContent).toBe('Not delivered');
  expect(screen.getByRole('log', { name: 'Messages with (512) 555-0101' })).toBeTruthy();
});

test('an owner message not yet stored shows as pending; a failed one offers to try again', async () => {
  const onResend = vi.fn();
  render(MessageThread, {
    ...handlers,
    onResend,
    conversationId: 'c1',
    callerLabel: 'Dana',
    now,
    thread: thread({
      pending: [
        { clientId: 'p1', body: 'On my way', createdAt: '2026-03-02T15:59:00Z', state: 'sending', error: null },
        { clientId: 'p2', body: 'Running late', createdAt: '2026-03-02T15:59:30Z', state: 'failed', error: "Can't reach NeverMissCall." },
      ],
    }),
  });
  const [sending, failed] = screen.getAllByTestId('message');
  expect(sending!.dataset.status).toBe('pending');
  expect(within(sending!).getByTestId('message-pending').textContent).toBe('Pending…');
  expect(failed!.dataset.status).toBe('failed');
  await fireEvent.click(within(failed!).getByRole('button', { name: 'Try again' }));
  expect(onResend).toHaveBeenCalledWith('p2');
});

test('a voicemail plays from its recording, with the transcription, where the call happened', () => {
  render(MessageThread, {
    ...handlers,
    conversationId: 'c1',
    callerLabel: 'Dana',
    now,
    thread: thread({ messages: [message({ createdAt: '2026-03-02T15:01:00Z', body: 'We got your voicemail' })] }),
    calls: [
      {
        id: 'call1',
        callSid: 'CA1',
        createdAt: '2026-03-02T15:00:00Z',
        dialStatus: 'no-answer',
        ownerAccepted: false,
        voicemail: { url: 'https://example.test/rec.mp3', durationSeconds: 12, transcription: 'Kitchen sink is leaking' },
      },
    ],
  });
  const entries = screen.getByRole('log').querySelectorAll('li');
  expect(entries[0]!.dataset.testid).toBe('call-entry');
  expect(within(entries[0]!).getByText(/Missed call, voicemail left/)).toBeTruthy();
  const audio = screen.getByTestId('voicemail-audio') as HTMLAudioElement;
  expect(audio.getAttribute('src')).toBe('https://example.test/rec.mp3');
  expect(audio.hasAttribute('controls')).toBe(true);
  expect(screen.getByTestId('voicemail-transcription').textContent).toMatch(/Kitchen sink is leaking/);
  expect(screen.getByText('Voicemail from Dana (0:12)')).toBeTruthy();
});

test('loading, error and empty threads say what happens next', async () => {
  const onRetry = vi.fn();
  const view = render(MessageThread, { ...handlers, onRetry, conversationId: 'c1', callerLabel: 'Dana', now, thread: undefined });
  expect(screen.getByRole('status').textContent).toMatch(/Loading messages/);
  await view.rerender({ thread: thread({ status: 'error', error: 'The api is down.' }) });
  await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
  expect(onRetry).toHaveBeenCalled();
  await view.rerender({ thread: thread({}) });
  expect(screen.getByText(/The text-back to Dana will appear here/)).toBeTruthy();
});
