import { leadFunnel, leadsByStatus, percentile, timeToFirstText, type ConversationFacts } from './kpis';

const at = (iso: string) => new Date(iso);
const lead = (overrides: Partial<ConversationFacts>): ConversationFacts => ({
  leadStatus: 'new',
  missedCall: true,
  firstTextAt: null,
  firstReplyAt: null,
  lead: {},
  everBooked: false,
  ...overrides,
});
const texted = { firstTextAt: at('2026-11-26T15:00:05Z') };
const replied = { ...texted, firstReplyAt: at('2026-11-26T15:03:00Z') };
const fullLead = { callerName: 'Dana', jobDescription: 'leaking water heater', serviceAddress: '12 Oak St' };

describe('the funnel counts each lead at the furthest stage it reached, never widening', () => {
  test.each<[string, Partial<ConversationFacts>, [number, number, number, number, number]]>([
    ['a missed call nobody texted (opted out earlier)', {}, [1, 0, 0, 0, 0]],
    ['texted, no reply', texted, [1, 1, 0, 0, 0]],
    ['replied, still engaged', { ...replied, leadStatus: 'engaged' }, [1, 1, 1, 0, 0]],
    ['qualified by status', { ...replied, leadStatus: 'qualified' }, [1, 1, 1, 1, 0]],
    ['qualified by fields, later lost', { ...replied, leadStatus: 'lost', lead: fullLead }, [1, 1, 1, 1, 0]],
    [
      'two of three fields is not qualified',
      { ...replied, leadStatus: 'engaged', lead: { callerName: 'Dana', jobDescription: 'x' } },
      [1, 1, 1, 0, 0],
    ],
    ['blank fields do not qualify', { ...replied, lead: { callerName: ' ', jobDescription: ' ', serviceAddress: ' ' } }, [1, 1, 1, 0, 0]],
    ['booked', { ...replied, leadStatus: 'booked', everBooked: true }, [1, 1, 1, 1, 1]],
    ['booked then cancelled still counts as booked', { ...replied, leadStatus: 'qualified', everBooked: true }, [1, 1, 1, 1, 1]],
    ['booked without a reply is not a text-back booking', { ...texted, leadStatus: 'booked', everBooked: true }, [1, 1, 0, 0, 0]],
    [
      'a caller who texted first (no missed call) is outside the funnel',
      { ...replied, missedCall: false, everBooked: true },
      [0, 0, 0, 0, 0],
    ],
  ])('%s', (_what, facts, [missed, textedCount, repliedCount, qualified, booked]) => {
    expect(leadFunnel([lead(facts)])).toEqual({ missed, texted: textedCount, replied: repliedCount, qualified, booked });
  });

  test('leads add up, and each stage is at most the one before', () => {
    const funnel = leadFunnel([lead({}), lead(texted), lead(replied), lead({ ...replied, leadStatus: 'booked', everBooked: true })]);
    expect(funnel).toEqual({ missed: 4, texted: 3, replied: 2, qualified: 1, booked: 1 });
  });

  test('no leads, all zero', () => {
    expect(leadFunnel([])).toEqual({ missed: 0, texted: 0, replied: 0, qualified: 0, booked: 0 });
  });
});

describe('percentiles interpolate between ranks (the spreadsheet definition)', () => {
  test.each<[number[], number, number | null]>([
    [[], 0.5, null],
    [[7], 0.5, 7],
    [[7], 0.9, 7],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[4, 1, 3, 2], 0.5, 2.5],
    [[1, 2, 3], 0.5, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    [[10, 20], 0, 10],
    [[10, 20], 1, 20],
    [[100, 100, 100, 5000], 0.5, 100],
  ])('percentile(%j, %d) = %j', (values, p, expected) => {
    const result = percentile(values, p);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(expected, 10);
  });

  test('a p outside 0..1 is a programming error', () => {
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});

describe('time to first text', () => {
  const call = (missedAt: string, delayMs: number | null) => ({
    missedAt: at(missedAt),
    firstTextAt: delayMs === null ? null : new Date(at(missedAt).getTime() + delayMs),
  });

  test('median and p90 over texted calls only; calls never texted are counted apart', () => {
    const result = timeToFirstText(
      [
        call('2026-11-26T15:00:00Z', 100),
        call('2026-11-26T16:00:00Z', 300),
        call('2026-11-26T17:00:00Z', 200),
        call('2026-11-26T18:00:00Z', null),
      ],
      'America/Chicago',
    );
    expect(result).toMatchObject({ medianMs: 200, p90Ms: 280, calls: 4, texted: 3 });
  });

  test('days are the business’s local dates: 23:30 in Chicago is the same day there, the next day in UTC', () => {
    const result = timeToFirstText(
      [call('2026-11-27T05:30:00Z', 400), call('2026-11-26T20:00:00Z', 200), call('2026-11-27T15:00:00Z', 900)],
      'America/Chicago',
    );
    expect(result.byDay).toEqual([
      { date: '2026-11-26', medianMs: 300, calls: 2 },
      { date: '2026-11-27', medianMs: 900, calls: 1 },
    ]);
  });

  test('a text stamped a moment before the call (clock skew) counts as zero, not negative', () => {
    expect(timeToFirstText([call('2026-11-26T15:00:00Z', -20)], 'UTC').medianMs).toBe(0);
  });

  test('no calls: nulls and no days', () => {
    expect(timeToFirstText([], 'UTC')).toEqual({ medianMs: null, p90Ms: null, calls: 0, texted: 0, byDay: [] });
  });
});

test('leads by status lists every status, zero when none', () => {
  expect(leadsByStatus(['new', 'booked', 'booked', 'opted_out'])).toEqual({
    new: 1,
    engaged: 0,
    qualified: 0,
    booked: 2,
    lost: 0,
    unresponsive: 0,
    opted_out: 1,
  });
});
