// Messages (docs/decisions/0017-data-layer.md): every text to or from a caller, stored once per Twilio
// SID. Two writes have one home each: storing a message (which moves its conversation's last
// activity and tells the dashboard) and moving a delivery status forward. Both are SQL on purpose:
// `on conflict do nothing` stores a SID once, and a compare-and-set keeps a status from going back.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageAuthor, MessageDirection, MessageStatus, MessageView } from '../contracts/live-events';
import { canAdvanceStatus, MESSAGE_STATUSES } from '../domain/message-status';
import { toConversationSummary, type ConversationRow } from './conversations';
import { LIVE_EVENTS_CHANNEL, publishLiveEvent } from './live-events';
import { sql, type Statement } from './sql';
import { tenantSql } from './tenant-sql';

/** A messages row as `returning *` gives it. */
export interface MessageRow {
  id: string;
  tenant_id?: string;
  conversation_id: string;
  direction: string;
  author: string;
  body: string;
  twilio_sid?: string | null;
  status: string;
  num_segments?: number;
  error_code?: number | null;
  created_at: Date | string;
}

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction as MessageView['direction'],
    author: row.author as MessageView['author'],
    body: row.body,
    status: row.status as MessageView['status'],
    createdAt: new Date(row.created_at).toISOString(),
  };
}

// ---- the dashboard's reads (limited to one business) --------------------------------------------

/**
 * A page of a conversation's messages, oldest first, ending just before `before` (a message id) or
 * at the newest. `invalidCursor` when `before` is not a message of this conversation. The cursor is
 * compared in PostgreSQL: created_at has microseconds a JavaScript Date would drop.
 */
export async function messagePage(
  em: EntityManager,
  tenantId: string,
  conversationId: string,
  { before, limit }: { before?: string | undefined; limit: number },
): Promise<{ messages: MessageView[]; nextCursor: string | null } | { invalidCursor: true }> {
  let cursorCondition = '';
  const params: unknown[] = [conversationId];
  if (before) {
    const [anchor] = await tenantSql<{ id: string }[]>(
      em,
      tenantId,
      'select id from messages where id = ? and conversation_id = ? and tenant_id = :tenant',
      [before, conversationId],
    );
    if (!anchor) return { invalidCursor: true };
    cursorCondition = 'and (m.created_at, m.id) < (select created_at, id from messages where id = ? and tenant_id = :tenant)';
    params.push(before);
  }
  const rows = await tenantSql<MessageRow[]>(
    em,
    tenantId,
    `select m.* from messages m where m.conversation_id = ? and m.tenant_id = :tenant ${cursorCondition}
      order by m.created_at desc, m.id desc limit ?`,
    [...params, limit + 1],
  );
  const page = rows.slice(0, limit).reverse();
  return { messages: page.map(toMessageView), nextCursor: rows.length > limit ? (page[0]?.id ?? null) : null };
}

// ---- storing a message ---------------------------------------------------------------------------

export interface NewMessage {
  tenantId: string;
  conversationId: string;
  direction: MessageDirection;
  author: MessageAuthor;
  body: string;
  twilioSid: string;
  status: MessageStatus;
  numSegments: number;
  /** When the caller's text reached us; absent: now (a text we sent). */
  createdAt?: string | Date;
}

/**
 * Stores a message once per Twilio SID, in `tx`: its conversation's last activity and preview move
 * to it, and the dashboard hears of both (message.created, conversation.updated) when `tx` commits.
 * A text we sent takes the delivery status Twilio reported before its send answered us. Undefined
 * when the SID was stored before: nothing changes.
 */
