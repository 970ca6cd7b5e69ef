import { Migration } from '@mikro-orm/migrations';

// Owner alerts raised by the calendar sync (issue #16; docs/decisions/0025-owner-calendars.md):
// the owner deleted or moved an appointment's event in their own calendar, or the calendar needs
// reconnecting. They are not a conversation workflow's, so they are kept once by a key of their own
// (one alert per event change or per disconnection, however often the sync sees it) rather than by
// (conversation, seq); their seq is drawn negated from a sequence so it never meets a workflow's.
// A change the caller could be told about carries the prepared text; nothing is sent until the
// owner answers ("tell the caller" or "keep as is"), and the answer is kept.
export class Migration20261130020000_calendar_alerts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table alerts
        add column key text,
        add column caller_text text,
        add column answer text check (answer in ('told_caller', 'kept')),
        add column answered_at timestamptz;
      create unique index alerts_once_per_key on alerts (tenant_id, key) where key is not null;
      create sequence calendar_alert_seq;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop sequence if exists calendar_alert_seq;
      drop index if exists alerts_once_per_key;
      alter table alerts drop column if exists answered_at, drop column if exists answer,
        drop column if exists caller_text, drop column if exists key;
    `);
  }
}
