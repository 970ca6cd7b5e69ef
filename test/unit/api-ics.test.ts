// The calendar feed a phone subscribes to: valid iCalendar whatever the caller typed.
import { calendarFeed, escapeText, foldLine, icsDateTime } from '../../api/ics';

test.each([
  ['plain', 'plain'],
  ['a, b; c', 'a\\, b\\; c'],
  ['back\\slash', 'back\\\\slash'],
  ['two\nlines', 'two\\nlines'],
  ['crlf\r\nhere', 'crlf\\nhere'],
])('escapeText(%j) = %j', (raw, escaped) => {
  expect(escapeText(raw)).toBe(escaped);
});

test('long lines fold at 75 octets without splitting a character', () => {
  const line = `SUMMARY:${'Ü'.repeat(80)}`;
  const folded = foldLine(line);
  for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
  expect(folded.split('\r\n ').join('')).toBe(line);
  expect(foldLine('SHORT:1')).toBe('SHORT:1');
});

test('times are UTC basic format', () => {
  expect(icsDateTime(new Date('2026-11-26T15:04:05.678Z'))).toBe('20261126T150405Z');
});

test('a feed with a booked and a cancelled job', () => {
  const feed = calendarFeed({
    businessName: 'Ace Plumbing, Heating & More',
    now: new Date('2026-11-26T12:00:00Z'),
    appointments: [
      {
        id: 'a1',
        start: new Date('2026-11-27T15:00:00Z'),
        end: new Date('2026-11-27T17:00:00Z'),
        status: 'booked',
        callerPhone: '+15125550123',
        callerName: 'Dana; DROP TABLE',
        serviceAddress: '12 Oak St, Austin',
        jobDescription: 'leaking water heater',
        createdAt: new Date('2026-11-26T11:00:00Z'),
      },
      {
        id: 'a2',
        start: new Date('2026-11-28T15:00:00Z'),
        end: new Date('2026-11-28T17:00:00Z'),
        status: 'cancelled',
        callerPhone: '+15125550124',
        createdAt: new Date('2026-11-26T11:00:00Z'),
        cancelledAt: new Date('2026-11-26T11:30:00Z'),
      },
    ],
  });
  expect(feed.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
  expect(feed.endsWith('END:VCALENDAR\r\n')).toBe(true);
  expect(feed).toContain('X-WR-CALNAME:Ace Plumbing\\, Heating & More jobs');
  expect(feed).toContain('UID:a1@nevermisscall');
  expect(feed).toContain('DTSTART:20261127T150000Z');
  expect(feed).toContain('LOCATION:12 Oak St\\, Austin');
  expect(feed).toContain('SUMMARY:leaking water heater – Dana\\; DROP TABLE');
  expect(feed).toMatch(/UID:a2@nevermisscall[\s\S]*STATUS:CANCELLED\r\nSEQUENCE:1/);
  expect(feed.split('\r\n').filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(2);
  // Nothing a caller typed can start a line of its own.
  expect(feed.split('\r\n').every((line) => /^[A-Z-]+[:;]|^ |^$/.test(line))).toBe(true);
});
