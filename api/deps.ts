// What the api is built from; tests build it with real servers and their own settings.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { TwilioClient } from '../providers/twilio-client';
import type { ApiConfig } from '../config';
import type { Orm } from '../db/orm';
import type { OwnerCalendars } from '../providers/owner-calendars';
import type { Auth } from './auth';

export interface ApiDeps {
  config: ApiConfig;
  orm: Orm;
  temporal: Client;
  auth: Auth;
  log: Logger;
  /** Provisioning's Twilio client; built from the configuration when not given. */
  twilio?: TwilioClient;
  /** The owners' calendar providers (issue #16); built from the configuration when not given. */
  calendars?: OwnerCalendars;
  /** Tests: check every success body against its OpenAPI schema (a mismatch answers 500). */
  checkResponses?: boolean;
}
