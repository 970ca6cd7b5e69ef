import { Migration } from '@mikro-orm/migrations';

// The foundation's read model. Hand-written SQL: the constraints below carry business rules
// (one open conversation per caller, a Twilio SID stored once, a webhook processed once).
export class Migration20261126120000_foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table tenants (
        id uuid primary key default gen_random_uuid(),
        name text not null,
        trade text not null,
        timezone text not null,
        owner_phone text not null,
        created_at timestamptz not null default now()
      );
      create table users (
        id uuid primary key default gen_random_uuid(),
        tenant_id uuid not null references tenants (id) on delete cascade,
        email text not null unique,
        password_hash text not null,
        created_at timestamptz not null default now()
      );
      create table phone_numbers (
        id uuid primary key default gen_random_uuid(),
        tenant_id uuid not null references tenants (id) on delete cascade,
        e164 text not null unique,
        twilio_sid text,
        created_at timestamptz not null default now()
      );
      create table calls (
        id uuid primary key default gen_random_uuid(),
        tenant_id uuid not null references tenants (id) on delete cascade,
        call_sid text not null unique,
        caller_phone text not null,
        business_phone text not null,
        dial_status text not null,
        created_at timestamptz not null default now()
      );
      create table conversations (
        id uuid primary key,
        tenant_id uuid not null references tenants (id) on delete cascade,
        caller_phone text not null,
        workflow_id text not null,
        lead_status text not null default 'new',
        mode text not null default 'ai' check (mode in ('ai', 'human')),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        last_message_at timestamptz,
        last_message_preview text,
        closed_at timestamptz
      );
      create unique index conversations_one_open_per_caller on conversations (tenant_id, caller_phone) where closed_at is null;
      create index conversations_by_activity on conversations (tenant_id, last_message_at desc nulls last);
      create table messages (
        id uuid primary key default gen_random_uuid(),
        tenant_id uuid not null references tenants (id) on delete cascade,
        conversation_id uuid not null references conversations (id) on delete cascade,
        direction text not null check (direction in ('inbound', 'outbound')),
        author text not null,
        body text not null,
        twilio_sid text unique,
        status text not null,
        num_segments integer not null default 1,
        error_code integer,
        created_at timestamptz not null default now()
      );
      create index messages_by_conversation on messages (conversation_id, created_at);
      create table webhook_events (
        dedupe_key text primary key,
        tenant_id uuid references tenants (id) on delete cascade,
        received_at timestamptz not null default now()
      );
      create table sms_outbox (
        workflow_id text not null,
        seq integer not null,
        tenant_id uuid not null references tenants (id) on delete cascade,
        conversation_id uuid not null references conversations (id) on delete cascade,
        to_phone text not null,
        from_phone text not null,
        body text not null,
        author text not null,
        attempted_at timestamptz,
        twilio_sid text unique,
        created_at timestamptz not null default now(),
        primary key (workflow_id, seq)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists sms_outbox, webhook_events, messages, conversations, calls, phone_numbers, users, tenants cascade;');
  }
}
