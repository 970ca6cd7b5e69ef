// The safety net's rules, case by case: each row is a way a model (or a caller) could get a bad
// text into a caller's phone, and what must catch it.
import fc from 'fast-check';
import { quotableAmounts } from './business-profile';
import {
  isPlainOptOut,
  looksSpanish,
  MAX_ASSISTANT_REPLY,
  replyProblems,
  segmentCount,
  smsSafeText,
  soundsLikeEmergency,
} from './assistant-safety';

const quotable = quotableAmounts({
  priceBook: [
    { service: 'Drain cleaning', price: '$149' },
    { service: 'Service call', price: '$89 call-out fee' },
  ],
});

test.each([
  ['I smell gas in the kitchen', true],
  ['there is a gas leak', true],
  ['basement is flooding', true],
  ['a pipe burst under the sink', true],
  ['burst pipe!!', true],
  ['sparks coming from the outlet', true],
  ['my CO alarm is going off', true],
  ['carbon monoxide detector beeping', true],
  ['sewage coming up the drain', true],
  ['we have no heat and it is 20 degrees', true],
  ['hay una fuga de gas', true],
  // Found by the eval set: plain words for a burst pipe.
  ['A pipe just burst under the kitchen sink', true],
  ['water is spraying all over the floor', true],
  ['huele a gas en la cocina', true],
  // Plain and Spanish wordings (issue 15): burst or split pipes, gas smells, sewage, CO alarms, floods, sparks.
  ['Se reventó un tubo en la cocina y sale agua por todos lados', true],
  ['la tubería está reventada', true],
  ['huele mucho a gas cerca de la estufa', true],
  ['hay olor a gas en el patio', true],
  ['huele a huevo podrido en el baño', true],
  ['it just split open and the cabinet is filling with water fast', true],
  ['the supply line burst open', true],
  ['whole house smells like rotten eggs', true],
  ['the sewer is backing up into the bathtub', true],
  ['CO detectors keep going off upstairs', true],
  ['se inundó el sótano', true],
  ['se está inundando la cocina', true],
  ['salen chispas del enchufe', true],
  ['alarma de monóxido sonando', true],
  // Texted plainly (dev-2 eval cases): water that will not stop spreading, a broken "pipa", gas smelled strongly.
  ['toilet overflowing and it wont stop', true],
  ['water is going all down the hallway', true],
  ['ayuda se rompio una pipa y hay agua por todo el piso', true],
  ['huele bien fuerte a gas en la cocina', true],
  ['the toilet overflowed once last week', false],
  ['theres like an inch of water in the garage', true],
  ['faucet broke off and water shooting up everywhere', true],
  ['I need a 3/4 inch water line run to the fridge', false],
  ['water going down the drain slowly', false],
  ['can you install a smoke detector', false],
  ['my kitchen drain is backed up', false],
  ['the tub fills with water when I shower', false],
  ['the basement is filling up with water', true],
  ['the leak will not stop dripping', false],
  ['toilet keeps running all night', false],
  ['quiero un calentador nuevo', false],
  ['my new flooring needs a sink', false],
  ['dripping faucet', false],
  ['how much to clean a drain', false],
])('emergency: %s -> %s', (message, expected) => {
  expect(soundsLikeEmergency(message)).toBe(expected);
});

test.each([
  ['leave me alone', true],
  ['Please stop texting me', true],
  ["don't text me again", true],
  ['don’t text me again', true],
  ['dont message me', true],
  ['take me off your list', true],
  ['no más', true],
  ['no mas por favor', true],
  ['no me escribas', true],
  ['déjame en paz', true],
  // Found by the eval set.
  ['Ya no me manden mensajes', true],
  ['Lose my number.', true],
  // Plain and Spanish wordings (issue 15), usted and tú alike.
  ['Quit texting this number, I never called a plumber', true],
  ['please quit texting', true],
  ['take my number off your list', true],
  ['remove this number', true],
  ['put me on your do not text list', true],
  ['no more texts please', true],
  ['Bórrenme de su lista', true],
  ['sáquenme de su lista por favor', true],
  ['no quiero más mensajes', true],
  ['no me escriban más', true],
  ['dejen de escribirme', true],
  ['Olvídelo, ya lo arreglé. Déjeme en paz', true],
  ['déjenme en paz', true],
  // "stop" about the job is no refusal.
  ["the leak won't stop", false],
  ['it will not stop running, can you come?', false],
  ['can you stop the drip before Friday', false],
  ['no más de 100 dólares, por favor', false],
  ['quiero más información', false],
  ['stop by tomorrow if you can', false],
  ['can you text me the price', false],
  ['no more leaks after your fix last time', false],
])('plain opt-out: %s -> %s', (message, expected) => {
  expect(isPlainOptOut(message)).toBe(expected);
});

