import { Migration } from '@mikro-orm/migrations';

// Accounts (issue #6): dashboard sessions whose refresh tokens rotate on every use and are stored
// only as SHA-256 hashes, login throttling that holds across api processes, the owner's name and
// notification preferences, onboarding, the calendar feed's secret, and read markers for the inbox
// and alerts. Why each piece is shaped as it is: docs/decisions/0008-accounts-and-sessions.md.
export class Migration20261126170000_accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table users add column name text,
        add column notifications jsonb not null default '{}'::jsonb;
      -- 64 hex characters (244 random bits) per business; a volatile default gives each row its own.
      alter table tenants add column onboarded_at timestamptz,
        add column calendar_token text not null default replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
      create unique index tenants_calendar_token on tenants (calendar_token);
      alter table conversations add column owner_read_at timestamptz;
      alter table alerts add column read_at timestamptz;

      -- One row per sign-in: a refresh-token family. Revoking it ends every token of the family,
      -- and access tokens name it (sid), so they stop working at once too.
      create table auth_sessions (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references users (id) on delete cascade,
        tenant_id uuid not null references tenants (id) on delete cascade,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        last_refreshed_at timestamptz,
        revoked_at timestamptz,
        revoked_reason text check (revoked_reason in ('logout', 'refresh_token_reused'))
      );
      create index auth_sessions_by_user on auth_sessions (user_id);
      create table refresh_tokens (
        token_hash text primary key,
        session_id uuid not null references auth_sessions (id) on delete cascade,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        used_at timestamptz
      );
      create index refresh_tokens_by_session on refresh_tokens (session_id);

      -- Sign-in attempts per key (account, account+address, address), shared by every api process.
      create table login_throttles (
        key text primary key,
        attempts integer not null default 0,
        last_attempt_at timestamptz not null default now(),
        locked_until timestamptz
      );
      -- Addresses an owner signed in from: an attack on the account from elsewhere does not lock them out.
      create table trusted_logins (
        user_id uuid not null references users (id) on delete cascade,
        ip text not null,
        last_success_at timestamptz not null default now(),
        primary key (user_id, ip)
      );

      create index if not exists calls_by_tenant_time on calls (tenant_id, created_at);
      create index if not exists conversations_by_tenant_created on conversations (tenant_id, created_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists calls_by_tenant_time;
      drop index if exists conversations_by_tenant_created;
      drop table if exists trusted_logins, login_throttles, refresh_tokens, auth_sessions;
      alter table alerts drop column if exists read_at;
      alter table conversations drop column if exists owner_read_at;
      drop index if exists tenants_calendar_token;
      alter table tenants drop column if exists calendar_token, drop column if exists onboarded_at;
      alter table users drop column if exists notifications, drop column if exists name;
    `);
  }
}
