import { render, screen, within } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { expect, test, vi } from 'vitest';
import { conversationItem } from '../test-helpers';
import ConversationList from './ConversationList.svelte';

vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const empty = createRawSnippet(() => ({ render: () => '<p>Place a missed call to start.</p>' }));
const base = { selectedId: null, status: 'ready' as const, error: null, now: Date.parse('2026-03-02T15:10:00Z'), onRetry: () => {}, empty };

test('each conversation shows who, its lead status, who is replying, unread count and the offline assistant label', () => {
  render(ConversationList, {
    ...base,
    conversations: [
      conversationItem({ callerName: 'Dana Smith', leadStatus: 'qualified', unreadCount: 3, offline: true }),
      conversationItem({ callerPhone: '+15125550199', mode: 'human', leadStatus: 'engaged' }),
    ],
  });
  const [first, second] = screen.getAllByTestId('conversation-item');
  expect(within(first!).getByText('Dana Smith')).toBeTruthy();
  expect(within(first!).getByText('Qualified')).toBeTruthy();
  expect(within(first!).getByTestId('unread-count').textContent).toMatch(/^3\s*unread$/);
  expect(within(first!).getByTestId('offline-assistant')).toBeTruthy();
  expect(within(second!).getByText('(512) 555-0199')).toBeTruthy();
  expect(within(second!).getByTestId('mode-badge').textContent).toMatch(/You/);
  expect(within(second!).queryByTestId('unread-count')).toBeNull();
});

test('the open conversation is marked current for screen readers and links keep it in the URL', () => {
  const item = conversationItem({ id: 'c7' });
  render(ConversationList, { ...base, conversations: [item], selectedId: 'c7' });
  const link = screen.getByTestId('conversation-item');
  expect(link.getAttribute('aria-current')).toBe('true');
  expect(link.getAttribute('href')).toBe('/?conversation=c7');
});

test('empty, loading and error states say what to do next', async () => {
  const view = render(ConversationList, { ...base, conversations: [] });
  expect(screen.getByTestId('conversations-empty').textContent).toMatch(/Place a missed call/);

  await view.rerender({ ...base, conversations: [], status: 'loading' });
  expect(screen.getByRole('status').textContent).toMatch(/Loading conversations/);

  const onRetry = vi.fn();
  await view.rerender({ ...base, conversations: [], status: 'error', error: "Can't reach NeverMissCall.", onRetry });
  const alert = screen.getByRole('alert');
  expect(alert.textContent).toMatch(/Couldn't load your conversations/);
  within(alert).getByRole('button', { name: 'Try again' }).click();
  expect(onRetry).toHaveBeenCalled();
});
