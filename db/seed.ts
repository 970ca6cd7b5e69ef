// Seeds the sandbox demo: a business with a sandbox number (bought from the Twilio emulator
// through the real SDK, webhooks pointing at this api) and an owner login. Idempotent: run on
// every `npm run dev`, it re-attaches the number when the in-memory emulator has restarted.
import { numberWebhookUrls } from '../contracts/webhook-paths';
import { hash } from '@node-rs/argon2';
import { z } from 'zod';
import { createTwilioClient, type TwilioClient } from '../providers/twilio-client';
import { loadConfig } from '../config';
import type { BusinessProfile } from '../domain/business-profile';
import { createOwner, setPasswordHash, userByEmail } from './accounts';
import { createBusiness, fillProfileIfMissing, markOnboarded } from './businesses';
import { initORM } from './orm';
import { keepPhoneNumber, listPhoneNumbers } from './phone-numbers';

const seedSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  TWILIO_ACCOUNT_SID: z.string().min(1),
  TWILIO_AUTH_TOKEN: z.string().min(1),
  TWILIO_API_URL: z.url(),
  PUBLIC_URL: z.url().transform((value) => value.replace(/\/+$/, '')),
  DEMO_EMAIL: z.email().default('owner@demo.nevermisscall.test'),
  DEMO_PASSWORD: z.string().min(8),
  DEMO_BUSINESS_NAME: z.string().default('Ace Plumbing & Heating'),
  DEMO_OWNER_PHONE: z.string().default('+17375550188'),
  DEMO_AREA_CODE: z.coerce.number().int().default(512),
});

/** What the demo assistant knows: a small price book to quote, the area and jobs it takes. */
const DEMO_PROFILE: Partial<BusinessProfile> = {
  jobsTaken: ['leaks and burst pipes', 'drain cleaning', 'water heaters', 'toilets and faucets', 'garbage disposals'],
  jobsDeclined: ['roofing', 'pool repair', 'septic tanks'],
  // 25 miles around the shop, plus the towns (all of Austin, some of whose ZIP codes lie farther out).
  serviceArea: {
    description: 'Austin and 25 miles around',
    zipCodes: [],
    cities: ['Austin', 'Round Rock', 'Cedar Park', 'Pflugerville'],
    radiusMiles: 25,
    radiusAround: '1100 E 5th St, Austin, TX 78702',
  },
  assistantName: 'Sam',
  tone: 'friendly',
  priceBook: [
    { service: 'Service call', price: '$89' },
    { service: 'Drain cleaning', price: '$149' },
    { service: 'Water heater flush', price: '$120' },
  ],
};

export interface SeededDemo {
  tenantId: string;
  email: string;
  businessName: string;
  businessNumber: string;
}

async function attachNumber(twilio: TwilioClient, publicUrl: string, existing: string | undefined, areaCode: number) {
  const urls = numberWebhookUrls(publicUrl);
  if (existing) {
    const [owned] = await twilio.incomingPhoneNumbers.list({ phoneNumber: existing, limit: 1 });
    if (owned) return twilio.incomingPhoneNumbers(owned.sid).update(urls);
    return twilio.incomingPhoneNumbers.create({ phoneNumber: existing, ...urls });
  }
  const [available] = await twilio.availablePhoneNumbers('US').local.list({ areaCode, limit: 1 });
  if (!available) throw new Error(`the Twilio emulator has no number in area code ${areaCode}`);
  return twilio.incomingPhoneNumbers.create({ phoneNumber: available.phoneNumber, friendlyName: 'NeverMissCall demo', ...urls });
}

export async function seedDemo(env: NodeJS.ProcessEnv = process.env): Promise<SeededDemo> {
  const config = loadConfig(seedSchema, env);
  const orm = await initORM(config.DATABASE_URL, { poolMax: 2 });
  const twilio = createTwilioClient({
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    apiUrl: config.TWILIO_API_URL,
  });
  try {
    const em = orm.em.fork();
    const passwordHash = await hash(config.DEMO_PASSWORD);
    const user = await userByEmail(em, config.DEMO_EMAIL);
    let tenantId: string;
    if (user) {
      tenantId = user.tenantId;
      // The password lives in .data/ beside the database; keep the two in step.
      await setPasswordHash(em, user.id, passwordHash);
    } else {
      ({ id: tenantId } = await createBusiness(em, {
        name: config.DEMO_BUSINESS_NAME,
        trade: 'plumbing',
        timeZone: 'America/Chicago',
        ownerPhone: config.DEMO_OWNER_PHONE,
        settings: { profile: DEMO_PROFILE },
      }));
      if (!(await createOwner(em, { tenantId, email: config.DEMO_EMAIL, passwordHash }))) {
        throw new Error(`${config.DEMO_EMAIL} was registered while the demo was being seeded; run the seed again`);
      }
    }
    const [current] = await listPhoneNumbers(em, tenantId);
    // The demo is set up already: the dashboard goes straight to the inbox, and the assistant has a
    // profile to work from (also for demo data made before profiles existed).
    await markOnboarded(em, tenantId);
    await fillProfileIfMissing(em, tenantId, DEMO_PROFILE);
    const number = await attachNumber(twilio, config.PUBLIC_URL, current?.e164, config.DEMO_AREA_CODE);
    await keepPhoneNumber(em, tenantId, number.phoneNumber, number.sid);
    return { tenantId: tenantId, email: config.DEMO_EMAIL, businessName: config.DEMO_BUSINESS_NAME, businessNumber: number.phoneNumber };
  } finally {
    await orm.close();
  }
}

if (require.main === module) {
  seedDemo()
    .then((demo) => process.stdout.write(`${JSON.stringify(demo)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`seeding the demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
