import { parseCallerId } from './caller-id';

describe('caller ID as Twilio sends it in From', () => {
  // The bug: a withheld caller ID was refused with 400, so the owner's phone never rang.
  it.each([
    ['anonymous'],
    ['Anonymous'],
    ['+266696687'],
    ['Restricted'],
    ['Unknown'],
    ['UNAVAILABLE'],
    [''],
    ['   '],
    [undefined],
    ['garbage!'],
    ['12'],
    ['+1 (512) 555-01'],
    ['x'.repeat(100)],
  ])('%j is a withheld caller (forwarded, never texted)', (from) => {
    expect(parseCallerId(from)).toEqual({ kind: 'withheld' });
  });

  it.each([
    ['+15125550123', '+15125550123'],
    [' +15125550123 ', '+15125550123'],
    ['(512) 555-0123', '+15125550123'],
    ['+447911123456', '+447911123456'],
  ])('%j is a caller we can text back at %s', (from, e164) => {
    expect(parseCallerId(from)).toEqual({ kind: 'number', e164 });
  });
});
