import { Migration } from '@mikro-orm/migrations';

// What the conversation workflow needs in the read model: business settings, the lead's fields,
// the link to a caller's previous conversation, opt-outs (per business and number) and owner alerts.
export class Migration20261126140000_conversations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table tenants add column settings jsonb not null default '{}'::jsonb;
      alter table conversations add column lead jsonb not null default '{}'::jsonb;
      alter table conversations add column previous_conversation_id uuid references conversations (id) on delete set null;
      create table opt_outs (
        tenant_id uuid not null references tenants (id) on delete cascade,
        phone text not null,
        opted_out_at timestamptz not null default now(),
        primary key (tenant_id, phone)
      );
      create table alerts (
        id uuid primary key default gen_random_uuid(),
        tenant_id uuid not null references tenants (id) on delete cascade,
        conversation_id uuid references conversations (id) on delete cascade,
        kind text not null,
        body text not null,
        workflow_id text not null,
        seq integer not null,
        attempted_at timestamptz,
        twilio_sid text,
        created_at timestamptz not null default now(),
        unique (workflow_id, seq)
      );
      create index alerts_by_tenant on alerts (tenant_id, created_at desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists alerts, opt_outs;
      alter table conversations drop column if exists previous_conversation_id, drop column if exists lead;
      alter table tenants drop column if exists settings;
    `);
  }
}
