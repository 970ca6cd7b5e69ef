// Shared by every process's logger (api, worker).
/**
 * Paths never written: passwords, tokens, and the HTTP request an SDK error carries (the twilio
 * SDK's axios errors hold the account's credentials in config.headers.Authorization / config.auth).
 */
export const LOG_REDACTIONS = [
  'password',
  '*.password',
  'refreshToken',
  '*.refreshToken',
  'req.headers.authorization',
  'headers.authorization',
  'err.config',
  'err.request',
  'err.response.config',
  'error.config',
  'error.request',
  'error.response.config',
] as const;
