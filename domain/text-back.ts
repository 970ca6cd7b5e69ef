// The first text a caller gets after a missed call. It names the business and says how to opt out
// (docs/product.md, rules that are never broken), and when the assistant carries the conversation
// it says so: "Ace Plumbing (automated assistant): ..." (issue #15 point 4; several US states
// require a bot to say it is one). While the owner has the conversation the text is theirs and
// is not labelled. The label is short on purpose: after hours, with the closing note, the text
// stays one segment and its opt-out footer stays within the dashboard's 140-character preview for
// names up to 22 characters (domain/text-back.test.ts).
export interface TextBackBusiness {
  name: string;
}

export interface TextBackVoice {
  /** The assistant carries the conversation (true unless the owner has taken it over). */
  automated?: boolean;
}

export const OPT_OUT_FOOTER = 'Reply STOP to opt out.';

/** How long a text-back may wait at the carrier before it is stale: Twilio's ValidityPeriod. */
export const TEXT_BACK_VALIDITY_SECONDS = 15 * 60;

/** Who is writing: "Ace Plumbing (automated assistant):" or, for the owner, "Hi, this is Ace Plumbing." */
function sender(business: TextBackBusiness, { automated = true }: TextBackVoice): string {
  return automated ? `${business.name.trim()} (automated assistant):` : `Hi, this is ${business.name.trim()}.`;
}

export function textBackGreeting(business: TextBackBusiness, voice: TextBackVoice = {}): string {
  return `${sender(business, voice)} Sorry we missed your call! How can we help? ${OPT_OUT_FOOTER}`;
}

/** The text-back after the caller left a voicemail: it says we got it (docs/product.md journey 3). */
export function textBackAfterVoicemail(business: TextBackBusiness, voice: TextBackVoice = {}): string {
  return `${sender(business, voice)} Sorry we missed your call - we got your voicemail and we're on it. Anything to add? ${OPT_OUT_FOOTER}`;
}

/**
 * After hours the text-back says when the business will answer (the text-back journey and the
 * quiet-hours rule), e.g. "We're closed; we'll reply Mon 8:00 AM." — short, so the first text stays
 * readable in one glance and the opt-out footer stays in the dashboard's preview.
 */
export function withReopening(text: string, reopensAt: string | undefined): string {
  if (!reopensAt) return text;
  return text.replace(` ${OPT_OUT_FOOTER}`, ` We're closed; we'll reply ${reopensAt}. ${OPT_OUT_FOOTER}`);
}
