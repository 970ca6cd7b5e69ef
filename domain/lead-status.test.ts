import {
  FINAL_LEAD_STATUSES,
  LEAD_EVENT_TYPES,
  LEAD_STATUSES,
  LEAD_STATUS_LABELS,
  isFinalLeadStatus,
  nextLeadStatus,
  ownerSetLeadStatus,
  type LeadEventType,
  type LeadStatus,
} from './lead-status';

// The whole transition table, written out by hand: one row per status, one column per event.
// Reading across a row says everything that can happen to a lead in that status.
const TRANSITIONS: Record<LeadStatus, Record<LeadEventType, LeadStatus>> = {
  new: {
    caller_replied: 'engaged',
    lead_qualified: 'qualified',
    appointment_booked: 'booked',
    appointment_cancelled: 'new',
    caller_declined: 'lost',
    timed_out: 'unresponsive',
    caller_opted_out: 'opted_out',
    caller_opted_in: 'new',
  },
  engaged: {
    caller_replied: 'engaged',
    lead_qualified: 'qualified',
    appointment_booked: 'booked',
    appointment_cancelled: 'engaged',
    caller_declined: 'lost',
    timed_out: 'unresponsive',
    caller_opted_out: 'opted_out',
    caller_opted_in: 'engaged',
  },
  qualified: {
    caller_replied: 'qualified', // never backwards to engaged
    lead_qualified: 'qualified',
    appointment_booked: 'booked',
    appointment_cancelled: 'qualified',
    caller_declined: 'lost',
    timed_out: 'unresponsive',
    caller_opted_out: 'opted_out',
    caller_opted_in: 'qualified',
  },
  booked: {
    caller_replied: 'booked',
    lead_qualified: 'booked', // never backwards to qualified by re-qualifying
    appointment_booked: 'booked',
    appointment_cancelled: 'qualified', // the one way down: the job is off, the lead is still good
    caller_declined: 'booked',
    timed_out: 'booked', // a booked caller who goes quiet is not unresponsive
    caller_opted_out: 'opted_out',
    caller_opted_in: 'booked',
  },
  lost: {
    caller_replied: 'lost', // a new conversation is opened instead
    lead_qualified: 'lost',
    appointment_booked: 'lost',
    appointment_cancelled: 'lost',
    caller_declined: 'lost',
    timed_out: 'lost',
    caller_opted_out: 'opted_out',
    caller_opted_in: 'lost',
  },
  unresponsive: {
    caller_replied: 'unresponsive', // a new conversation is opened instead
    lead_qualified: 'unresponsive',
    appointment_booked: 'unresponsive',
    appointment_cancelled: 'unresponsive',
    caller_declined: 'unresponsive',
    timed_out: 'unresponsive',
    caller_opted_out: 'opted_out',
    caller_opted_in: 'unresponsive',
  },
  opted_out: {
    caller_replied: 'opted_out', // only START brings a caller back
    lead_qualified: 'opted_out',
    appointment_booked: 'opted_out',
    appointment_cancelled: 'opted_out',
    caller_declined: 'opted_out',
    timed_out: 'opted_out',
    caller_opted_out: 'opted_out',
    caller_opted_in: 'engaged',
  },
};

describe('nextLeadStatus: every status × every event', () => {
  test('the table covers every status and every event', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...LEAD_STATUSES].sort());
    for (const status of LEAD_STATUSES) expect(Object.keys(TRANSITIONS[status]).sort()).toEqual([...LEAD_EVENT_TYPES].sort());
  });

  test.each(LEAD_STATUSES.flatMap((status) => LEAD_EVENT_TYPES.map((event) => [status, event, TRANSITIONS[status][event]] as const)))(
    '%s + %s → %s',
    (status, event, expected) => {
      expect(nextLeadStatus(status, { type: event })).toBe(expected);
    },
  );

  const RANK: Record<LeadStatus, number | undefined> = {
    new: 0,
    engaged: 1,
    qualified: 2,
    booked: 3,
    lost: undefined,
    unresponsive: undefined,
    opted_out: undefined,
  };
  test.each(
    LEAD_STATUSES.flatMap((status) =>
      LEAD_EVENT_TYPES.filter((event) => event !== 'appointment_cancelled').map((event) => [status, event] as const),
    ),
  )('never backwards along new → engaged → qualified → booked: %s + %s', (status, event) => {
    const from = RANK[status];
    const to = RANK[nextLeadStatus(status, { type: event })];
    if (from !== undefined && to !== undefined) expect(to).toBeGreaterThanOrEqual(from);
  });

  test.each(LEAD_STATUSES.map((status) => [status] as const))('STOP works from %s, whatever the conversation was doing', (status) => {
    expect(nextLeadStatus(status, { type: 'caller_opted_out' })).toBe('opted_out');
  });
});

