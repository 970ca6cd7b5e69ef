// What one business may spend (issue #18 point 3): a self-registered business must not be able to
// buy the platform's Twilio account empty, search numbers in a loop, or make the sandbox place calls
// and texts as fast as it can send requests. Limits come from the environment (LIMIT_*); a use over
// its limit is refused with 429 and when to try again, and changes nothing.
import type { ApiConfig } from '../config';
import { tooManyRequests } from './errors';
import type { TenantScope } from './tenant-scope';

export type LimitedAction = 'number_search' | 'number_purchase' | 'sandbox_call' | 'sandbox_text' | 'owner_text';

interface Limit {
  max: number;
  windowSeconds: number;
  /** "number searches", as the error names them. */
  what: string;
}

export interface BusinessLimits {
  /** Phone numbers one business may hold at once. */
  phoneNumbers: number;
  /** Counts one use of `action` for the business; throws 429 when it is over its limit. */
  spend(scope: TenantScope, action: LimitedAction): Promise<void>;
}

export function createBusinessLimits(config: ApiConfig): BusinessLimits {
  const HOUR = 3600;
  const MINUTE = 60;
  const limits: Record<LimitedAction, Limit> = {
    number_search: { max: config.LIMIT_NUMBER_SEARCHES_PER_HOUR, windowSeconds: HOUR, what: 'number searches an hour' },
    number_purchase: { max: config.LIMIT_NUMBER_PURCHASES_PER_HOUR, windowSeconds: HOUR, what: 'numbers bought or attached an hour' },
    sandbox_call: { max: config.LIMIT_SANDBOX_CALLS_PER_MINUTE, windowSeconds: MINUTE, what: 'sandbox calls a minute' },
    sandbox_text: { max: config.LIMIT_SANDBOX_TEXTS_PER_MINUTE, windowSeconds: MINUTE, what: 'sandbox texts a minute' },
    owner_text: { max: config.LIMIT_OWNER_TEXTS_PER_MINUTE, windowSeconds: MINUTE, what: 'texts a minute from the dashboard' },
  };
  return {
    phoneNumbers: config.LIMIT_PHONE_NUMBERS,
    async spend(scope, action) {
      const limit = limits[action];
      const use = await scope.countUse(action, limit.windowSeconds);
      if (use.count <= limit.max) return;
      const retryAfterSeconds = Math.max(1, Math.ceil((use.windowEndsAt.getTime() - Date.now()) / 1000));
      throw tooManyRequests(
        `at most ${limit.max} ${limit.what} per business; try again in ${retryAfterSeconds} s`,
        retryAfterSeconds,
        'limit_reached',
      );
    },
  };
}
