import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, expect, test, vi } from 'vitest';
import { conversationItem, message, settle } from '../test-helpers';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { api } = await import('../api');
const { Inbox } = await import('../inbox.svelte');
const { default: ConversationView } = await import('./ConversationView.svelte');

const item = conversationItem({ id: 'c1', callerName: 'Dana', leadStatus: 'engaged' });

beforeEach(() => {
  vi.restoreAllMocks();
  vi.spyOn(api, 'conversations').mockResolvedValue({ conversations: [item], nextCursor: null });
  vi.spyOn(api, 'messages').mockResolvedValue({ messages: [message({ conversationId: 'c1' })], nextCursor: null });
  vi.spyOn(api, 'markRead').mockResolvedValue(null);
  vi.spyOn(api, 'conversation').mockResolvedValue({
    conversation: {
      ...item,
      lead: { callerName: 'Dana', jobDescription: 'Leaking sink', serviceAddress: '12 Oak St' },
      appointment: null,
      calls: [],
      aiUsage: { turns: 3, promptTokens: 1200, completionTokens: 300, model: 'nmc-offline-rules', averageLatencyMs: 850 },
    },
  });
});

async function renderView() {
  const inbox = new Inbox();
  await inbox.refreshConversations();
  await inbox.open('c1');
  const view = render(ConversationView, { conversation: inbox.conversations[0]!, inbox, now: Date.now(), onBack: () => {} });
  // The page passes the live list item down; mirror that when the inbox changes it.
  const sync = () => view.rerender({ conversation: inbox.conversations[0]! });
  return { inbox, sync };
}

test('Take over stops the assistant in one tap, and Hand back gives it back; each is announced', async () => {
  const takeOver = vi.spyOn(api, 'takeOver').mockResolvedValue(null);
  const handBack = vi.spyOn(api, 'handBack').mockResolvedValue(null);
  const { sync } = await renderView();

  await fireEvent.click(screen.getByTestId('takeover-button'));
  await settle();
  await sync();
  expect(takeOver).toHaveBeenCalledWith('c1');
  expect(screen.getByTestId('conversation-announcement').textContent).toMatch(/You took over/);
  expect(screen.getByText(/You are handling this conversation/)).toBeTruthy();

  await fireEvent.click(screen.getByTestId('handback-button'));
  await settle();
  await sync();
  expect(handBack).toHaveBeenCalledWith('c1');
  expect(screen.getByTestId('takeover-button')).toBeTruthy();
});

test('a failed takeover says why and leaves the assistant replying', async () => {
  const { ApiError } = await import('../api');
  vi.spyOn(api, 'takeOver').mockRejectedValue(new ApiError(503, 'temporal_unavailable', 'the conversation engine is not answering'));
  await renderView();
  await fireEvent.click(screen.getByTestId('takeover-button'));
  await settle();
  expect(screen.getByTestId('conversation-announcement').textContent).toBe('The conversation engine is not answering.');
  expect(screen.getByTestId('takeover-button')).toBeTruthy();
});

test('the status menu offers only what an owner may set, and the lead panel shows fields and AI usage', async () => {
  await renderView();
  await settle();
  const menu = screen.getByTestId('status-menu') as HTMLSelectElement;
  const disabled = [...menu.options].filter((option) => option.disabled).map((option) => option.value);
  expect(disabled.sort()).toEqual(['booked', 'opted_out']);
  expect(menu.value).toBe('engaged');
  expect(screen.getByTestId('lead-job').textContent).toBe('Leaking sink');
  expect(screen.getByTestId('lead-address').textContent).toBe('12 Oak St');
  const usage = screen.getByTestId('ai-usage').textContent ?? '';
  expect(usage).toMatch(/1,500/);
  expect(usage).toMatch(/Offline assistant \(no model\)/);
  expect(usage).toMatch(/850 ms/);
});

test('changing the status goes to the api; a refusal from the api is shown next to the menu', async () => {
  const { ApiError } = await import('../api');
  const setStatus = vi.spyOn(api, 'setLeadStatus').mockRejectedValueOnce(new ApiError(409, 'conflict', 'the lead is already lost'));
  await renderView();
  await fireEvent.change(screen.getByTestId('status-menu'), { target: { value: 'lost' } });
  await settle();
  expect(setStatus).toHaveBeenCalledWith('c1', 'lost');
  expect(screen.getByRole('alert').textContent).toBe('The lead is already lost.');
});

test('the composer sends as the owner: the text appears at once as pending', async () => {
  vi.spyOn(api, 'sendMessage').mockReturnValue(new Promise(() => {}));
  await renderView();
  await fireEvent.input(screen.getByTestId('composer-input'), { target: { value: 'Be there at 3' } });
  await fireEvent.click(screen.getByTestId('composer-send'));
  await settle();
  const pending = screen.getAllByTestId('message').find((element) => element.dataset.status === 'pending');
  expect(pending?.textContent).toMatch(/Be there at 3/);
});

test('"I called them back" tells the api, for a new lead, and says what it did', async () => {
  const calledBack = vi.spyOn(api, 'calledBack').mockResolvedValue(null);
  vi.mocked(api.conversation).mockResolvedValue({
    conversation: {
      ...item,
      leadStatus: 'new',
      lead: {},
      appointment: null,
      calls: [],
      aiUsage: { turns: 0, promptTokens: 0, completionTokens: 0, model: null, averageLatencyMs: null },
    },
  });
  await renderView();
  await settle();
  await fireEvent.click(screen.getByTestId('called-back'));
  await settle();
  expect(calledBack).toHaveBeenCalledWith('c1');
  expect(screen.getByText('Noted: no text-back will be sent for that call.')).toBeTruthy();
});
