// The Status page's rules (issue #17 point 6): from facts about texting, the assistant, calendar
// sync and the platform, a green / amber / red light per area with plain words and what to do.
// Pure, so every threshold is tested once (domain/system-status.test.ts); the api gathers the facts.
import type { MessageStatus } from './message-status';

export type StatusLevel = 'green' | 'amber' | 'red';

export interface StatusArea {
  area: 'texting' | 'assistant' | 'calendar' | 'temporal' | 'database' | 'workers';
  level: StatusLevel;
  /** What is true now, in the owner's words. */
  summary: string;
  /** What to do about it; absent when nothing needs doing. */
  action?: string;
}

export interface SentText {
  at: Date;
  status: MessageStatus;
  errorCode: number | null;
}

/** Twilio error codes an owner meets, in their words (https://www.twilio.com/docs/api/errors). */
const TWILIO_ERRORS: Record<number, string> = {
  21211: 'invalid phone number',
  21408: 'region not enabled',
  21610: 'the caller replied STOP',
  21611: 'sending queue full',
  21614: 'not a mobile number',
  30003: 'phone unreachable',
  30004: 'message blocked',
  30005: 'unknown number',
  30006: 'landline or unreachable carrier',
  30007: 'filtered as spam',
  30008: 'unknown error',
};

