// The owner's calendar feed (docs/product.md journey 7) as iCalendar (RFC 5545), which phone calendar
// apps subscribe to by URL. Pure formatting: escaping, line folding, UTC times; the events come from
// db/appointments.ts (toCalendarAppointment).
import type { CalendarAppointment } from '../db/appointments';

/** TEXT values: backslash, semicolon, comma and newlines are escaped (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Lines longer than 75 octets are folded: CRLF and one space, never inside a UTF-8 character (RFC 5545 3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with the space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** 20261126T150000Z */
export function icsDateTime(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function calendarFeed({
  businessName,
  appointments,
  now,
}: {
  businessName: string;
  appointments: CalendarAppointment[];
  now: Date;
}): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//NeverMissCall//Appointments//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`${businessName} jobs`)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT15M',
  ];
  for (const appointment of appointments) {
    const who = appointment.callerName ? `${appointment.callerName} (${appointment.callerPhone})` : appointment.callerPhone;
    const description = [
      appointment.jobDescription ? `Job: ${appointment.jobDescription}` : undefined,
      appointment.serviceAddress ? `Address: ${appointment.serviceAddress}` : undefined,
      `Caller: ${who}`,
    ].filter(Boolean);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${appointment.id}@nevermisscall`,
      `DTSTAMP:${icsDateTime(now)}`,
      `CREATED:${icsDateTime(appointment.createdAt)}`,
      `LAST-MODIFIED:${icsDateTime(appointment.cancelledAt ?? appointment.createdAt)}`,
      `DTSTART:${icsDateTime(appointment.start)}`,
      `DTEND:${icsDateTime(appointment.end)}`,
      `SUMMARY:${escapeText(`${appointment.jobDescription ? appointment.jobDescription : 'Job'} – ${appointment.callerName ?? appointment.callerPhone}`)}`,
      `DESCRIPTION:${escapeText(description.join('\n'))}`,
      ...(appointment.serviceAddress ? [`LOCATION:${escapeText(appointment.serviceAddress)}`] : []),
      `STATUS:${appointment.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      // A cancelled event keeps its UID with a higher sequence, so subscribed calendars drop it.
      `SEQUENCE:${appointment.status === 'cancelled' ? 1 : 0}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