test.each([
  ['', ['empty']],
  ['   ', ['empty']],
  ['{"reply":"hi"}', ['json']],
  ['[1,2]', ['json']],
  ['Sure! "reply": "hello"', ['json']],
  ['```json\nhi\n```', ['json']],
  ['x'.repeat(MAX_ASSISTANT_REPLY + 1), ['too_long']],
  ['Drain cleaning is $149.', []],
  ['The call-out fee is $89.00', []],
  ['A new water heater is about $1,200', ['ungrounded_price']],
  ['That would be $150', ['ungrounded_price']],
  ["You're booked for Tuesday at 10!", ['claims_booking']],
  ['Your appointment is confirmed.', ['claims_booking']],
  ['See you tomorrow!', ['claims_booking']],
  ['Sure, I can give you a 20% discount', ['promises_discount']],
  ["We'll do it for free", ['promises_discount']],
  ['We can waive the call-out fee', ['promises_discount']],
  ['Thanks! What is the address?', []],
  // Found by the eval set: prices in words, free work, Spanish, and promised arrivals.
  ['Roughly 3,000 dollars for a repipe.', ['ungrounded_price']],
  ['about 200 bucks', ['ungrounded_price']],
  ['Drain cleaning is 149 dollars', []],
  ['Developer mode on. The drain cleaning is free!', ['promises_discount']],
  ['Claro, le damos un 30% de descuento', ['promises_discount']],
  ['la visita es gratis', ['promises_discount']],
  ["Great, John! You're all set for Thursday at 2pm.", ['claims_booking']],
  ['the plumber will be there tomorrow at 9am', ['claims_booking']],
  ['su cita queda confirmada para mañana a las 9', ['claims_booking']],
  ['Can you tell me when suits you best?', []],
])('reply problems: %j -> %j', (reply, expected) => {
  expect(replyProblems(reply, quotable)).toEqual(expected);
});

test('"free" may be said when the price book itself offers something free', () => {
  expect(replyProblems('Estimates are free!', quotable, false, { freeInPriceBook: true })).toEqual([]);
  expect(replyProblems('Estimates are free!', quotable)).toEqual(['promises_discount']);
  expect(replyProblems('We can give you a 10% discount', quotable, false, { freeInPriceBook: true })).toEqual(['promises_discount']);
});

test('a booking may be mentioned once the booking activity succeeded', () => {
  expect(replyProblems("You're booked for Tuesday at 10!", quotable, true)).toEqual([]);
});

test.each([
  ['“Sure” — we’ll be there…', '"Sure" - we\'ll be there...'],
  ['Great 👍 see you', 'Great see you'],
  ['  spaced   out  ', 'spaced out'],
])('SMS-safe text: %j -> %j', (input, expected) => {
  expect(smsSafeText(input)).toBe(expected);
});

test.each([
  ['a'.repeat(160), 1],
  ['a'.repeat(161), 2],
  ['a'.repeat(306), 2],
  ['a'.repeat(307), 3],
  ['é'.repeat(10), 1],
  ['€'.repeat(80), 1],
  ['€'.repeat(81), 2],
])('segments of %#', (text, expected) => {
  expect(segmentCount(text)).toBe(expected);
});

test.each([
  ['Hola, necesito un plomero', true],
  ['tengo una fuga de agua', true],
  ['¿cuánto cuesta?', true],
  ['Hi, I need a plumber', false],
  ['My name is Jose', false],
  // Short and unpunctuated, as people text.
  ['bueno?', true],
  ['quien habla', true],
  ['eres bot?', true],
  ['oiga se me tapo el escusado', true],
  ['lo antes posible porfa', true],
  ['no sirven para nada ustedes', true],
  // English with a word Spanish also has, or a name.
  ['see ya', false],
  ['this is Del', false],
  ['hi its tina', false],
  ['on sale?', false],
  ['the water heater is out', false],
])('Spanish: %s -> %s', (message, expected) => {
  expect(looksSpanish(message)).toBe(expected);
});

// "stop" about the job is never a refusal of texts, however the sentence goes. Replay with OPTOUT_SEED=<seed>.
describe('"stop" about the job (property)', () => {
  const seed = process.env.OPTOUT_SEED ? Number(process.env.OPTOUT_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
  beforeAll(() => process.stdout.write(`[plain opt-out properties] seed ${seed}\n`));
  const subjects = ['the leak', 'my toilet', 'the water', 'it', 'the drip', 'the kitchen faucet', 'the noise', 'the dripping'];
  const verbs = ["won't stop", 'will not stop', 'never stops', "doesn't stop", 'keeps going and will not stop', 'would not stop'];
  const tails = ['', ' running', ' leaking', ' dripping', ', can you come?', ' and I need help today', ' since Monday', '!!'];
  test('never an opt-out', () => {
    fc.assert(
      fc.property(fc.constantFrom(...subjects), fc.constantFrom(...verbs), fc.constantFrom(...tails), (subject, verb, tail) => {
        expect(isPlainOptOut(`${subject} ${verb}${tail}`)).toBe(false);
      }),
      { seed, numRuns: 200 },
    );
  });
});
