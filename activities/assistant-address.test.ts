// The assistant's answer checked against the map: the real Google Maps client (providers/
// google-maps.ts) against the local emulator, the owner's area as Settings stores it, and the
// address rules of domain/address-check.ts. Each test names the bug it would catch.
import fc from 'fast-check';
import { createAddressLookup, type AddressLookup } from '../providers/google-maps';
import { serveGoogleMaps } from '../sandbox/google-maps-emulator';
import { decideAddress, type AddressFacts } from '../domain/address-check';
import { withProfileDefaults, type ServiceArea } from '../domain/business-profile';
import type { LeadFields } from '../contracts/conversation-workflow';
import { checkAddress, type AddressTurn } from './assistant-address';
import type { AssistantDecision } from './assistant-safety-net';
import type { PromptContext } from './assistant-protocol';

const API_KEY = 'address-check-test-key';
let emulator: { baseUrl: string; close(): Promise<void> };
let lookup: AddressLookup;
beforeAll(async () => {
  emulator = await serveGoogleMaps({ apiKey: API_KEY });
  lookup = createAddressLookup({ apiKey: API_KEY, baseUrl: emulator.baseUrl });
});
afterAll(() => emulator.close());

const AUSTIN_AREA: ServiceArea = {
  description: 'Austin and 25 miles around',
  zipCodes: [],
  cities: [],
  radiusMiles: 25,
  radiusAround: '500 Congress Ave, Austin, TX 78701',
};

function turn(caller: string, lead: LeadFields = {}, area: ServiceArea = AUSTIN_AREA): AddressTurn {
  const business = withProfileDefaults({ serviceArea: area }, { name: 'Lone Star Plumbing', trade: 'plumbing' });
  const context: PromptContext = { business, hours: '', timeZone: 'America/Chicago', now: '', lead, returningCustomer: null };
  return { context, lead, transcript: [{ author: 'caller', body: caller, at: '2026-11-29T10:00:00Z' }] };
}

function answer(serviceAddress: string | undefined, more: Partial<AssistantDecision> = {}): AssistantDecision {
  return {
    reply: 'Thanks! What is your name?',
    fields: { jobDescription: 'leaking faucet', ...(serviceAddress ? { serviceAddress } : {}) },
    action: 'reply',
    emergency: false,
    optOut: false,
    ...more,
  };
}

const check = (address: string | undefined, t: AddressTurn = turn(address ?? ''), more: Partial<AssistantDecision> = {}) =>
  checkAddress({ lookup }, t, answer(address, more));

test('an address Google confirms inside the area: the lead keeps the formatted address, its parts and coordinates', async () => {
  const decision = await check('123 Main St, Austin, TX 78701');
  expect(decision.reply).toBe('Thanks! What is your name?');
  expect(decision.action).toBe('reply');
  expect(decision.fields.serviceAddress).toBe('123 Main St, Austin, TX 78701');
  expect(decision.fields.place).toEqual({
    formatted: '123 Main St, Austin, TX 78701',
    street: '123 Main St',
    city: 'Austin',
    state: 'TX',
    zip: '78701',
    lat: 30.2713,
    lng: -97.7426,
    check: 'confirmed',
    inArea: true,
  });
  expect(decision.fields.jobDescription).toBe('leaking faucet');
});

test('an address in another state is declined politely, naming the area, and the lead is lost as out_of_area (the bug: Dallas was accepted)', async () => {
  const decision = await check('1500 Marilla St, Dallas, TX 75201', turn('1500 Marilla St, Dallas, TX 75201'), { action: 'offer_slots' });
  expect(decision).toMatchObject({ action: 'close', declineReason: 'out_of_area', fields: { declineReason: 'out_of_area' } });
  expect(decision.reply).toMatch(/Lone Star Plumbing only works in Austin and 25 miles around/);
  expect(decision.fields.place).toMatchObject({ check: 'confirmed', inArea: false, city: 'Dallas' });
  expect(decision.tellOwner).toBeUndefined();
});

