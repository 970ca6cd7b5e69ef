// The Status page's lights (issue #17 point 6): each threshold, and the recovery an owner expects
// (amber the moment a text fails, green again once one goes through).
import {
  ago,
  assistantStatus,
  calendarStatus,
  overallLevel,
  reachabilityStatus,
  textingStatus,
  workersStatus,
  type AssistantTurnFact,
  type SentText,
} from './system-status';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 12, minute));
const NOW = at(5);
const text = (minute: number, status: SentText['status'], errorCode: number | null = null): SentText => ({
  at: at(minute),
  status,
  errorCode,
});

describe('texting', () => {
  test('no texts yet is green', () => expect(textingStatus([], NOW).level).toBe('green'));

  test('the latest text failed: amber, naming the Twilio error in words', () => {
    const status = textingStatus([text(3, 'undelivered', 30003), text(2, 'delivered'), text(1, 'delivered')], NOW);
    expect(status.level).toBe('amber');
    expect(status.summary).toContain('30003 phone unreachable');
    expect(status.action).toBeDefined();
  });

  test('the last three failed: red', () => {
    const status = textingStatus(
      [text(3, 'failed', 30007), text(2, 'undelivered', 30003), text(1, 'failed', null), text(0, 'delivered')],
      NOW,
    );
    expect(status.level).toBe('red');
    expect(status.summary).toContain('30007 filtered as spam');
    expect(status.summary).toContain('no code');
  });

  test('a text going through after failures is green again, and the recent failures are still named', () => {
    const status = textingStatus([text(4, 'delivered'), text(3, 'undelivered', 30003), text(2, 'undelivered', 30003)], NOW);
    expect(status.level).toBe('green');
    expect(status.summary).toContain('2 of the last 3 failed (30003 phone unreachable)');
  });

  test('the last text is told as how long ago', () => {
    expect(textingStatus([text(3, 'delivered')], NOW).summary).toContain('Last text 2 min ago (delivered)');
    expect(ago(at(5), new Date(at(5).getTime() + 30_000))).toBe('just now');
    expect(ago(at(0), new Date(at(0).getTime() + 3 * 3600_000 + 60_000))).toBe('3 h ago');
  });

  test('a text still on its way (queued or sent) is not a failure', () => {
    expect(textingStatus([text(2, 'queued'), text(1, 'sent')], NOW).level).toBe('green');
  });
});

describe('assistant', () => {
  const turn = (minute: number, outcome: AssistantTurnFact['outcome'], latencyMs = 1_200): AssistantTurnFact => ({
    at: at(minute),
    outcome,
    latencyMs,
  });

  test('answering quickly with few fallbacks is green', () => {
    expect(
      assistantStatus([turn(3, 'ok'), turn(2, 'ok'), turn(1, 'fallback'), turn(0, 'ok'), turn(0, 'ok'), turn(0, 'ok')], NOW).level,
    ).toBe('green');
  });

  test('more than one in five fallbacks, or a slow median, is amber', () => {
    expect(assistantStatus([turn(3, 'fallback'), turn(2, 'ok'), turn(1, 'fallback'), turn(0, 'ok')], NOW).level).toBe('amber');
    expect(assistantStatus([turn(3, 'ok', 12_000), turn(2, 'ok', 11_000), turn(1, 'ok', 500)], NOW).level).toBe('amber');
  });

  test('the last five all fell back: red', () => {
    const status = assistantStatus(
      [0, 1, 2, 3, 4].map((minute) => turn(minute, 'fallback')),
      NOW,
    );
    expect(status.level).toBe('red');
    expect(status.action).toContain('Take over');
  });
});

describe('calendar', () => {
  const now = at(30);

  test('none connected is green and says times come from business hours', () => {
    expect(calendarStatus([], now)).toMatchObject({ level: 'green', summary: expect.stringContaining('business hours') });
  });

  test('a connection needing reconnection is red and says to reconnect', () => {
    const status = calendarStatus(
      [{ provider: 'google', status: 'reconnect', lastSyncedAt: at(1), lastFailure: 'reconnect', pushFailure: null }],
      now,
    );
    expect(status.level).toBe('red');
    expect(status.action).toContain('Reconnect your calendar');
  });

  test('a failed or late sync is amber; a recent clean one is green', () => {
    expect(
      calendarStatus(
        [{ provider: 'microsoft', status: 'connected', lastSyncedAt: at(29), lastFailure: 'rate_limited', pushFailure: null }],
        now,
      ).summary,
    ).toContain('rate limited');
    expect(
      calendarStatus([{ provider: 'google', status: 'connected', lastSyncedAt: at(0), lastFailure: null, pushFailure: null }], now).level,
    ).toBe('amber');
    expect(
      calendarStatus([{ provider: 'google', status: 'connected', lastSyncedAt: null, lastFailure: null, pushFailure: null }], now).level,
    ).toBe('amber');
    expect(
      calendarStatus([{ provider: 'google', status: 'connected', lastSyncedAt: at(29), lastFailure: null, pushFailure: null }], now).level,
    ).toBe('green');
  });

  // The bug this catches: a booking calendar the owner can only read refused every event, while the
  // pull of the same round kept the connection "in sync", so the owner never learnt why bookings were missing.
  test('a calendar refusing our events is amber however recent its sync, and says to choose one that can be edited', () => {
    const status = calendarStatus(
      [{ provider: 'google', status: 'connected', lastSyncedAt: at(29), lastFailure: null, pushFailure: 'rejected' }],
      now,
    );
    expect(status).toMatchObject({ level: 'amber', summary: expect.stringContaining('refuses the appointments') });
    expect(status.action).toContain('booking calendar you can edit');
    const waiting = calendarStatus(
      [{ provider: 'microsoft', status: 'connected', lastSyncedAt: at(29), lastFailure: null, pushFailure: 'unavailable' }],
      now,
    );
    expect(waiting).toMatchObject({ level: 'amber', summary: expect.stringContaining('(unavailable)') });
  });
});

describe('platform', () => {
  test('Temporal or the database not answering is red', () => {
    expect(reachabilityStatus('temporal', false).level).toBe('red');
    expect(reachabilityStatus('database', true).level).toBe('green');
  });

  test('no worker on the conversations queue is red; on another queue amber; unknown amber', () => {
    expect(
      workersStatus([
        { queue: 'conversations', pollers: 0 },
        { queue: 'ai', pollers: 1 },
      ]).level,
    ).toBe('red');
    const amber = workersStatus([
      { queue: 'conversations', pollers: 2 },
      { queue: 'ai', pollers: 0 },
    ]);
    expect(amber.level).toBe('amber');
    expect(amber.summary).toContain('the assistant’s replies');
    expect(workersStatus(undefined).level).toBe('amber');
    expect(
      workersStatus([
        { queue: 'conversations', pollers: 2 },
        { queue: 'sms', pollers: 2 },
      ]).level,
    ).toBe('green');
  });

  test('the overall light is the worst area', () => {
    const green = reachabilityStatus('database', true);
    expect(overallLevel([green, green])).toBe('green');
    expect(overallLevel([green, workersStatus(undefined)])).toBe('amber');
    expect(overallLevel([workersStatus(undefined), reachabilityStatus('temporal', false)])).toBe('red');
  });
});
