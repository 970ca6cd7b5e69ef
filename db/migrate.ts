// Applies pending migrations: `npm run db:migrate` (DATABASE_URL from the environment).
import { z } from 'zod';
import { loadConfig } from '../config';
import { initORM, migrate } from './orm';

async function main() {
  const { DATABASE_URL } = loadConfig(z.object({ DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }) }));
  const orm = await initORM(DATABASE_URL, { poolMax: 1 });
  try {
    const applied = await migrate(orm);
    process.stdout.write(applied.length ? `applied migrations: ${applied.join(', ')}\n` : 'database schema is up to date\n');
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
