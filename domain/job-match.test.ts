// Jobs the business declines, read in the caller's words (English and Spanish), and never a job it
// takes. The properties replay with the seed they print:
//   JOB_SEED=<seed> npx jest --selectProjects unit --testPathPatterns domain/job-match
import fc from 'fast-check';
import { declinedJobAsked } from './job-match';

const PLUMBER = {
  jobsTaken: [
    'clogged drains and drain cleaning',
    'leaks and pipe repair',
    'water heater repair, flush and replacement',
    'toilets, faucets and sinks',
    'garbage disposals',
    'sewer lines',
    'gas lines',
  ],
  jobsDeclined: ['roofing', 'pool repair', 'HVAC and air conditioning', 'appliance repair', 'septic pumping'],
};

test.each([
  ['My roof is leaking, can you replace some shingles?', 'roofing'],
  ['se está goteando el techo', 'roofing'],
  ['AC stopped blowing cold air', 'HVAC and air conditioning'],
  ['Central air is blowing warm. Do you service AC units?', 'HVAC and air conditioning'],
  ['el aire acondicionado no enfría', 'HVAC and air conditioning'],
  ['our heat pump is making a racket', 'HVAC and air conditioning'],
  ['Our pool heater quit, can one of yours come fix it?', 'pool repair'],
  ['la bomba de la alberca no sirve', 'pool repair'],
  ['My dryer stopped heating, do you repair dryers?', 'appliance repair'],
  ['fridge is not cold anymore', 'appliance repair'],
  ['Mi refrigerador no enfría, ¿ustedes reparan refrigeradores?', 'appliance repair'],
  ['la secadora no calienta', 'appliance repair'],
  ['my washing machine wont spin anymore', 'appliance repair'],
  ['la lavadora ya no centrifuga', 'appliance repair'],
  ['septic tank needs pumping', 'septic pumping'],
  ['hay que vaciar la fosa séptica', 'septic pumping'],
])('declined: %s -> %s', (text, job) => {
  expect(declinedJobAsked(text, PLUMBER)).toBe(job);
});

test.each([
  'My water heater is leaking',
  'water leaking from the ceiling',
  'kitchen sink clogged',
  'toilet keeps running',
  'gas line for my new stove',
  'can you hook up my dishwasher',
  'my washing machine drain overflows',
  'the hose behind the washing machine is leaking',
  'the AC drain line is clogged',
  'sewer line backed up into the yard',
  'se me tapó el drenaje',
  'el calentador de agua gotea',
  'how much for a drain cleaning',
  'what is your price range for a toilet',
  'Hi this is Dana',
  'I need a plumber at 12 Oak St',
  '',
])('taken or no job named: %s', (text) => {
  expect(declinedJobAsked(text, PLUMBER)).toBeUndefined();
});

test('a business that declines nothing declines nothing', () => {
  expect(declinedJobAsked('my roof leaks', { jobsTaken: [], jobsDeclined: [] })).toBeUndefined();
});

const seed = process.env.JOB_SEED ? Number(process.env.JOB_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
beforeAll(() => process.stdout.write(`[job-match properties] seed ${seed}\n`));

const TAKEN_WORDS = [
  'drain',
  'toilet',
  'faucet',
  'sink',
  'water heater',
  'garbage disposal',
  'sewer line',
  'gas line',
  'pipe',
  'inodoro',
  'calentador de agua',
  'tubería',
  'fregadero',
];
const DECLINED_WORDS = [
  'roof',
  'shingles',
  'AC',
  'central air',
  'air conditioner',
  'pool',
  'dryer',
  'fridge',
  'refrigerator',
  'septic tank',
  'techo',
  'aire acondicionado',
  'alberca',
  'secadora',
  'refrigerador',
];
const FILLER = [
  'my',
  'the',
  'is',
  'leaking',
  'broken',
  'not working',
  'please',
  'can you',
  'fix',
  'replace',
  'how much',
  'today',
  'mi',
  'no funciona',
  'por favor',
  'urgent',
  'and',
  'also',
  '?',
  'hi',
];
const sentence = (must: fc.Arbitrary<string>, more: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.array(fc.constantFrom(...FILLER), { maxLength: 6 }), must, fc.array(more, { maxLength: 6 }))
    .map(([before, word, after]) => [...before, word, ...after].join(' '));

test('a job the business takes is never declined, whatever else is said', () => {
  fc.assert(
    fc.property(sentence(fc.constantFrom(...TAKEN_WORDS), fc.constantFrom(...FILLER, ...DECLINED_WORDS, ...TAKEN_WORDS)), (text) => {
      expect(declinedJobAsked(text, PLUMBER)).toBeUndefined();
    }),
    { seed, numRuns: 300 },
  );
});

test('a declined job named alone (with everyday words) is declined', () => {
  fc.assert(
    fc.property(sentence(fc.constantFrom(...DECLINED_WORDS), fc.constantFrom(...FILLER)), (text) => {
      expect(PLUMBER.jobsDeclined).toContain(declinedJobAsked(text, PLUMBER));
    }),
    { seed, numRuns: 300 },
  );
});
