// The conversation's pure core: decide(state, event, now) → { state, commands }. Every rule of a
// conversation — lead status, who has it, opt-out, quiet hours, the text-back, nudges, timeouts,
// reminders, idle alerts, offers and bookings — is applied here to plain data, with no Temporal in
// sight; the workflow (workflow.ts) only feeds it events and runs its commands.
import { onAssistantAnswered, onAssistantFailed } from './assistant';
import { onAppointmentChangedInCalendar, onBooked, onSlotsListed, onSlotTaken } from './booking';
import { onCallAnswered, onCallEnded, onCallerText, onMissedCall, onVoicemail } from './caller';
import { emit, iso, isOver, nextRef, waitFor, type Ctx } from './context';
import type { Conversation, Decision, Event } from './model';
import { handBack, ownerBooks, ownerCancels, ownerMessage, ownerSetsStatus, settingsChanged, takeOver } from './owner';
import { onClosed, onDelivery, onOpened, onTextFailed, onTextSent } from './results';
import { fireDue, nextWakeUp as nextDue, pendingTimers } from './timers';
import type { ConversationView } from '../../contracts/conversation-workflow';
import { operatorDetails, toView } from './view';

export interface ConversationStart {
  conversationId: string;
  tenantId: string;
  callerPhone: string;
  businessPhone: string;
}

export function newConversation(start: ConversationStart, now: number): Conversation {
  return {
    ...start,
    phase: 'new',
    leadStatus: 'new',
    mode: 'ai',
    optedOut: false,
    lead: {},
    remindersSent: [],
    missedCalls: 0,
    messagesFromCaller: 0,
    greeting: { sent: false, undelivered: false, alerted: false },
    undeliveredSids: [],
    voicemailCalls: [],
    endedCalls: [],
    answeredByPhone: false,
    handledByPhone: false,
    seenMessageSids: [],
    seenCallSids: [],
    transcribedRecordings: [],
    transcript: [],
    early: [],
    unanswered: [],
    nextSeq: 1,
    nextRef: 1,
    nudged: false,
    idleAlerts: 0,
    aiEpoch: 0,
    awaiting: [],
    held: [],
    alerted: [],
    arrivedWhileClosing: { calls: [], texts: [] },
    lastActivityAt: iso(now),
  };
}

export function decide(state: Conversation, event: Event, now: number): Decision {
  // A private copy through JSON: the state must survive continue-as-new exactly, so it stays JSON.
  const ctx: Ctx = { s: JSON.parse(JSON.stringify(state)) as Conversation, out: [], now };
  apply(ctx, event);
  if (ctx.s.phase === 'new' && (ctx.s.openingCall || ctx.s.early.length > 0)) {
    // Started with signalWithStart: the call or text that opened the conversation is here.
    ctx.s.phase = 'opening';
    const ref = nextRef(ctx);
    waitFor(ctx, { ref, on: 'open' });
    emit(ctx, { type: 'open', ref, ...(ctx.s.openingCall ? { call: ctx.s.openingCall } : {}) });
  }
  fireDue(ctx);
  maybeClose(ctx);
  return { state: ctx.s, commands: ctx.out };
}

function apply(ctx: Ctx, event: Event) {
  switch (event.type) {
    case 'missed_call':
      return onMissedCall(ctx, event.call);
    case 'voicemail':
      return onVoicemail(ctx, event.voicemail);
    case 'call_ended':
      return onCallEnded(ctx, event.callSid);
    case 'call_answered':
      return onCallAnswered(ctx);
    case 'caller_text':
      return onCallerText(ctx, event.text);
    case 'delivery':
      return onDelivery(ctx, event);
    case 'take_over':
      return takeOver(ctx);
    case 'hand_back':
      return handBack(ctx);
    case 'owner_sets_status':
      return ownerSetsStatus(ctx, event.status);
    case 'settings_changed':
      return settingsChanged(ctx, event.settings);
    case 'owner_message':
      return ownerMessage(ctx, event.requestId, event.body);
    case 'owner_books':
      return ownerBooks(ctx, event.requestId, event.start);
    case 'owner_cancels':
      return ownerCancels(ctx, event.requestId);
    case 'appointment_changed_in_calendar':
      return onAppointmentChangedInCalendar(ctx, event);
    case 'opened':
      return onOpened(ctx, event.ref, event.settings, event.optedOut);
    case 'text_sent':
      return onTextSent(ctx, event.ref, event.sid, event.message);
    case 'text_failed':
      return onTextFailed(ctx, event.ref, event.reason);
    case 'assistant_answered':
      return onAssistantAnswered(ctx, event.ref, event.answer);
    case 'assistant_failed':
      return onAssistantFailed(ctx, event.ref);
    case 'slots_listed':
      return onSlotsListed(ctx, event.ref, event.slots);
    case 'booked':
      return onBooked(ctx, event.ref, event.appointmentId);
    case 'slot_taken':
      return onSlotTaken(ctx, event.ref);
    case 'closed':
      return onClosed(ctx, event.ref);
    case 'tick':
      return; // whatever is due fires below
  }
}

/** Closes once over and nothing is in flight (a text being sent, an answer being written). */
function maybeClose(ctx: Ctx) {
  const { s } = ctx;
  if (s.phase !== 'open' || !isOver(ctx) || s.awaiting.length > 0) return;
  s.phase = 'closing';
  s.held = [];
  const ref = nextRef(ctx);
  waitFor(ctx, { ref, on: 'close' });
  emit(ctx, { type: 'close', ref, leadStatus: s.leadStatus });
}

/** Nothing in flight: a safe moment to continue as new. */
export function isIdle(state: Conversation): boolean {
  return state.awaiting.length === 0;
}

export function nextWakeUp(state: Conversation, now: number): number | undefined {
  return nextDue({ s: state, out: [], now });
}

/** The run's current details for Temporal Web UI (view.ts operatorDetails). */
export function detailsForOperators(state: Conversation, now: number): string {
  const ctx = { s: state, out: [], now };
  return operatorDetails(state, pendingTimers(ctx), nextDue(ctx));
}

export function view(state: Conversation, now: number): ConversationView {
  const ctx = { s: state, out: [], now };
  return toView(state, pendingTimers(ctx), nextDue(ctx));
}
