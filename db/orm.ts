// One way to open the database, for the api, the worker and scripts.
import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import path from 'node:path';
import { ENTITIES } from './entities';

export type Orm = MikroORM<PostgreSqlDriver>;

export function initORM(databaseUrl: string, { poolMax = 10 }: { poolMax?: number } = {}): Promise<Orm> {
  return MikroORM.init<PostgreSqlDriver>({
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: {
      path: path.join(__dirname, 'migrations'),
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    pool: { min: 0, max: poolMax },
    // Entities are defined with defineEntity, so no decorator metadata is needed (tsx emits none).
    discovery: { checkDuplicateFieldNames: true },
    debug: false,
  });
}

export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
