// Local secrets for sandbox mode, generated on first use and kept in .data/ (never in the repo):
// the emulator's account SID and auth token, the JWT key, the embedded database's password and
// the demo owner's password.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function generateSecrets() {
  return {
    JWT_SECRET: randomBytes(32).toString('hex'),
    TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
    TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
    DEMO_PASSWORD: `demo-${randomBytes(4).toString('hex')}`,
  };
}

export function loadOrCreateSecrets(file) {
  if (existsSync(file)) return { ...generateSecrets(), ...JSON.parse(readFileSync(file, 'utf8')) };
  const secrets = generateSecrets();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