/** "just now", "4 min ago", "3 h ago": how long ago, as an owner says it. */
export function ago(at: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - at.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

const failed = (text: SentText) => text.status === 'failed' || text.status === 'undelivered';
const code = (errorCode: number | null) => (errorCode === null ? 'no code' : `${errorCode} ${TWILIO_ERRORS[errorCode] ?? ''}`.trim());

/**
 * Texting, from the latest outbound texts (newest first). Red when the last three all failed,
 * amber when the latest failed, green once a text goes through again — an owner wants to know
 * whether texts work now, and recent failures are still named while green.
 */
export function textingStatus(recent: readonly SentText[], now: Date): StatusArea {
  if (recent.length === 0) return { area: 'texting', level: 'green', summary: 'No texts sent yet.' };
  const failures = recent.filter(failed);
  const codes = [...new Set(failures.map((text) => code(text.errorCode)))].join(', ');
  const latest = recent[0]!;
  const lastSent = `Last text ${ago(latest.at, now)} (${latest.status}).`;
  if (recent.length >= 3 && recent.slice(0, 3).every(failed)) {
    return {
      area: 'texting',
      level: 'red',
      summary: `Texts are failing: the last ${failures.length === recent.length ? recent.length : 3} did not reach callers (${codes}). ${lastSent}`,
      action: 'Check your Twilio number and account (Settings → Numbers), and call back missed callers meanwhile.',
    };
  }
  if (failed(latest)) {
    return {
      area: 'texting',
      level: 'amber',
      summary: `The latest text did not reach the caller (${code(latest.errorCode)}). ${lastSent}`,
      action: 'Open the conversation and call the caller back; if more texts fail, check your Twilio number.',
    };
  }
  return {
    area: 'texting',
    level: 'green',
    summary: `Texts are going out. ${lastSent}${failures.length > 0 ? ` ${failures.length} of the last ${recent.length} failed (${codes}).` : ''}`,
  };
}

export interface AssistantTurnFact {
  at: Date;
  latencyMs: number;
  outcome: 'ok' | 'fallback';
}

/** Slower than this at the median, callers notice. */
export const SLOW_ASSISTANT_MS = 10_000;
/** More than this share of safe fallbacks means the model is failing. */
export const FALLBACK_SHARE_AMBER = 0.2;

/** The assistant, from its latest turns (newest first). */
export function assistantStatus(recent: readonly AssistantTurnFact[], now: Date): StatusArea {
  if (recent.length === 0) return { area: 'assistant', level: 'green', summary: 'The assistant has not answered anyone yet.' };
  const latencies = recent.map((turn) => turn.latencyMs).sort((a, b) => a - b);
  const median = latencies[Math.floor(latencies.length / 2)]!;
  const fallbacks = recent.filter((turn) => turn.outcome === 'fallback').length;
  const share = fallbacks / recent.length;
  const words = `Last reply ${ago(recent[0]!.at, now)}; typical reply time ${(median / 1000).toFixed(1)} s; ${fallbacks} of the last ${recent.length} were safe fallbacks.`;
  if (recent.length >= 5 && recent.slice(0, 5).every((turn) => turn.outcome === 'fallback')) {
    return {
      area: 'assistant',
      level: 'red',
      summary: `The assistant is not answering: ${words}`,
      action: 'Take over open conversations; the operator should check the model key and provider.',
    };
  }
  if (share > FALLBACK_SHARE_AMBER || median > SLOW_ASSISTANT_MS) {
    return {
      area: 'assistant',
      level: 'amber',
      summary: `The assistant is struggling: ${words}`,
      action: 'Watch new conversations and take over where a caller waits.',
    };
  }
  return { area: 'assistant', level: 'green', summary: `The assistant is answering. ${words}` };
}

export interface CalendarFact {
  provider: string;
  status: 'connected' | 'reconnect';
  lastSyncedAt: Date | null;
  lastFailure: string | null;
  /** Why the last push of bookings into it failed, or null. */
  pushFailure: string | null;
}

/** A sync older than this is late (it runs every minute). */
export const CALENDAR_SYNC_LATE_MS = 15 * 60_000;

export function calendarStatus(connections: readonly CalendarFact[], now: Date): StatusArea {
  if (connections.length === 0) {
    return { area: 'calendar', level: 'green', summary: 'No calendar connected: times come from your business hours.' };
  }
  const names = (list: readonly CalendarFact[]) => list.map((c) => (c.provider === 'google' ? 'Google' : 'Microsoft 365')).join(' and ');
  const broken = connections.filter((c) => c.status === 'reconnect');
  if (broken.length > 0) {
    return {
      area: 'calendar',
      level: 'red',
      summary: `Your ${names(broken)} calendar stopped answering: offered times ignore it.`,
      action: 'Reconnect your calendar in Settings → Calendar.',
    };
  }
  const refusing = connections.filter((c) => c.pushFailure === 'rejected');
  if (refusing.length > 0) {
    return {
      area: 'calendar',
      level: 'amber',
      summary: `Your ${names(refusing)} calendar refuses the appointments we book: they are not in it.`,
      action: 'Choose a booking calendar you can edit in Settings → Calendar; the appointments go in at once.',
    };
  }
  const late = connections.filter(
    (c) =>
      c.lastFailure !== null ||
      c.pushFailure !== null ||
      c.lastSyncedAt === null ||
      now.getTime() - c.lastSyncedAt.getTime() > CALENDAR_SYNC_LATE_MS,
  );
  if (late.length > 0) {
    return {
      area: 'calendar',
      level: 'amber',
      summary: `Your ${names(late)} calendar has not synced recently${(() => {
        const why = late[0]!.lastFailure ?? late[0]!.pushFailure;
        return why ? ` (${why.replace(/_/g, ' ')})` : '';
      })()}.`,
      action: 'It retries by itself; use "Sync now" in Settings → Calendar, or reconnect if this lasts.',
    };
  }
  return { area: 'calendar', level: 'green', summary: `Your ${names(connections)} calendar is in sync.` };
}

export function reachabilityStatus(area: 'temporal' | 'database', reachable: boolean): StatusArea {
  const what = area === 'temporal' ? 'The workflow service (Temporal)' : 'The database';
  return reachable
    ? { area, level: 'green', summary: `${what} answers.` }
    : {
        area,
        level: 'red',
        summary: `${what} does not answer: missed calls are stored but not texted back.`,
        action: 'The operator must bring it back; nothing is lost meanwhile.',
      };
}

export interface QueuePollers {
  queue: string;
  /** Workers that polled this queue in the last minute. */
  pollers: number;
}

/** What each queue does, for the words when nobody serves it. */
const QUEUE_WORK: Record<string, string> = {
  conversations: 'conversations (texts, bookings)',
  sms: 'texts queued by older conversations',
  ai: 'the assistant’s replies',
};

export function workersStatus(queues: readonly QueuePollers[] | undefined): StatusArea {
  if (!queues)
    return {
      area: 'workers',
      level: 'amber',
      summary: 'Could not ask Temporal which workers are running.',
      action: 'Check Temporal first.',
    };
  const idle = queues.filter((queue) => queue.pollers === 0);
  const summary = queues.map((queue) => `${queue.queue}: ${queue.pollers}`).join(', ');
  if (idle.some((queue) => queue.queue === 'conversations')) {
    return {
      area: 'workers',
      level: 'red',
      summary: `No worker is running conversations (workers per queue — ${summary}).`,
      action: 'Start a worker (npm run start:worker); calls and texts wait for it and nothing is lost.',
    };
  }
  if (idle.length > 0) {
    return {
      area: 'workers',
      level: 'amber',
      summary: `Nobody serves ${idle.map((queue) => QUEUE_WORK[queue.queue] ?? queue.queue).join(' and ')} (workers per queue — ${summary}).`,
      action: 'Start a worker (npm run start:worker).',
    };
  }
  return { area: 'workers', level: 'green', summary: `Workers are running (per queue — ${summary}).` };
}

/** The page's overall light: the worst of its areas. */
export function overallLevel(areas: readonly StatusArea[]): StatusLevel {
  return areas.some((a) => a.level === 'red') ? 'red' : areas.some((a) => a.level === 'amber') ? 'amber' : 'green';
}
