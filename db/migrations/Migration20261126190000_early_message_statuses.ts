import { Migration } from '@mikro-orm/migrations';

// Twilio can report a text's delivery before our send has stored it (its answer to the send is
// slower than its status callback). Such reports wait here and are applied when the text is
// stored, instead of being dropped (which left texts "queued" and could lose an undelivered alert).
export class Migration20261126190000_early_message_statuses extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table early_message_statuses (
        twilio_sid text primary key,
        status text not null,
        error_code integer,
        received_at timestamptz not null default now()
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists early_message_statuses;');
  }
}
