import { describe, expect, test } from 'vitest';
import {
  applyMessageStatus,
  confirmedPending,
  matchesFilters,
  mergeConversationSnapshot,
  mergeMessages,
  noteNewMessage,
  upsertConversation,
  type PendingMessage,
} from './conversations';
import { conversationItem, message } from './test-helpers';

describe('the conversation list', () => {
  test('is sorted by last activity, newest first, and a live update moves a conversation to the top', () => {
    const older = conversationItem({ lastMessageAt: '2026-03-02T10:00:00Z' });
    const newer = conversationItem({ lastMessageAt: '2026-03-02T11:00:00Z' });
    const list = upsertConversation([newer], older);
    expect(list.map((item) => item.id)).toEqual([newer.id, older.id]);

    const moved = upsertConversation(list, { ...older, lastMessageAt: '2026-03-02T12:00:00Z' });
    expect(moved.map((item) => item.id)).toEqual([older.id, newer.id]);
  });

  test('a live summary keeps what only the list knows (the unread count) and a name learned earlier', () => {
    const known = conversationItem({ callerName: 'Dana', unreadCount: 2, offline: true });
    const { unreadCount: _unread, ...summary } = known;
    const [updated] = upsertConversation([known], { ...summary, callerName: null, mode: 'human' });
    expect(updated).toMatchObject({ callerName: 'Dana', unreadCount: 2, offline: true, mode: 'human' });
  });

  test('a conversation that no longer matches the filters leaves the list (e.g. booked while showing "Replied")', () => {
    const engaged = conversationItem({ leadStatus: 'engaged' });
    expect(upsertConversation([engaged], { ...engaged, leadStatus: 'booked' }, { status: 'engaged' })).toEqual([]);
  });

  test('search matches digits of the number whatever the formatting, or part of the name', () => {
    const item = conversationItem({ callerPhone: '+15125550101', callerName: 'Dana Smith' });
    expect(matchesFilters(item, { q: '(512) 555' })).toBe(true);
    expect(matchesFilters(item, { q: 'smi' })).toBe(true);
    expect(matchesFilters(item, { q: 'jones' })).toBe(false);
    expect(matchesFilters(item, { mode: 'human' })).toBe(false);
  });

  test('a snapshot fetched while a live event arrived does not roll the conversation back', () => {
    const live = conversationItem({ lastMessageAt: '2026-03-02T12:00:00Z', lastMessagePreview: 'newest' });
    const stale = { ...live, lastMessageAt: '2026-03-02T11:00:00Z', lastMessagePreview: 'older' };
    const onlyLive = conversationItem({ lastMessageAt: '2026-03-02T09:00:00Z' });
    const merged = mergeConversationSnapshot([live, onlyLive], [stale]);
    expect(merged.map((item) => item.lastMessagePreview)).toEqual(['newest', onlyLive.lastMessagePreview]);
  });

  test("a caller's text counts as unread unless the owner is reading that conversation; our own texts never do", () => {
    const item = conversationItem({ id: 'c1' });
    const inbound = message({ conversationId: 'c1', direction: 'inbound', author: 'caller', createdAt: '2026-03-02T16:00:00Z' });
    expect(noteNewMessage([item], inbound, { unread: true })[0]).toMatchObject({ unreadCount: 1, lastMessagePreview: inbound.body });
    expect(noteNewMessage([item], inbound, { unread: false })[0]!.unreadCount).toBe(0);
    expect(noteNewMessage([item], message({ conversationId: 'c1' }), { unread: true })[0]!.unreadCount).toBe(0);
  });
});

describe('messages', () => {
  test('the same message from a fetch and a live event shows once, oldest first', () => {
    const first = message({ id: 'a', createdAt: '2026-03-02T15:00:00Z' });
    const second = message({ id: 'b', createdAt: '2026-03-02T15:01:00Z' });
    expect(mergeMessages([second], [first, second]).map((item) => item.id)).toEqual(['a', 'b']);
  });

  test('a delivery status never goes backwards (a late "sent" after "delivered")', () => {
    const delivered = message({ id: 'a', status: 'delivered' });
    expect(mergeMessages([delivered], [{ ...delivered, status: 'sent' }])[0]!.status).toBe('delivered');
    expect(applyMessageStatus([delivered], 'a', 'queued')[0]!.status).toBe('delivered');
    expect(applyMessageStatus([{ ...delivered, status: 'sent' }], 'a', 'delivered')[0]!.status).toBe('delivered');
  });

  test('a stored owner message confirms the pending one it came from: by client id, else by its text', () => {
    const pending: PendingMessage[] = [
      { clientId: 'one', body: 'On my way', createdAt: '', state: 'sending', error: null },
      { clientId: 'two', body: 'See you at 3', createdAt: '', state: 'sending', error: null },
    ];
    const stored = message({ author: 'owner', body: 'See you at 3' });
    expect(confirmedPending(pending, stored)?.clientId).toBe('two');
    expect(confirmedPending(pending, { ...stored, body: 'other', clientId: 'one' })?.clientId).toBe('one');
    expect(confirmedPending(pending, { ...stored, author: 'assistant' })).toBeUndefined();
  });
});
