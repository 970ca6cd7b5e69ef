// A developer's own PostgreSQL (DATABASE_URL) is checked before anything starts; without one the
// stack starts the embedded PostgreSQL instead (start.mjs).
/**
 * A DATABASE_URL we cannot use stops the start with one line naming where it points (never its
 * password) and what to do, instead of a migration's stack trace a minute later.
 */
export async function assertDatabaseReachable(databaseUrl, timeoutMs = 5_000) {
  let where = 'DATABASE_URL';
  try {
    const url = new URL(databaseUrl);
    where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    throw new Error(
      'DATABASE_URL is not a URL (postgres://user:password@host:port/database): fix it, or unset it to use the embedded PostgreSQL',
    );
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const reason = error.code === 'ECONNREFUSED' ? 'connection refused' : error.code === 'ENOTFOUND' ? 'unknown host' : error.message;
    throw new Error(
      `cannot reach PostgreSQL at ${where} (DATABASE_URL): ${reason}. Start that server or fix DATABASE_URL, or unset it to use the embedded PostgreSQL`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
