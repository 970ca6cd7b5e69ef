// Registers our search attributes on a Temporal server through the operator service. The dev
// server gets them from its command line too; this covers the time-skipping test server and
// self-hosted clusters (Temporal Cloud registers them in its console instead).
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { status } from '@grpc/grpc-js';
import { SEARCH_ATTRIBUTES } from '../contracts/search-attributes';

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

export async function registerSearchAttributes(connection: Connection, namespace: string, timeoutMs = 5_000): Promise<void> {
  const searchAttributes = Object.fromEntries(SEARCH_ATTRIBUTES.map((key) => [key.name, KEYWORD]));
  try {
    // A short deadline: one version of the Java test server never completes this call; docs/decisions/0001-obtaining-temporal.md.
    // The test server has no ListSearchAttributes, so we add and accept "already exists".
    await connection.withDeadline(Date.now() + timeoutMs, () =>
      connection.operatorService.addSearchAttributes({ namespace, searchAttributes }),
    );
  } catch (error) {
    if ((error as { code?: number }).code !== status.ALREADY_EXISTS) throw error;
  }
}
