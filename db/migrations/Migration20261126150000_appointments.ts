import { Migration } from '@mikro-orm/migrations';

// Appointments: two callers can never get the same slot of one business. The unique index is the
// final guard (the workflow checks free slots first); a cancelled slot can be booked again.
export class Migration20261126150000_appointments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table appointments (
        id uuid primary key default gen_random_uuid(),
        tenant_id uuid not null references tenants (id) on delete cascade,
        conversation_id uuid not null references conversations (id) on delete cascade,
        caller_phone text not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null check (ends_at > starts_at),
        status text not null default 'booked' check (status in ('booked', 'cancelled')),
        created_at timestamptz not null default now(),
        cancelled_at timestamptz
      );
      create unique index appointments_one_booking_per_slot on appointments (tenant_id, starts_at) where status = 'booked';
      create index appointments_by_tenant_time on appointments (tenant_id, starts_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists appointments;');
  }
}
