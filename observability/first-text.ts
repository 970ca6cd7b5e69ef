// Time to first text (docs/decisions/0024-metrics-and-traces.md): from a missed call reaching the
// api (its `missed:` webhook claim, as the insights count it: db/calls.ts missedCallFacts) to Twilio
// accepting the first text to that caller after it, within the hour. Measured by the worker once a
// text is accepted: a missed call of this conversation with no earlier text since it is answered now.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql';
import { observeTimeToFirstText } from './metrics';

export interface AcceptedText {
  tenantId: string;
  conversationId: string;
  twilioSid: string;
  acceptedAt: Date;
}

/** Seconds from each missed call this text is the first answer to (normally one, or none). */
export async function firstTextDelays(em: EntityManager, text: AcceptedText): Promise<number[]> {
  const rows = await sql<{ seconds: number }[]>(
    em,
    `select extract(epoch from (?::timestamptz - w.received_at))::float8 as seconds
       from calls k join webhook_events w on w.dedupe_key = 'missed:' || k.call_sid
      where k.tenant_id = ? and k.conversation_id = ?
        and w.received_at <= ?::timestamptz and w.received_at > ?::timestamptz - interval '1 hour'
        and not exists (select 1 from messages m
                         where m.tenant_id = k.tenant_id and m.conversation_id = k.conversation_id
                           and m.direction = 'outbound' and m.twilio_sid is distinct from ? and m.created_at >= w.received_at)`,
    [text.acceptedAt, text.tenantId, text.conversationId, text.acceptedAt, text.acceptedAt, text.twilioSid],
  );
  return rows.map((row) => Number(row.seconds));
}

/** Off the send's path: the activity has already answered; a failed look-up only loses a sample. */
export function observeFirstText(em: EntityManager, text: AcceptedText): void {
  firstTextDelays(em, text).then(
    (delays) => delays.forEach(observeTimeToFirstText),
    () => undefined,
  );
}