export async function storeMessage(tx: EntityManager, message: NewMessage): Promise<MessageRow | undefined> {
  const [inserted] = await sql<MessageRow[]>(
    tx,
    `insert into messages (tenant_id, conversation_id, direction, author, body, twilio_sid, status, num_segments, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, coalesce(?::timestamptz, now())) on conflict (twilio_sid) do nothing returning *`,
    [
      message.tenantId,
      message.conversationId,
      message.direction,
      message.author,
      message.body,
      message.twilioSid,
      message.status,
      message.numSegments,
      message.createdAt ?? null,
    ],
  );
  if (!inserted) return undefined;
  let stored = inserted;
  if (message.direction === 'outbound') {
    // Twilio reports delivery only for texts we send; its callback may have beaten its answer to our send.
    const early = await takeEarlyStatus(tx, message.twilioSid);
    if (early) stored = (await advanceStatus(tx, stored, early.status, early.error_code ?? undefined)) ?? stored;
  }
  // A message stored late (a retried activity) never moves the conversation's activity back.
  const [conversation] = await sql<ConversationRow[]>(
    tx,
    `update conversations set last_message_at = greatest(coalesce(last_message_at, ?), ?), last_message_preview = left(?, 140),
            updated_at = now()
      where id = ? returning *`,
    [stored.created_at, stored.created_at, stored.body, message.conversationId],
  );
  await publishLiveEvent(tx, message.tenantId, 'message.created', { message: toMessageView(stored) });
  if (conversation)
    await publishLiveEvent(tx, message.tenantId, 'conversation.updated', { conversation: toConversationSummary(conversation) });
  return stored;
}

/** The message stored for a Twilio SID, if any. */
export async function messageBySid(em: EntityManager, twilioSid: string): Promise<MessageRow | undefined> {
  const [row] = await sql<MessageRow[]>(em, 'select * from messages where twilio_sid = ?', [twilioSid]);
  return row;
}

/**
 * A caller's text stored before its conversation opened (shown at once by the api, in a provisional
 * or an earlier closed conversation) joins `conversationId`; an open real conversation keeps it.
 * The dashboard hears of the move. Undefined when it did not move.
 */
export async function moveCallerText(
  tx: EntityManager,
  input: { tenantId: string; twilioSid: string; conversationId: string },
): Promise<MessageRow | undefined> {
  const [moved] = await sql<MessageRow[]>(
    tx,
    `update messages m set conversation_id = ? from conversations c
      where m.twilio_sid = ? and c.id = m.conversation_id and m.conversation_id <> ? and (c.provisional or c.closed_at is not null)
      returning m.*`,
    [input.conversationId, input.twilioSid, input.conversationId],
  );
  if (moved) await publishLiveEvent(tx, input.tenantId, 'message.created', { message: toMessageView(moved) });
  return moved;
}

/** Texts the api showed while Temporal was unreachable wait in a provisional conversation: the real one adopts them. */
export function adoptProvisionalMessagesStatement(input: { tenantId: string; callerPhone: string; conversationId: string }): Statement {
  return {
    text: `update messages set conversation_id = ? where tenant_id = ? and conversation_id in
       (select id from conversations where tenant_id = ? and caller_phone = ? and provisional and id <> ?)`,
    params: [input.conversationId, input.tenantId, input.tenantId, input.callerPhone, input.conversationId],
  };
}

// ---- delivery status: forward only -------------------------------------------------------------

/**
 * Moves the message from the status it was read with to `next`, if that is forward
 * (domain/message-status.ts) and nobody moved it meanwhile (compare-and-set). The updated row, or
 * undefined when nothing changed.
 */
export async function advanceStatus(
  tx: EntityManager,
  message: Pick<MessageRow, 'id' | 'status'>,
  next: MessageStatus,
  errorCode?: number,
): Promise<MessageRow | undefined> {
  if (!canAdvanceStatus(message.status as MessageStatus, next)) return undefined;
  const [updated] = await sql<MessageRow[]>(
    tx,
    'update messages set status = ?, error_code = coalesce(?, error_code) where id = ? and status = ? returning *',
    [next, errorCode ?? null, message.id, message.status],
  );
  return updated;
}

export interface DeliveryReport {
  messageSid: string;
  status: MessageStatus;
  errorCode?: number | undefined;
}

/**
 * Applies a delivery report from Twilio, which arrive out of order and repeat: the status only
 * moves forward, and the dashboard hears of a move (message.status). A report for a text not stored
 * yet (the callback beat Twilio's answer to our send) is kept for storeMessage to apply. Returns
 * the message when its status moved; `em` should be a fork of its own (each attempt is a transaction).
 */
