// Which price-book entry a caller is asking about: synonyms, Spanish, the known job, and the jobs
// the book does not price (nothing quotable: the owner confirms). Then properties over random
// books and texts. Replay a property failure with the seed (and path) it prints:
//   PRICE_SEED=<seed> PRICE_PATH=<path> npx jest --selectProjects unit --testPathPatterns domain/price-match
import fc from 'fast-check';
import type { PriceBookEntry } from './business-profile';
import { matchedAmounts, matchPriceBook } from './price-match';

const BOOK: PriceBookEntry[] = [
  { service: 'Drain cleaning', price: '$149' },
  { service: 'Water heater flush', price: '$120' },
  { service: 'Service call', price: '$89', note: 'diagnosis visit' },
  { service: 'Toilet repair', price: '$125-$225' },
  { service: 'Garbage disposal replacement', price: '$289' },
  { service: 'Water heater replacement (40 gal tank)', price: '$1,450-$1,900' },
  { service: 'Gutter cleaning', price: '$99' },
];
const services = (texts: (string | undefined)[], book = BOOK) => matchPriceBook(book, texts).entries.map((entry) => entry.service);

describe('the entry for the job asked about', () => {
  test.each<[string, string[]]>([
    // The owner's words, and the caller's.
    ['How much is a drain cleaning?', ['Drain cleaning']],
    ['my kitchen drain is clogged, how much?', ['Drain cleaning']],
    ['how much to unclog a drain', ['Drain cleaning']],
    ['the shower drain is really slow', ['Drain cleaning']],
    ['DRAINS backed up again!!', ['Drain cleaning']],
    ['what would you charge to snake a bathroom sink', ['Drain cleaning']],
    ['la regadera está tapada', ['Drain cleaning']],
    ['what do you charge to flush a water heater', ['Water heater flush']],
    ['hot water tank flush price?', ['Water heater flush']],
    ['new water heater, how much?', ['Water heater replacement (40 gal tank)']],
    ['cost to replace my hot water heater', ['Water heater replacement (40 gal tank)']],
    ['our old 50 gallon tank needs swapping for a new one', ['Water heater replacement (40 gal tank)']],
    ["What's your service call fee?", ['Service call']],
    ['what is the trip charge to come out', ['Service call']],
    ['my toilet keeps running', ['Toilet repair']],
    ['toilet is leaking at the base', ['Toilet repair']],
    ['install a new garbage disposal', ['Garbage disposal replacement']],
    ['how much for gutter cleaning', ['Gutter cleaning']],
    // Spanish, accents or not.
    ['¿Cuánto cuesta destapar el desagüe?', ['Drain cleaning']],
    ['Buenas tardes, ¿cuánto cuesta limpiar un drenaje?', ['Drain cleaning']],
    ['cuanto cobran por limpiar la coladera', ['Drain cleaning']],
    ['¿Cuánto por cambiar el calentador de agua?', ['Water heater replacement (40 gal tank)']],
    ['precio de un calentador nuevo', ['Water heater replacement (40 gal tank)']],
    ['¿Cuánto cobran por la visita?', ['Service call']],
    ['el inodoro no funciona', ['Toilet repair']],
    ['instalar un triturador de basura', ['Garbage disposal replacement']],
    // Both entries fit a question that does not say which: both may be quoted.
    ['how much for a water heater?', ['Water heater flush', 'Water heater replacement (40 gal tank)']],
    ['Two things: drain cleaning and a toilet repair', ['Drain cleaning', 'Toilet repair']],
  ])('%j -> %j', (text, expected) => {
    expect(services([text])).toEqual(expected);
    expect(matchPriceBook(BOOK, [text]).basis).toBe('job');
  });
});

describe('a job the book does not price: nothing is quotable, even amounts that are in the book', () => {
  test.each([
    'How much to install a tankless water heater?',
    'How much for a whole house repipe? 3 bed 2 bath',
    'my water heater is leaking, how much to fix it?',
    'the water heater is broken',
    'how much for a boiler repair', // a boiler heats the house: not the water heater entries
    'unclog my toilet', // the book has toilet repair and drain cleaning, not this
    'my garbage disposal is jammed', // a repair, not the replacement
    'how much for a new roof?',
    'how much for cleaning?', // work without a thing
    'how much to fix a leaky faucet',
    '¿Cuánto cuesta un calentador sin tanque?',
    '¿Cuánto cuesta cambiar el techo?',
    'tengo una fuga en la tubería',
  ])('%j', (text) => {
    const match = matchPriceBook(BOOK, [text]);
    expect(match).toEqual({ entries: [], basis: 'job' });
    expect(matchedAmounts(match).size).toBe(0);
  });
});

