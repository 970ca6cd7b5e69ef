import { Migration } from '@mikro-orm/migrations';

// The owner's calendars (issue #16): one connection per business and provider, its refresh token
// sealed (AES-256-GCM, providers/token-sealing.ts) and never stored in the clear; which calendars
// count as busy and which receives bookings; where incremental sync resumes. calendar_events ties
// an appointment to the event we made for it, so a retried create, a move and a cancel find it, and
// the owner's own deletion or move of that event (seen by sync) finds its appointment.
export class Migration20261130003000_calendar_connections extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table calendar_connections (
        id uuid primary key default gen_random_uuid(),
        tenant_id uuid not null references tenants (id) on delete cascade,
        provider text not null check (provider in ('google', 'microsoft')),
        account text not null default '',
        refresh_token_sealed text,
        status text not null default 'connected' check (status in ('connected', 'reconnect')),
        calendars jsonb not null default '[]',
        busy_calendar_ids jsonb not null default '[]',
        booking_calendar_id text,
        sync_token text,
        last_synced_at timestamptz,
        last_full_sync_at timestamptz,
        last_failure text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (tenant_id, provider)
      );
      create table calendar_events (
        appointment_id uuid not null references appointments (id) on delete cascade,
        connection_id uuid not null references calendar_connections (id) on delete cascade,
        tenant_id uuid not null references tenants (id) on delete cascade,
        calendar_id text not null,
        event_id text not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        state text not null default 'placed' check (state in ('placed', 'cancelled', 'deleted_by_owner', 'moved_by_owner')),
        updated_at timestamptz not null default now(),
        primary key (appointment_id, connection_id)
      );
      create unique index calendar_events_by_event on calendar_events (connection_id, event_id);
      create table calendar_oauth_states (
        state_hash text primary key,
        tenant_id uuid not null references tenants (id) on delete cascade,
        provider text not null check (provider in ('google', 'microsoft')),
        expires_at timestamptz not null
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'drop table if exists calendar_oauth_states; drop table if exists calendar_events; drop table if exists calendar_connections;',
    );
  }
}
