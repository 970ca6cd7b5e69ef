import { fitName, gsm7Length, isGsm7, smsName, toGsm7 } from './gsm7';

describe('GSM-7: one non-GSM character would make a text UCS-2 and cost two or three segments', () => {
  test.each([
    ['Hi, this is Ace Plumbing.', true, 25],
    ['José & Müller @ 5 £', true, 19],
    ['Price: 100€', true, 12],
    ['[urgent] {x} ~ ^ | \\', true, 28],
    ['Joe’s Plumbing', false, Infinity],
    ['Fixed it 👍', false, Infinity],
    ['Łukasz', false, Infinity],
    ['', true, 0],
  ])('%j: GSM-7 %j, %d septets (extension characters count twice)', (text, gsm, length) => {
    expect(isGsm7(text)).toBe(gsm);
    expect(gsm7Length(text)).toBe(length);
  });

  test.each([
    ['Joe’s Plumbing', "Joe's Plumbing", 'curly apostrophe from a phone keyboard'],
    ['“Best” HVAC – 24/7', '"Best" HVAC - 24/7', 'typographic quotes and dashes'],
    ['Łukasz Elektryk', 'Lukasz Elektryk', 'letters without a decomposition'],
    ['Côté Électricité', 'Coté Électricité', 'accents GSM-7 lacks are dropped (ô), ones it has (É, é) kept'],
    ['Fix-It 🔧 Pros', 'Fix-It  Pros', 'emoji dropped'],
    ['A\u00A0B\u2009C', 'A B C', 'unusual spaces become spaces'],
    ['Wait…', 'Wait...', 'ellipsis'],
    ['水道屋', '', 'other scripts cannot be carried'],
  ])('toGsm7(%j) is %j — %s', (text, expected) => {
    expect(toGsm7(text)).toBe(expected);
    expect(isGsm7(toGsm7(text))).toBe(true);
  });

  test.each([
    ['  Ace   Plumbing  ', 40, 'Ace Plumbing'],
    ['Ace Plumbing and Heating of Greater Springfield', 20, 'Ace Plumbing and Hea'],
    ['Ace Plumbing and Heating', 13, 'Ace Plumbing'],
    ['', 40, 'This business'],
    ['🔧🔧', 40, 'This business'],
  ])('smsName(%j, %d) is %j', (name, max, expected) => {
    expect(smsName(name, max)).toBe(expected);
  });

  test('fitName shortens only the name so the whole text is one segment', () => {
    const text = fitName((name) => `${name}: ${'x'.repeat(140)}`, 'A'.repeat(100));
    expect(gsm7Length(text)).toBe(160);
    expect(text.startsWith('A'.repeat(18) + ':')).toBe(true);
    expect(fitName((name) => `Hi from ${name}.`, 'Ace')).toBe('Hi from Ace.');
  });
});
