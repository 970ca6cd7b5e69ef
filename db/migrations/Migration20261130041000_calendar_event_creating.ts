import { Migration } from '@mikro-orm/migrations';

// A create is written ahead (issue #16; docs/decisions/0025-owner-calendars.md): calendar_events
// holds a row in state 'creating' before the provider is asked, so an event whose answer was lost
// with the activity is still found (and removed if its appointment was cancelled meanwhile). Until
// the answer, Microsoft's event has no id (Graph names it when it makes it); Google's is known.
export class Migration20261130041000_calendar_event_creating extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table calendar_events
        drop constraint calendar_events_state_check,
        add constraint calendar_events_state_check
          check (state in ('creating', 'placed', 'cancelled', 'deleted_by_owner', 'moved_by_owner')),
        alter column event_id drop not null,
        add constraint calendar_events_named_unless_creating check (event_id is not null or state = 'creating');
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      delete from calendar_events where state = 'creating';
      alter table calendar_events
        drop constraint if exists calendar_events_named_unless_creating,
        alter column event_id set not null,
        drop constraint calendar_events_state_check,
        add constraint calendar_events_state_check check (state in ('placed', 'cancelled', 'deleted_by_owner', 'moved_by_owner'));
    `);
  }
}
