import { Migration } from '@mikro-orm/migrations';

// What one business spent of its limits (docs/decisions/0022-limits-per-business.md): a counter per
// action and fixed window (an hour of number searches, a minute of sandbox texts). Old windows are
// deleted as new ones are counted.
export class Migration20261129230000_business_usage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table business_usage (
        tenant_id uuid not null references tenants (id) on delete cascade,
        action text not null,
        window_start timestamptz not null,
        count integer not null,
        primary key (tenant_id, action, window_start)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists business_usage;');
  }
}
