// What the api is built from; tests build it with real servers and their own settings.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { ApiConfig } from '../config';
import type { Orm } from '../db/orm';
import type { Tokens } from './auth';

export interface ApiDeps {
  config: ApiConfig;
  orm: Orm;
  temporal: Client;
  tokens: Tokens;
  log: Logger;
}
