import { Migration } from '@mikro-orm/migrations';

// The business's security-relevant events (issue #18 point 6), shown to the owner as "Recent
// account activity": sign-ins, refused sign-ins, a reused refresh token, numbers bought, attached
// and released, settings changed, takeovers. Short details only, never a secret.
export class Migration20261129231000_account_activity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table account_activity (
        id uuid primary key default gen_random_uuid(),
        tenant_id uuid not null references tenants (id) on delete cascade,
        kind text not null,
        detail text not null default '',
        created_at timestamptz not null default now()
      );
      create index account_activity_recent on account_activity (tenant_id, created_at desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists account_activity;');
  }
}
