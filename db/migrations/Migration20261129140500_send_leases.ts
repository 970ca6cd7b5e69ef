import { Migration } from '@mikro-orm/migrations';

// Each outbound text at most once, even when an attempt stalls (docs/decisions/0014-send-once.md):
// an attempt sends only while it holds the row's lease (claimed by compare-and-set, renewed with
// its heartbeat), and a send whose outcome is unknown (timeout, abort, crash) is marked unsettled
// so the next attempt waits until it can no longer land and then looks at Twilio before sending.
export class Migration20261129140500_send_leases extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table sms_outbox
        add column attempt integer not null default 0,
        add column lease_owner text,
        add column lease_until timestamptz,
        add column unsettled_since timestamptz;
      alter table alerts
        add column attempt integer not null default 0,
        add column lease_owner text,
        add column lease_until timestamptz,
        add column unsettled_since timestamptz;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table sms_outbox drop column attempt, drop column lease_owner, drop column lease_until, drop column unsettled_since;
      alter table alerts drop column attempt, drop column lease_owner, drop column lease_until, drop column unsettled_since;
    `);
  }
}
