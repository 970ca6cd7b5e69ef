import { gsm7Length, isGsm7 } from './gsm7';
import {
  HELP_KEYWORDS,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
  classifyKeyword,
  helpReply,
  optInConfirmation,
  optOutConfirmation,
  type KeywordIntent,
} from './keywords';

const KEYWORDS: [string, KeywordIntent][] = [
  ...OPT_OUT_KEYWORDS.map((keyword) => [keyword, 'opt_out'] as [string, KeywordIntent]),
  ...OPT_IN_KEYWORDS.map((keyword) => [keyword, 'opt_in'] as [string, KeywordIntent]),
  ...HELP_KEYWORDS.map((keyword) => [keyword, 'help'] as [string, KeywordIntent]),
];

/** How people actually type a keyword: every one must still count (a missed STOP is a legal problem). */
const SPELLINGS: [string, (keyword: string) => string][] = [
  ['upper case', (k) => k],
  ['lower case', (k) => k.toLowerCase()],
  ['capitalised', (k) => k[0] + k.slice(1).toLowerCase()],
  ['mixed case', (k) => [...k].map((c, i) => (i % 2 ? c.toLowerCase() : c)).join('')],
  ['surrounding spaces', (k) => `  ${k}  `],
  ['trailing newline', (k) => `${k}\n`],
  ['leading tab', (k) => `\t${k}`],
  ['full stop', (k) => `${k}.`],
  ['exclamation', (k) => `${k.toLowerCase()}!`],
  ['several exclamations', (k) => `${k}!!!`],
  ['question mark', (k) => `${k}?`],
  ['punctuation then space', (k) => `${k}. `],
  ['ellipsis', (k) => `${k}…`],
  ['quoted', (k) => `"${k}"`],
  ['phone-keyboard quotes', (k) => `“${k}”`],
  ['non-breaking space', (k) => `\u00A0${k}\u00A0`],
  ['zero-width space', (k) => `\u200B${k}`],
  ['full-width letters', (k) => [...k].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('')],
];

describe('classifyKeyword: every keyword, however it is typed', () => {
  test.each(KEYWORDS.flatMap(([keyword, intent]) => SPELLINGS.map(([how, spell]) => [keyword, how, spell(keyword), intent] as const)))(
    '%s (%s: %j) → %s',
    (_keyword, _how, body, intent) => {
      expect(classifyKeyword(body)).toBe(intent);
    },
  );

  test('the keyword lists are exactly docs/product.md’s', () => {
    expect([...OPT_OUT_KEYWORDS]).toEqual(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
    expect([...OPT_IN_KEYWORDS]).toEqual(['START', 'UNSTOP']);
    expect([...HELP_KEYWORDS]).toEqual(['HELP', 'INFO']);
  });
});

describe('classifyKeyword: a keyword inside a sentence is the caller talking, not a command', () => {
  test.each([
    ['stop by tomorrow', 'opt-out word starting a sentence'],
    ['please cancel my appointment', 'cancel in a sentence goes to the assistant'],
    ['Cancel appointment', 'cancel with an object'],
    ['can you stop the leak?', 'stop in a question'],
    ["don't stop", 'negated'],
    ['STOP STOP', 'repeated'],
    ['stop pls', 'with a word after'],
    ['stop 🛑', 'with an emoji after'],
    ['S T O P', 'spaced letters'],
    ['stopp', 'misspelt'],
    ['stopping', 'a longer word'],
    ['endless', 'a longer word'],
    ['quitting', 'a longer word'],
    ['opt out', 'two words (the assistant recognises plain-language refusals)'],
    ['leave me alone', 'plain-language refusal: the assistant’s job, not a keyword'],
    ['YES', 'YES is not an opt-in keyword'],
    ['yes please start', 'start in a sentence'],
    ['start time?', 'start with a word after'],
    ['I need help', 'help in a sentence'],
    ['help me', 'help with a word after'],
    ['info please', 'info with a word after'],
    ['', 'empty'],
    ['   ', 'blank'],
    ['.', 'punctuation only'],
    ['?STOP', 'leading punctuation other than quotes'],
    ['STOP'.padEnd(10_000, ' x'), 'a 10,000-character body'],
  ])('%j → no keyword (%s)', (body) => {
    expect(classifyKeyword(body)).toBeUndefined();
  });
});

describe('keyword replies: one GSM-7 segment that names the business', () => {
  const businesses = [
    { name: 'Ace Plumbing', phone: '+15125550123' },
    { name: '  Joe’s   Heating & Air  ', phone: '(512) 555-0123' },
    {
      name: 'Ace Plumbing, Heating, Cooling, Drain Cleaning and Emergency Water Damage Restoration of Greater Springfield',
      phone: '+15125550123',
    },
    { name: 'Fix-It 🔧 Pros', phone: '+15125550123' },
  ];
  const texts = businesses.flatMap((business) => [
    ['helpReply', business, helpReply(business)] as const,
    ['optOutConfirmation', business, optOutConfirmation(business)] as const,
    ['optInConfirmation', business, optInConfirmation(business)] as const,
  ]);

  test.each(texts)('%s for %j fits one GSM-7 segment and names the business', (_kind, business, text) => {
    expect(isGsm7(text)).toBe(true);
    expect(gsm7Length(text)).toBeLessThanOrEqual(160);
    const shortName = business.name.replace(/’/g, "'").replace(/🔧 /, '').replace(/\s+/g, ' ').trim().slice(0, 10);
    expect(text).toContain(shortName);
  });

  test.each([
    ['Ace Plumbing', 'Ace Plumbing: you are unsubscribed and will get no more texts from us. Reply START to resume.'],
    ['Joe’s HVAC', "Joe's HVAC: you are unsubscribed and will get no more texts from us. Reply START to resume."],
  ])('the opt-out confirmation for %j says no more texts and how to resume', (name, expected) => {
    const text = optOutConfirmation({ name });
    expect(text).toBe(expected);
    expect(text).toMatch(/no more texts/);
    expect(text).toMatch(/Reply START/);
  });

  test('the opt-in confirmation says texting resumed and how to stop again', () => {
    expect(optInConfirmation({ name: 'Ace Plumbing' })).toBe(
      'Ace Plumbing: you are subscribed again and can text us here. Reply HELP for help, STOP to opt out.',
    );
  });

  test.each([
    [
      '+15125550123',
      'Ace Plumbing: we text you back when we miss your call. Call +15125550123 or reply here for help. Msg&data rates may apply. Reply STOP to opt out.',
    ],
    ['', 'Ace Plumbing: we text you back when we miss your call. Reply here for help. Msg&data rates may apply. Reply STOP to opt out.'],
    [
      '+1 512 555 0123 ☎',
      'Ace Plumbing: we text you back when we miss your call. Call +1 512 555 0123 or reply here for help. Msg&data rates may apply. Reply STOP to opt out.',
    ],
  ])('HELP answers with the business name and its phone %j', (phone, expected) => {
    expect(helpReply({ name: 'Ace Plumbing', phone })).toBe(expected);
  });

  test('a long name is shortened, never the opt-out instructions', () => {
    const text = optOutConfirmation({ name: 'A'.repeat(300) });
    expect(gsm7Length(text)).toBe(160);
    expect(text.endsWith(': you are unsubscribed and will get no more texts from us. Reply START to resume.')).toBe(true);
  });
});
