import { Migration } from '@mikro-orm/migrations';

// Which appointment a calendar alert is about, and the time it states
// (docs/decisions/0025-owner-calendars.md). "Tell the caller" sends the alert's prepared text; if
// the appointment changed after the alert (the caller rescheduled, or the owner moved it again),
// that text would tell the caller something no longer true, so the answer route compares first.
// Older alerts have neither.
export class Migration20261130050000_calendar_alert_appointment extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table alerts
        add column appointment_id uuid,
        add column appointment_starts_at timestamptz;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('alter table alerts drop column if exists appointment_starts_at, drop column if exists appointment_id;');
  }
}
