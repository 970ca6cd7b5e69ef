// Where Twilio reaches us: the paths the api serves and the numbers are configured with (and the
// emulator, the seed, tests and the benchmark post to). Full URLs are PUBLIC_URL + path, which is
// also what Twilio signs.
export const WEBHOOK_PREFIX = '/webhooks/twilio';

export const WEBHOOK_PATHS = {
  /** A call to a business number. */
  voice: `${WEBHOOK_PREFIX}/voice`,
  /** The owner's forwarded leg picked up: the whisper asking them to press 1. */
  screen: `${WEBHOOK_PREFIX}/voice/screen`,
  /** What the owner pressed (or not). */
  screenResult: `${WEBHOOK_PREFIX}/voice/screen-result`,
  /** The forwarded leg ended: answered or missed. */
  dialResult: `${WEBHOOK_PREFIX}/voice/dial-result`,
  /** The caller left a voicemail. */
  voicemail: `${WEBHOOK_PREFIX}/voice/voicemail`,
  /** Twilio's transcription of that voicemail. */
  transcription: `${WEBHOOK_PREFIX}/voice/transcription`,
  /** A text to a business number. */
  sms: `${WEBHOOK_PREFIX}/sms`,
  /** Delivery status of a text we sent, and the number's call status callback. */
  status: `${WEBHOOK_PREFIX}/status`,
} as const;

/** The URLs a business number is configured with, so Twilio calls this deployment. */
export function numberWebhookUrls(publicUrl: string) {
  return {
    voiceUrl: `${publicUrl}${WEBHOOK_PATHS.voice}`,
    voiceMethod: 'POST',
    smsUrl: `${publicUrl}${WEBHOOK_PATHS.sms}`,
    smsMethod: 'POST',
    // Twilio tries the fallback once when the first attempt fails (5xx, timeout): a second chance
    // while an api process restarts. A text that still gets no answer is found by reconciliation.
    voiceFallbackUrl: `${publicUrl}${WEBHOOK_PATHS.voice}`,
    voiceFallbackMethod: 'POST',
    smsFallbackUrl: `${publicUrl}${WEBHOOK_PATHS.sms}`,
    smsFallbackMethod: 'POST',
    statusCallback: `${publicUrl}${WEBHOOK_PATHS.status}`,
    statusCallbackMethod: 'POST',
  } as const;
}
