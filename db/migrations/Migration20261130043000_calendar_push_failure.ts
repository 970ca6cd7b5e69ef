import { Migration } from '@mikro-orm/migrations';

// Why the last push of bookings into the owner's calendar failed, or null when it went through
// (docs/decisions/0025-owner-calendars.md). Kept apart from last_failure, which the pull of the
// same round clears: a calendar that refuses our events (one the owner can only read) must not
// look "in sync" while no booking reaches it.
export class Migration20261130043000_calendar_push_failure extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table calendar_connections add column push_failure text;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table calendar_connections drop column if exists push_failure;');
  }
}