export async function applyDeliveryReport(
  em: EntityManager,
  report: DeliveryReport,
): Promise<{ id: string; tenantId: string; conversationId: string } | undefined> {
  // Nearly always the text is stored and the report moves it on: one statement does it and tells
  // the dashboard (NOTIFY is delivered when it commits). Callbacks are a third of a missed call's
  // requests, so its round trips count (docs/decisions/0019).
  const moved = await advanceStatusBySid(em, report);
  if (moved) return moved;
  // Otherwise: not stored yet (the early report waits), already further on, or a race with another
  // callback. Optimistic: look again when a concurrent callback moved the status between our read and write.
  for (let attempt = 0; attempt < 5; attempt++) {
    const message = await messageBySid(em, report.messageSid);
    if (!message) {
      // A report for a text that is not ours waits there harmlessly.
      if (attempt > 0) return undefined;
      await rememberEarlyStatus(em, report);
      continue; // the send may have stored it meanwhile: look once more
    }
    if (!canAdvanceStatus(message.status as MessageStatus, report.status)) return undefined;
    const moved = await em.transactional(async (tx) => {
      const updated = await advanceStatus(tx, message, report.status, report.errorCode);
      if (updated)
        await publishLiveEvent(tx, message.tenant_id!, 'message.status', {
          messageId: message.id,
          conversationId: message.conversation_id,
          status: report.status,
        });
      return updated !== undefined;
    });
    if (!moved) continue;
    // Stored after all, between our two looks: the early report was applied here instead.
    if (attempt > 0) await takeEarlyStatus(em, report.messageSid);
    return { id: message.id, tenantId: message.tenant_id!, conversationId: message.conversation_id };
  }
  return undefined;
}

/** The stored text moved on by `report` and its live event, in one statement; undefined if none moved. */
async function advanceStatusBySid(
  em: EntityManager,
  report: DeliveryReport,
): Promise<{ id: string; tenantId: string; conversationId: string } | undefined> {
  const from = MESSAGE_STATUSES.filter((status) => canAdvanceStatus(status, report.status));
  if (from.length === 0) return undefined;
  const [row] = await sql<{ id: string; tenant_id: string; conversation_id: string }[]>(
    em,
    `with moved as (
       update messages set status = ?, error_code = coalesce(?, error_code)
        where twilio_sid = ? and status in (${from.map(() => '?').join(', ')})
       returning id, tenant_id, conversation_id)
     select id, tenant_id, conversation_id,
            pg_notify(?, json_build_object('tenantId', tenant_id, 'name', 'message.status',
              'data', json_build_object('messageId', id, 'conversationId', conversation_id, 'status', ?::text))::text)
       from moved`,
    [report.status, report.errorCode ?? null, report.messageSid, ...from, LIVE_EVENTS_CHANNEL, report.status],
  );
  return row ? { id: row.id, tenantId: row.tenant_id, conversationId: row.conversation_id } : undefined;
}

/** Keeps the most advanced early report per SID (final states are final, as for stored texts). */
export async function rememberEarlyStatus(em: EntityManager, report: DeliveryReport): Promise<void> {
  await sql(
    em,
    `insert into early_message_statuses (twilio_sid, status, error_code) values (?, ?, ?)
     on conflict (twilio_sid) do update set status = excluded.status, error_code = coalesce(excluded.error_code, early_message_statuses.error_code)
     where (case excluded.status when 'queued' then 1 when 'sent' then 2 else 3 end)
         > (case early_message_statuses.status when 'queued' then 1 when 'sent' then 2 else 3 end)`,
    [report.messageSid, report.status, report.errorCode ?? null],
  );
}

/** Takes (deletes and returns) the early report kept for a SID. */
export async function takeEarlyStatus(
  em: EntityManager,
  twilioSid: string,
): Promise<{ status: MessageStatus; error_code: number | null } | undefined> {
  const [early] = await sql<{ status: MessageStatus; error_code: number | null }[]>(
    em,
    'delete from early_message_statuses where twilio_sid = ? returning status, error_code',
    [twilioSid],
  );
  return early;
}
