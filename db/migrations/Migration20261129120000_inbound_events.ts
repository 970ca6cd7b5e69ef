import { Migration } from '@mikro-orm/migrations';

// Inbound is stored before it is acknowledged (docs/decisions/0013-inbound-delivery.md): each
// caller text and call event Twilio sends is kept with what its workflow must be told, and marked
// delivered once Temporal took the signal; the inbound sweeper re-signals what is not. A text whose
// caller has no conversation yet opens a provisional one, so the dashboard shows it at once; the
// conversation workflow adopts it. Reconciliation keeps a high-water mark per business number.
// Calls from withheld or unusable caller IDs are kept with a flag instead of a phone number.
export class Migration20261129120000_inbound_events extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table inbound_events (
        dedupe_key text primary key,
        tenant_id uuid not null references tenants (id) on delete cascade,
        workflow_id text not null,
        signal_name text not null,
        signal_args jsonb not null,
        start_input jsonb,
        received_at timestamptz not null default now(),
        delivered_at timestamptz,
        attempts integer not null default 0,
        last_error text
      );
      create index inbound_events_undelivered on inbound_events (received_at) where delivered_at is null;
      create index inbound_events_undelivered_by_workflow on inbound_events (workflow_id, received_at) where delivered_at is null;
      create table inbound_watermarks (
        e164 text primary key,
        last_seen_at timestamptz not null
      );
      alter table conversations add column provisional boolean not null default false;
      alter table calls add column caller_withheld boolean not null default false;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table calls drop column if exists caller_withheld;
      alter table conversations drop column if exists provisional;
      drop table if exists inbound_watermarks;
      drop table if exists inbound_events;
    `);
  }
}
