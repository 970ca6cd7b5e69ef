// Delivery status only moves forward: Twilio's callbacks can arrive out of order, and a late
// "sent" must not hide a "delivered" (or an "undelivered" the owner needs to know about).
export type MessageDirection = 'inbound' | 'outbound';
/** Who wrote a message, as the owner thinks of it. */
export type MessageAuthor = 'caller' | 'assistant' | 'owner' | 'system';
export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

const RANK: Record<MessageStatus, number> = {
  received: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
};

export const MESSAGE_STATUSES = Object.keys(RANK) as MessageStatus[];

export const TWILIO_MESSAGE_STATUSES: Record<string, MessageStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
};

/** Whether a message in `current` may move to `next`. Final states are final. */
export function canAdvanceStatus(current: MessageStatus, next: MessageStatus): boolean {
  return RANK[next] > RANK[current];
}
