// The owner's answer to an alert of the calendar sync (issue #16): the owner deleted or moved an
// appointment's event in their own calendar, and chooses whether the caller is told. Nothing is
// texted to the caller without this answer (docs/decisions/0025-owner-calendars.md).
import { z } from 'zod';

export const calendarAlertAnswer = z
  .strictObject({
    answer: z
      .enum(['tell_caller', 'keep'])
      .meta({ description: '"tell_caller" texts the caller the prepared message from the conversation; "keep" sends nothing.' }),
  })
  .meta({ id: 'CalendarAlertAnswer' });

export const calendarAlertAnswered = z
  .object({
    answer: z.enum(['told_caller', 'kept']).meta({ description: 'The answer kept (the first one counts).' }),
  })
  .meta({ id: 'CalendarAlertAnswered' });
export type CalendarAlertAnswered = z.output<typeof calendarAlertAnswered>;
