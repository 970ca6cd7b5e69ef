import { beforeEach, expect, test, vi } from 'vitest';
import type { MessageView } from './api-types';
import { conversationItem, message, settle } from './test-helpers';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { api, ApiError } = await import('./api');
const { Inbox } = await import('./inbox.svelte');

const conversation = conversationItem({ id: 'c1', unreadCount: 2 });
let serverMessages: MessageView[] = [];

beforeEach(() => {
  vi.restoreAllMocks();
  serverMessages = [message({ id: 'm1', conversationId: 'c1', body: 'Sorry we missed your call' })];
  vi.spyOn(api, 'conversations').mockImplementation(async () => ({ conversations: [conversation], nextCursor: null }));
  vi.spyOn(api, 'messages').mockImplementation(async () => ({ messages: [...serverMessages], nextCursor: null }));
  vi.spyOn(api, 'conversation').mockResolvedValue({
    conversation: {
      ...conversation,
      lead: {},
      appointment: null,
      calls: [],
      aiUsage: { turns: 0, promptTokens: 0, completionTokens: 0, model: null, averageLatencyMs: null },
    },
  });
  vi.spyOn(api, 'markRead').mockResolvedValue(null);
});

async function openInbox() {
  const inbox = new Inbox();
  await inbox.refreshConversations();
  await inbox.open('c1');
  return inbox;
}

test('opening a conversation loads its messages and lead, and marks it read', async () => {
  const inbox = await openInbox();
  expect(inbox.threads.c1!.messages.map((item) => item.id)).toEqual(['m1']);
  expect(inbox.details.c1!.status).toBe('ready');
  expect(api.markRead).toHaveBeenCalledWith('c1');
  expect(inbox.conversations[0]!.unreadCount).toBe(0);
});

test('an owner message shows as pending until the api has stored it, then as the stored message, once', async () => {
  const inbox = await openInbox();
  let answer!: (value: { message: MessageView }) => void;
  const send = vi.spyOn(api, 'sendMessage').mockReturnValue(new Promise((resolve) => (answer = resolve)));

  const sending = inbox.send('c1', 'On my way');
  expect(inbox.threads.c1!.pending).toMatchObject([{ body: 'On my way', state: 'sending' }]);
  const clientId = send.mock.calls[0]![2];
  expect(clientId).toMatch(/^[0-9a-f-]{36}$/);

  const stored = message({
    id: 'm2',
    conversationId: 'c1',
    author: 'owner',
    body: 'On my way',
    status: 'queued',
    createdAt: '2026-03-02T16:00:00Z',
  });
  // The live event may come first; the answer then must not add it twice.
  inbox.messageCreated({ message: stored });
  expect(inbox.threads.c1!.pending).toEqual([]);
  answer({ message: stored });
  await sending;
  expect(inbox.threads.c1!.messages.filter((item) => item.body === 'On my way')).toHaveLength(1);
  expect(inbox.conversations[0]!.mode).toBe('human');

  inbox.messageStatus({ messageId: 'm2', conversationId: 'c1', status: 'delivered' });
  expect(inbox.threads.c1!.messages.find((item) => item.id === 'm2')!.status).toBe('delivered');
});

test('a message that failed to send stays on screen as failed, and a retry reuses its client id (stored once)', async () => {
  const inbox = await openInbox();
  const send = vi.spyOn(api, 'sendMessage').mockRejectedValueOnce(new ApiError(0, 'network_error', "Can't reach NeverMissCall."));
  await inbox.send('c1', 'Running late');
  const [failed] = inbox.threads.c1!.pending;
  expect(failed).toMatchObject({ state: 'failed', body: 'Running late' });

  send.mockResolvedValueOnce({ message: message({ id: 'm3', conversationId: 'c1', author: 'owner', body: 'Running late' }) });
  await inbox.retry('c1', failed!.clientId);
  expect(send.mock.calls[1]![2]).toBe(failed!.clientId);
  expect(inbox.threads.c1!.pending).toEqual([]);
  expect(inbox.threads.c1!.messages.map((item) => item.id)).toContain('m3');
});

test('after a reconnect the inbox refetches: a message sent while offline appears, nothing twice', async () => {
  const inbox = await openInbox();
  serverMessages.push(
    message({
      id: 'm9',
      conversationId: 'c1',
      direction: 'inbound',
      author: 'caller',
      body: 'Are you there?',
      createdAt: '2026-03-02T17:00:00Z',
    }),
  );
  await inbox.resync();
  expect(inbox.threads.c1!.messages.map((item) => item.id)).toEqual(['m1', 'm9']);
  await inbox.resync();
  expect(inbox.threads.c1!.messages).toHaveLength(2);
});

test('a text in a conversation the owner is not reading raises its unread count, live', async () => {
  const inbox = new Inbox();
  await inbox.refreshConversations();
  inbox.messageCreated({
    message: message({ conversationId: 'c1', direction: 'inbound', author: 'caller', createdAt: '2026-03-02T18:00:00Z' }),
  });
  expect(inbox.conversations[0]!.unreadCount).toBe(3);
});

test('a live event for a conversation the list has never seen fetches the list again', async () => {
  const inbox = new Inbox();
  await inbox.refreshConversations();
  inbox.messageCreated({ message: message({ conversationId: 'unknown' }) });
  await settle();
  expect(api.conversations).toHaveBeenCalledTimes(2);
});

test('take over and hand back switch who replies; a refused status change says why without calling the api', async () => {
  const inbox = await openInbox();
  vi.spyOn(api, 'takeOver').mockResolvedValue(null);
  vi.spyOn(api, 'handBack').mockResolvedValue(null);
  const setStatus = vi.spyOn(api, 'setLeadStatus');
  await expect(inbox.takeOver('c1')).resolves.toEqual({ ok: true });
  expect(inbox.conversations[0]!.mode).toBe('human');
  await inbox.handBack('c1');
  expect(inbox.conversations[0]!.mode).toBe('ai');

  const refused = await inbox.setLeadStatus('c1', 'booked');
  expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/Book an appointment/) });
  expect(setStatus).not.toHaveBeenCalled();
});

test('after a reconnect the open conversation is read: texts that came while offline do not stay unread', async () => {
  const inbox = await openInbox();
  vi.mocked(api.conversations).mockResolvedValue({ conversations: [{ ...conversation, unreadCount: 1 }], nextCursor: null });
  await inbox.resync();
  expect(inbox.conversations[0]!.unreadCount).toBe(0);
  expect(api.markRead).toHaveBeenCalledTimes(2);
});

test('a live message too large for its event (no body) is fetched, never shown empty', async () => {
  const inbox = await openInbox();
  const huge = message({ id: 'm9', conversationId: 'c1', direction: 'inbound', author: 'caller', body: 'x'.repeat(1_600) });
  serverMessages = [...serverMessages, huge];
  inbox.messageCreated({ message: { ...huge, body: '', bodyOmitted: true } });
  expect(inbox.threads.c1!.messages.some((item) => item.body === '')).toBe(false);
  await settle();
  expect(inbox.threads.c1!.messages.find((item) => item.id === 'm9')!.body).toBe('x'.repeat(1_600));
});
