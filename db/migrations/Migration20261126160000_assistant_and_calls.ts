import { Migration } from '@mikro-orm/migrations';

// AI accounting (issue #4: tokens, model and latency per turn, summed per business per day) and
// what a call left behind (issue #5: whether the owner accepted the screened call, the voicemail).
export class Migration20261126160000_assistant_and_calls extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table ai_turns (
        id uuid primary key default gen_random_uuid(),
        tenant_id uuid not null references tenants (id) on delete cascade,
        conversation_id uuid not null references conversations (id) on delete cascade,
        -- One row per activity attempt: a retried activity does not count its turn twice.
        activity_key text not null unique,
        model text not null,
        prompt_tokens integer not null default 0,
        completion_tokens integer not null default 0,
        latency_ms integer not null,
        model_attempts integer not null default 1,
        outcome text not null check (outcome in ('ok', 'fallback')),
        next_action text,
        reply_segments integer not null default 0,
        created_at timestamptz not null default now()
      );
      create index ai_turns_by_conversation on ai_turns (conversation_id, created_at);
      create index ai_turns_by_business_day on ai_turns (tenant_id, created_at);
      alter table conversations add column assistant_model text;
      alter table calls add column owner_accepted_at timestamptz,
        add column recording_sid text,
        add column recording_url text,
        add column recording_duration_s integer,
        add column transcription text,
        add column conversation_id uuid references conversations (id) on delete set null;
      alter table calls alter column dial_status drop not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists ai_turns;
      alter table conversations drop column if exists assistant_model;
      alter table calls drop column if exists owner_accepted_at, drop column if exists recording_sid,
        drop column if exists recording_url, drop column if exists recording_duration_s,
        drop column if exists transcription, drop column if exists conversation_id;
    `);
  }
}
