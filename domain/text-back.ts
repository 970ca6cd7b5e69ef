// The first text a caller gets after a missed call. It names the business and says how to opt out
// (docs/product.md, rules that are never broken).
export interface TextBackBusiness {
  name: string;
}

export const OPT_OUT_FOOTER = 'Reply STOP to opt out.';

/** How long a text-back may wait at the carrier before it is stale: Twilio's ValidityPeriod. */
export const TEXT_BACK_VALIDITY_SECONDS = 15 * 60;

export function textBackGreeting(business: TextBackBusiness): string {
  return `Hi, this is ${business.name.trim()}. Sorry we missed your call! How can we help? ${OPT_OUT_FOOTER}`;
}

/** The text-back after the caller left a voicemail: it says we got it (docs/product.md journey 3). */
export function textBackAfterVoicemail(business: TextBackBusiness): string {
  return `Hi, this is ${business.name.trim()}. Sorry we missed your call - we got your voicemail and we're on it. Anything to add? ${OPT_OUT_FOOTER}`;
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
