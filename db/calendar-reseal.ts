// Reseals every owner-calendar refresh token under the first key of CALENDAR_TOKEN_KEYS, for a key
// rotation (docs/decisions/0025-owner-calendars.md "Rotating the key"): `npx tsx db/calendar-reseal.ts`
// reseals, `--check` only counts (and exits 1 while any token is under an older key). Tokens reseal
// by themselves when next used; this does it at once, and tells how many open under no configured
// key (those connections need the owner to reconnect). No provider is called, no token printed.
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig, workerSchema } from '../config';
import type { CalendarProvider } from '../providers/owner-calendars';
import { createOwnerCalendars } from '../providers/owner-calendars';
import type { TokenSealer } from '../providers/token-sealing';
import { storeRefreshToken, tokenContextOf } from './calendar-connections';
import { initORM } from './orm';
import { sql } from './sql';

export interface ResealCounts {
  current: number;
  resealed: number;
  stale: number;
  unopenable: number;
}

/** Reseals (or with `check`, counts) the tokens not under the sealer's first key; `tenantId` limits it to one business. */
export async function resealCalendarTokens(
  em: EntityManager,
  sealer: TokenSealer,
  { check = false, tenantId }: { check?: boolean; tenantId?: string } = {},
): Promise<ResealCounts> {
  const counts: ResealCounts = { current: 0, resealed: 0, stale: 0, unopenable: 0 };
  const rows = await sql<{ id: string; tenant_id: string; provider: CalendarProvider; refresh_token_sealed: string }[]>(
    em,
    `select id, tenant_id, provider, refresh_token_sealed from calendar_connections
     where refresh_token_sealed is not null ${tenantId ? 'and tenant_id = ?' : ''}`,
    tenantId ? [tenantId] : [],
  );
  for (const row of rows) {
    if (!sealer.isStale(row.refresh_token_sealed)) {
      counts.current += 1;
      continue;
    }
    const context = tokenContextOf({ tenantId: row.tenant_id, provider: row.provider });
    const token = sealer.open(row.refresh_token_sealed, context);
    if (token === undefined) counts.unopenable += 1;
    else if (check) counts.stale += 1;
    else {
      await storeRefreshToken(em, row.id, sealer.seal(token, context));
      counts.resealed += 1;
    }
  }
  return counts;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const config = loadConfig(workerSchema);
  const orm = await initORM(config.DATABASE_URL, { poolMax: 1 });
  try {
    const counts = await resealCalendarTokens(orm.em.fork(), createOwnerCalendars(config).sealer, { check });
    process.stdout.write(
      `calendar tokens: ${counts.current} under the current key, ` +
        `${check ? `${counts.stale} under an older key` : `${counts.resealed} resealed`}, ` +
        `${counts.unopenable} open under no configured key (their owners must reconnect)\n`,
    );
    if (check && counts.stale > 0) process.exitCode = 1;
  } finally {
    await orm.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`calendar reseal failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
