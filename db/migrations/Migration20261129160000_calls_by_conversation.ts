import { Migration } from '@mikro-orm/migrations';

// A call belongs to the conversation it opened or arrived in (docs/decisions/0017-data-layer.md):
// calls.conversation_id is written when the call is stored or its conversation opens, and the
// dashboard reads it instead of matching the caller's number and a time window on every request.
// Calls stored before that are linked here the way the dashboard used to match them: the caller's
// latest conversation that was open when the call came (or opened within the minute after it).
export class Migration20261129160000_calls_by_conversation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      update calls k set conversation_id = (
          select c.id from conversations c
           where c.tenant_id = k.tenant_id and c.caller_phone = k.caller_phone and not c.provisional
             and k.created_at >= c.created_at - interval '1 minute' and k.created_at <= coalesce(c.closed_at, 'infinity'::timestamptz)
           order by c.created_at desc limit 1)
       where k.conversation_id is null and not k.caller_withheld;
      create index calls_by_conversation on calls (conversation_id, created_at) where conversation_id is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists calls_by_conversation;');
  }
}
