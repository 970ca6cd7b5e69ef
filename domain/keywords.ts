// Opt-out, opt-in and help keywords (docs/product.md, rules that are never broken). A keyword counts only
// alone in the message: "stop by tomorrow" is a caller talking, "STOP" is a legal opt-out. CANCEL
// alone is an opt-out too (carriers treat it so), even from a caller with an appointment; "cancel my
// appointment" is not a keyword and goes to the assistant.
import { fitName } from './gsm7';

export type KeywordIntent = 'opt_out' | 'opt_in' | 'help';

export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

const INTENT_BY_KEYWORD: ReadonlyMap<string, KeywordIntent> = new Map<string, KeywordIntent>([
  ...OPT_OUT_KEYWORDS.map((keyword) => [keyword, 'opt_out'] as const),
  ...OPT_IN_KEYWORDS.map((keyword) => [keyword, 'opt_in'] as const),
  ...HELP_KEYWORDS.map((keyword) => [keyword, 'help'] as const),
]);

/** Longer than any keyword with generous decoration: such a message is never a keyword. */
const MAX_KEYWORD_MESSAGE_LENGTH = 64;

/**
 * The keyword a message consists of, or undefined. Case, surrounding whitespace (including
 * zero-width and non-breaking spaces), surrounding quotes and trailing punctuation are ignored,
 * as are full-width letters: people type "Stop.", "STOP!!" and "“stop”" and all of them mean it.
 */
export function classifyKeyword(body: string): KeywordIntent | undefined {
  if (typeof body !== 'string' || body.length > MAX_KEYWORD_MESSAGE_LENGTH) return undefined;
  const word = body
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .trim()
    .replace(/^["'‘’“”«»]+/, '')
    .replace(/[\s.!?,;:…"'‘’“”«»]+$/, '')
    .trim()
    .toUpperCase();
  return INTENT_BY_KEYWORD.get(word);
}

/** Answer to HELP/INFO: who is texting and how to reach them. */
export function helpReply(business: { name: string; phone: string }): string {
  const phone = business.phone
    .replace(/[^0-9+()\-. ]/g, '')
    .trim()
    .slice(0, 24);
  const contact = phone === '' ? 'Reply here for help.' : `Call ${phone} or reply here for help.`;
  return fitName(
    (name) => `${name}: we text you back when we miss your call. ${contact} Msg&data rates may apply. Reply STOP to opt out.`,
    business.name,
  );
}

/** The one confirmation after an opt-out: no more texts, and how to come back. */
export function optOutConfirmation(business: { name: string }): string {
  return fitName((name) => `${name}: you are unsubscribed and will get no more texts from us. Reply START to resume.`, business.name);
}

/** Confirmation after START/UNSTOP. */
export function optInConfirmation(business: { name: string }): string {
  return fitName((name) => `${name}: you are subscribed again and can text us here. Reply HELP for help, STOP to opt out.`, business.name);
}
