import { Migration } from '@mikro-orm/migrations';

// A caller's conversations with a business share one workflow id (conversation/<business>/<caller>)
// and each new conversation counts its texts from 1 again: keyed by workflow id, the second
// conversation's text-back found the first one's outbox row and was never sent (and its alerts
// were taken for the first one's). Texts and alerts are kept once per conversation instead.
export class Migration20261126180000_outbox_per_conversation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table sms_outbox drop constraint sms_outbox_pkey;
      alter table sms_outbox add primary key (conversation_id, seq);
      alter table alerts drop constraint alerts_workflow_id_seq_key;
      create unique index alerts_once_per_conversation on alerts (conversation_id, seq);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists alerts_once_per_conversation;
      alter table alerts add constraint alerts_workflow_id_seq_key unique (workflow_id, seq);
      alter table sms_outbox drop constraint sms_outbox_pkey;
      alter table sms_outbox add primary key (workflow_id, seq);
    `);
  }
}