describe('the job already known decides when the message names none', () => {
  test.each<[(string | undefined)[], string[]]>([
    [['how much will it be?', 'clogged drain'], ['Drain cleaning']],
    [['and the price?', undefined, 'my toilet keeps running'], ['Toilet repair']],
    // Pressed for a ballpark on an unlisted job: still nothing, never the call-out fee.
    [['Just give me a ballpark number, roughly how many dollars?', 'whole house repipe'], []],
    [['más o menos cuánto?', 'calentador sin tanque'], []],
    // Work words alone narrow the known job rather than replace it.
    [['how much to replace it?', 'water heater is leaking'], ['Water heater replacement (40 gal tank)']],
    [['and to flush it?', 'the water heater'], ['Water heater flush']],
    // A new job named in the latest message wins over the known one.
    [['also how much is a new faucet?', 'clogged drain'], []],
    [['and drain cleaning?', 'toilet keeps running'], ['Drain cleaning']],
  ])('%j -> %j', (texts, expected) => {
    expect(services(texts)).toEqual(expected);
  });
});

describe('no job named yet: the general entries only', () => {
  test.each(['how much do you charge?', '¿Cuánto cuesta?', 'Hi, this is Dana. Rates?', 'ballpark?'])('%j', (text) => {
    expect(matchPriceBook(BOOK, [text, undefined])).toEqual({ entries: [BOOK[2]], basis: 'general' });
  });

  test('a book without a general entry has nothing to quote before the job is known', () => {
    expect(matchPriceBook(BOOK.slice(0, 2), ['how much?'])).toEqual({ entries: [], basis: 'general' });
  });

  test.each(['Call-out fee', 'Trip charge', 'Diagnostic visit', 'Visita de servicio'])('%j is a general entry', (service) => {
    expect(services(['price?'], [{ service, price: '$75' }])).toEqual([service]);
  });

  test('a call-out for one thing is not general', () => {
    expect(services(['price?'], [{ service: 'Water heater diagnostic', price: '$75' }])).toEqual([]);
  });
});

test('the amounts a reply may state are those of the matched entries only', () => {
  expect([...matchedAmounts(matchPriceBook(BOOK, ['how much for a water heater?']))].sort()).toEqual([12000, 145000, 190000]);
  expect([...matchedAmounts(matchPriceBook(BOOK, ['drain cleaning?']))]).toEqual([14900]);
});

// ---- Properties ----

const seed = process.env.PRICE_SEED ? Number(process.env.PRICE_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
const replay = { seed, ...(process.env.PRICE_PATH ? { path: process.env.PRICE_PATH } : {}) };
afterAll(() => {
  process.stdout.write(`[price-match properties] seed ${seed}\n`);
});

/** Service names as owners write them, English and Spanish, some sharing words on purpose. */
const SERVICE_NAMES = [
  'Drain cleaning',
  'Main sewer line cleaning',
  'Water heater flush',
  'Water heater replacement (40 gal tank)',
  'Water heater replacement (50 gal tank)',
  'Tankless water heater install',
  'Service call',
  'After-hours service call',
  'Toilet repair',
  'Toilet replacement',
  'Faucet install',
  'Leak repair',
  'Garbage disposal replacement',
  'Gutter cleaning',
  'Hourly labor',
  'Sump pump install',
  'Camera inspection',
  'Limpieza de drenaje',
  'Reparación de inodoro',
  'Cambio de calentador',
];
const book = fc
  .uniqueArray(fc.constantFrom(...SERVICE_NAMES), { minLength: 1, maxLength: 8 })
  .chain((names) =>
    fc.tuple(...names.map((service) => fc.integer({ min: 50, max: 3000 }).map((dollars) => ({ service, price: `$${dollars}` })))),
  );
/** Words no synonym table or service name above contains. */
const unrelated = fc.oneof(
  fc.constantFrom('please', 'asap', 'tomorrow', 'morning', 'neighbor', 'honestly', 'quick', 'question', 'Dana', 'porfa', 'mañana', '!!'),
  fc.stringMatching(/^zq[a-z]{1,6}$/),
);
const noise = fc.array(unrelated, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
/** What callers say: the synonyms and Spanish above, plus price talk and nothing at all. */
const callerText = fc.oneof(
  fc.constantFrom(...SERVICE_NAMES),
  fc.constantFrom(
    'clogged drain',
    'destapar el desagüe',
    'how much is a new water heater',
    'calentador de agua',
    'my toilet keeps running',
    'how much?',
    'cuánto cuesta',
    'tankless heater',
    'leaky faucet',
    'what is your trip charge',
    'boiler',
    'just give me a ballpark',
  ),
);

test('an entry’s own service name always matches that entry', () => {
  fc.assert(
    fc.property(book, (entries) => {
      for (const entry of entries) expect(matchPriceBook(entries, [entry.service]).entries).toContainEqual(entry);
    }),
    replay,
  );
});

test('unrelated words around what the caller said never change the entries matched', () => {
  fc.assert(
    fc.property(book, callerText, noise, noise, fc.option(callerText, { nil: undefined }), (entries, text, before, after, job) => {
      expect(matchPriceBook(entries, [`${before} ${text} ${after}`, job])).toEqual(matchPriceBook(entries, [text, job]));
    }),
    replay,
  );
});

test('whatever is said, a reply may only ever quote amounts written in the book', () => {
  fc.assert(
    fc.property(book, callerText, fc.option(callerText, { nil: undefined }), (entries, text, job) => {
      const match = matchPriceBook(entries, [text, job]);
      for (const entry of match.entries) expect(entries).toContain(entry);
    }),
    replay,
  );
});