describe('ownerSetLeadStatus: every status × every target', () => {
  type Outcome = 'ok' | 'same' | 'opted_out' | 'booked';
  // Why an owner's change is refused, if it is: the same status, the caller's opt-out, or booking by hand.
  const expected = (current: LeadStatus, target: LeadStatus): Outcome => {
    if (current === target) return 'same';
    if (current === 'opted_out' || target === 'opted_out') return 'opted_out';
    if (target === 'booked') return 'booked';
    return 'ok';
  };
  const cases = LEAD_STATUSES.flatMap((current) => LEAD_STATUSES.map((target) => [current, target, expected(current, target)] as const));

  test('the cases include every kind of answer', () => {
    expect(new Set(cases.map(([, , outcome]) => outcome))).toEqual(new Set(['ok', 'same', 'opted_out', 'booked']));
    expect(cases.filter(([, , outcome]) => outcome === 'ok')).toHaveLength(25);
  });

  test.each(cases)('%s → %s by hand: %s', (current, target, outcome) => {
    const result = ownerSetLeadStatus(current, target);
    if (outcome === 'ok') {
      expect(result).toEqual({ ok: true, status: target });
      return;
    }
    expect(result.ok).toBe(false);
    const reason = result.ok ? '' : result.reason;
    if (outcome === 'same') expect(reason).toBe(`The lead is already ${target}.`);
    if (outcome === 'opted_out')
      expect(reason).toMatch(
        current === 'opted_out' ? /only the caller can opt back in, by texting START/ : /Only the caller can opt out \(by texting STOP\)/,
      );
    if (outcome === 'booked') expect(reason).toMatch(/Book an appointment/);
  });

  test.each<[LeadStatus, LeadStatus, string]>([
    ['unresponsive', 'engaged', 'the owner reached the caller by phone: reopen'],
    ['lost', 'qualified', 'the caller came back after all'],
    ['booked', 'lost', 'the job fell through'],
    ['qualified', 'new', 'the owner may even move backwards by hand'],
  ])('allowed: %s → %s (%s)', (current, target) => {
    expect(ownerSetLeadStatus(current, target)).toEqual({ ok: true, status: target });
  });

  test('a status that does not exist is refused with a reason', () => {
    expect(ownerSetLeadStatus('new', 'won' as LeadStatus)).toEqual({ ok: false, reason: '"won" is not a lead status.' });
  });
});

describe('lead statuses for people', () => {
  test.each(LEAD_STATUSES.map((status) => [status, LEAD_STATUS_LABELS[status]] as const))('%s reads as %j', (_status, label) => {
    expect(label).toMatch(/^[A-Z][a-z ]+$/);
  });

  test('labels are distinct, so the dashboard never shows two statuses the same', () => {
    expect(new Set(Object.values(LEAD_STATUS_LABELS)).size).toBe(LEAD_STATUSES.length);
  });

  test('final statuses are unchanged', () => {
    expect(FINAL_LEAD_STATUSES).toEqual(['booked', 'lost', 'unresponsive', 'opted_out']);
    expect(LEAD_STATUSES.filter(isFinalLeadStatus)).toEqual(['booked', 'lost', 'unresponsive', 'opted_out']);
  });
});
