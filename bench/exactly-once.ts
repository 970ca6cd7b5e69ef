// Nothing lost, nothing duplicated: every caller the benchmark made miss a call has exactly one
// text-back stored, and the Twilio emulator accepted exactly one text-back for them (its message
// list, as Twilio's API reports it). A text-back is told from later texts by its greeting.
import type pg from 'pg';
import { createTwilioClient } from '../providers/twilio-client';

/** Every text-back greeting says this (domain/text-back.ts), with or without the reopening note. */
const TEXT_BACK_MARK = 'Sorry we missed your call';

export interface ExactlyOnceResult {
  callers: number;
  lost: string[];
  duplicated: string[];
  /** Per source: callers with a count other than one. */
  stored: { lost: number; duplicated: number };
  accepted: { lost: number; duplicated: number };
}

/** How many text-backs Twilio (the emulator) accepted per caller, from the business number. */
export async function acceptedTextBacks(twilio: { accountSid: string; authToken: string; apiUrl: string }, from: string) {
  const client = createTwilioClient(twilio);
  const counts = new Map<string, number>();
  const messages = await client.messages.list({ from, pageSize: 1000 });
  for (const message of messages) {
    if (message.body.includes(TEXT_BACK_MARK)) counts.set(message.to, (counts.get(message.to) ?? 0) + 1);
  }
  return counts;
}

/** How many text-backs we stored per caller (every conversation of theirs). */
export async function storedTextBacks(db: pg.Client, callers: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ caller_phone: string; count: string }>(
    `select c.caller_phone, count(*) as count from messages m join conversations c on c.id = m.conversation_id
      where c.caller_phone = any($1) and m.direction = 'outbound' and strpos(m.body, $2) > 0 group by c.caller_phone`,
    [callers, TEXT_BACK_MARK],
  );
  return new Map(rows.map((row) => [row.caller_phone, Number(row.count)]));
}

export function exactlyOnce(callers: string[], stored: Map<string, number>, accepted: Map<string, number>): ExactlyOnceResult {
  const lost = new Set<string>();
  const duplicated = new Set<string>();
  const tally = { stored: { lost: 0, duplicated: 0 }, accepted: { lost: 0, duplicated: 0 } };
  for (const caller of callers) {
    for (const [source, counts] of [
      ['stored', stored],
      ['accepted', accepted],
    ] as const) {
      const count = counts.get(caller) ?? 0;
      if (count === 0) {
        lost.add(caller);
        tally[source].lost += 1;
      }
      if (count > 1) {
        duplicated.add(caller);
        tally[source].duplicated += 1;
      }
    }
  }
  return { callers: callers.length, lost: [...lost], duplicated: [...duplicated], ...tally };
}
