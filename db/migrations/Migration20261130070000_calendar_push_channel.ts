import { Migration } from '@mikro-orm/migrations';

// The push channel registered last for a connection (Google: channel id and resource id; Graph:
// subscription id), so the next one can end it instead of leaving both notifying until the old one
// expires, and disconnecting can end it (docs/decisions/0025-owner-calendars.md).
export class Migration20261130070000_calendar_push_channel extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table calendar_connections add column push_channel jsonb;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table calendar_connections drop column if exists push_channel;');
  }
}
