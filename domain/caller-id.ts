// Who called, as Twilio's From says it. A withheld, anonymous or unusable caller ID is still a
// caller: their call is forwarded to the owner like any other; only the text-back, which needs a
// number to text, is skipped. Pure, so workflows and the dashboard may use it.
import { toE164 } from './phone';

export type CallerId = { kind: 'number'; e164: string } | { kind: 'withheld' };

/**
 * Twilio's stand-ins for a hidden number: `anonymous` / `Anonymous`, `Restricted`, `Unknown`,
 * `Unavailable`, `private`, and +266696687 (a fixed number Twilio uses for anonymous callers).
 */
const WITHHELD_MARKERS = new Set(['anonymous', 'restricted', 'unknown', 'unavailable', 'private', 'blocked', '+266696687', '266696687']);

export function parseCallerId(raw: string | undefined): CallerId {
  const trimmed = (raw ?? '').trim();
  if (WITHHELD_MARKERS.has(trimmed.toLowerCase())) return { kind: 'withheld' };
  const e164 = toE164(trimmed);
  return e164 ? { kind: 'number', e164 } : { kind: 'withheld' };
}