test('the owner who asked to hear of out-of-area callers is told; one who did not is not', async () => {
  const asked = await checkAddress(
    { lookup },
    turn('x', {}, { ...AUSTIN_AREA, alertOutOfArea: true }),
    answer('200 Broadway, New York, NY 10007'),
  );
  expect(asked).toMatchObject({ declineReason: 'out_of_area', tellOwner: true });
});

test('a place Google had to guess is read back once; the second time it is taken as the caller says', async () => {
  const first = await check('Main St, Austin TX');
  expect(first.action).toBe('reply');
  expect(first.reply).toMatch(/^Just to check: is the address .*Austin, TX.*\? Reply YES/);
  expect(first.reply).not.toMatch(/USA/);
  // Google's guess stands until the caller corrects it: a "yes" needs nothing more.
  expect(first.fields.serviceAddress).toBe(first.fields.place!.formatted);
  expect(first.fields.place).toMatchObject({ check: 'unconfirmed', readBack: true, inArea: true });

  const again = await check('Main Street, Austin', turn('Main Street, Austin', { place: first.fields.place! }));
  expect(again.reply).toBe('Thanks! What is your name?');
  expect(again.fields.serviceAddress).toBeDefined();
  expect(again.fields.place).toMatchObject({ readBack: true });
});

