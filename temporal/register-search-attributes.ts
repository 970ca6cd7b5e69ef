// Registers our search attributes on a Temporal server through the operator service. The dev
// server gets them from its command line too; this covers the test server and self-hosted
// clusters (Temporal Cloud registers them in its console instead).
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from './search-attributes';

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

export async function registerSearchAttributes(connection: Connection, namespace: string, timeoutMs = 5_000): Promise<void> {
  const existing = await connection.withDeadline(Date.now() + timeoutMs, () =>
    connection.operatorService.listSearchAttributes({ namespace }),
  );
  const missing = SEARCH_ATTRIBUTES.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  const searchAttributes = Object.fromEntries(missing.map((key) => [key.name, KEYWORD]));
  // A short deadline: one version of the Java test server never completes this call (TOOLCHAIN.md).
  await connection.withDeadline(Date.now() + timeoutMs, () => connection.operatorService.addSearchAttributes({ namespace, searchAttributes }));
}
