// Caller text → assistant reply stored: callers whose text-back was sent ask an ordinary question
// through our SMS webhook, at a steady rate; the latency runs from the webhook being sent to the
// first outbound message authored by the assistant stored after the caller's text.
import type pg from 'pg';
import { sleep, summarize, type Summary } from './stats';
import { atRate, callerTexts, type Target } from './webhooks';

export const QUESTION = 'How much do you charge for a drain cleaning?';
const REPLY_TIMEOUT_MS = 120_000;

export interface RepliesResult {
  asked: number;
  rate: number;
  webhook: Summary | null;
  toReply: Summary | null;
  replied: number;
  errors: string[];
}

/** When the assistant's reply to each caller text (by its MessageSid) was stored. */
async function repliesStored(db: pg.Client, sids: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ sid: string; created_at: Date }>(
    `select i.twilio_sid as sid, min(r.created_at) as created_at
       from messages i join messages r on r.conversation_id = i.conversation_id
      where i.twilio_sid = any($1) and r.direction = 'outbound' and r.author = 'assistant' and r.created_at >= i.created_at
      group by i.twilio_sid`,
    [sids],
  );
  return new Map(rows.map((row) => [row.sid, row.created_at.getTime()]));
}

export async function callerTextsToReply(options: {
  target: Target;
  db: pg.Client;
  callers: string[];
  rate: number;
}): Promise<RepliesResult> {
  const { target, db, callers, rate } = options;
  const texts = await atRate(rate, callers.length, (index) => callerTexts(target, callers[index]!, QUESTION));
  const sids = texts.filter((text) => !text.error).map((text) => text.sid);
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  let replyAt = await repliesStored(db, sids);
  while (replyAt.size < sids.length && Date.now() < deadline) {
    await sleep(250);
    replyAt = await repliesStored(db, sids);
  }
  return {
    asked: texts.length,
    rate,
    webhook: summarize(texts.filter((text) => !text.error).map((text) => text.webhookMs)),
    toReply: summarize(texts.filter((text) => replyAt.has(text.sid)).map((text) => replyAt.get(text.sid)! - text.sentAt)),
    replied: replyAt.size,
    errors: texts.filter((text) => text.error).map((text) => `${text.caller}: ${text.error}`),
  };
}