test('an address Google cannot find: the caller is asked for the full address once, then it is kept as written', async () => {
  const first = await check('9 Nowhere Rd, Atlantis');
  expect(first.reply).toMatch(/couldn't find that address/);
  expect(first.fields.place).toMatchObject({ check: 'not_found', readBack: true, formatted: '9 Nowhere Rd, Atlantis' });
  const again = await check('9 Nowhere Road, Atlantis', turn('9 Nowhere Road', { place: first.fields.place! }));
  expect(again.fields.serviceAddress).toBe('9 Nowhere Road, Atlantis');
  expect(again.reply).toBe('Thanks! What is your name?');
});

test("the caller's apartment or unit is kept with Google's address (the technician needs the door)", async () => {
  const decision = await check('123 Main St Apt 3B, Austin, TX 78701');
  expect(decision.fields.serviceAddress).toBe('123 Main St Apt 3B, Austin, TX 78701');
  const spanish = await check('123 Main St depto 210, Austin, TX 78701', turn('vivo en 123 Main St depto 210, Austin, TX 78701'));
  expect(spanish.fields.serviceAddress).toBe('123 Main St depto 210, Austin, TX 78701');
});

test("a street without its town is looked for in the business's town and read back, not assumed", async () => {
  const decision = await check('12 Rainey St');
  expect(decision.reply).toMatch(/^Just to check: is the address 12 Rainey St, Austin, TX( 7\d{4})?\?/);
  expect(decision.fields.place).toMatchObject({ check: 'unconfirmed', readBack: true, inArea: true, city: 'Austin' });
  expect(decision.fields.serviceAddress).toMatch(/^12 Rainey St, Austin, TX/);
});

test('in Spanish the read-back and the decline are in Spanish', async () => {
  const readBack = await check('Main St, Austin TX', turn('la dirección es Main St, Austin TX por favor'));
  expect(readBack.reply).toMatch(/^Solo para confirmar/);
  const decline = await check('1500 Marilla St, Dallas, TX 75201', turn('mi casa está en 1500 Marilla St, Dallas, TX 75201, gracias'));
  expect(decline.reply).toMatch(/^Lo siento, Lone Star Plumbing solo trabaja en/);
});

test('a decline the model made by words is undone when the map says the address is inside (geometry decides, not words)', async () => {
  const decision = await check('2000 Round Rock Ave, Round Rock, TX 78681', undefined, {
    action: 'close',
    declineReason: 'out_of_area',
    reply: 'Sorry, we do not serve Round Rock.',
  });
  expect(decision.action).toBe('reply');
  expect(decision.declineReason).toBeUndefined();
  expect(decision.fields.declineReason).toBeUndefined();
  expect(decision.reply).toMatch(/Good news: we do work in Round Rock/);
});

test('no area drawn: every address is in, nothing is declined', async () => {
  const decision = await checkAddress(
    { lookup },
    turn('x', {}, { description: '', zipCodes: [], cities: [] }),
    answer('200 Broadway, New York, NY 10007'),
  );
  expect(decision.action).toBe('reply');
  expect(decision.fields.place).not.toHaveProperty('inArea');
});

test('an area drawn only with names the map cannot place turns nobody away (a typo must not decline every caller)', async () => {
  const typo = await checkAddress(
    { lookup },
    turn('x', {}, { description: '', zipCodes: [], cities: ['Austn'] }),
    answer('200 Broadway, New York, NY 10007'),
  );
  expect(typo.action).toBe('reply');
  expect(typo.fields.place).not.toHaveProperty('inArea');
});

test('Google refusing (a bad key) does not hold the caller up, and the key never reaches the log', async () => {
  const warnings: unknown[] = [];
  const refused = createAddressLookup({ apiKey: 'wrong-secret-key', baseUrl: emulator.baseUrl });
  const decision = await checkAddress(
    { lookup: refused, log: { warn: (...args: unknown[]) => warnings.push(args) } as never },
    turn('x'),
    answer('123 Main St, Austin, TX 78701'),
  );
  expect(decision.reply).toBe('Thanks! What is your name?');
  expect(decision.fields.place).toMatchObject({ check: 'unchecked', formatted: '123 Main St, Austin, TX 78701' });
  expect(warnings).toHaveLength(1);
  expect(JSON.stringify(warnings)).not.toMatch(/wrong-secret-key/);
});

test('emergencies, opt-outs, handoffs and an address already known are not looked up', async () => {
  let calls = 0;
  const counting: AddressLookup = async (...args) => {
    calls += 1;
    return lookup(...args);
  };
  const address = '1500 Marilla St, Dallas, TX 75201';
  for (const more of [
    { emergency: true, action: 'handoff' as const },
    { optOut: true, action: 'close' as const },
    { action: 'handoff' as const },
  ]) {
    expect(await checkAddress({ lookup: counting }, turn(address), answer(address, more))).toEqual(answer(address, more));
  }
  expect(await checkAddress({ lookup: counting }, turn(address, { serviceAddress: address }), answer(address))).toEqual(answer(address));
  expect(await checkAddress({}, turn(address), answer(address))).toEqual(answer(address));
  expect(calls).toBe(0);
});

describe('the address rules, over every combination of facts', () => {
  const seed = process.env.ADDRESS_SEED ? Number(process.env.ADDRESS_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
  afterAll(() => process.stdout.write(`[address properties] seed ${seed} (replay: ADDRESS_SEED=${seed})\n`));
  const facts: fc.Arbitrary<AddressFacts> = fc.record(
    {
      given: fc.string(),
      lookup: fc.constantFrom('confirmed', 'unconfirmed', 'not_found', 'failed'),
      formatted: fc.string({ minLength: 1 }),
      inArea: fc.boolean(),
      alreadyReadBack: fc.boolean(),
    },
    { requiredKeys: ['given', 'lookup', 'alreadyReadBack'] },
  );

  test('never a second read-back; outside is always declined; a confirmed place inside is always taken', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const outcome = decideAddress(f);
        if (f.alreadyReadBack) expect(outcome.kind).not.toBe('read_back');
        if (f.inArea === false) expect(outcome.kind).toBe('decline');
        else expect(outcome.kind).not.toBe('decline');
        if (f.lookup === 'confirmed' && f.inArea !== false) expect(outcome.kind).toBe('accept');
        if (f.lookup === 'failed' && f.inArea !== false) expect(outcome.kind).toBe('accept');
      }),
      { seed, numRuns: 500 },
    );
  });
});
