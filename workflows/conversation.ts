// One conversation with one caller (ARCHITECTURE.md "The conversation workflow"): the text-back
// after a missed call, then a loop that waits for the caller, the owner or the next deadline;
// assistant turns as activities; the owner's takeover is immediate and server-enforced; timers
// move the lead (nudge, unresponsive, takeover-idle alert); the run ends with a final status and
// continues-as-new when its history grows.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { AssistantActivities, ConversationActivities, SmsActivities } from '../activities';
import type { AssistantDecision } from '../activities/assistant';
import { fallbackReply } from '../domain/assistant-safety';
import {
  appointmentIntent,
  bookingConfirmation,
  cancellationConfirmation,
  pickOfferedSlot,
  reminderText,
  reminderTimes,
  slotOfferText,
  slotTakenText,
} from '../domain/appointments';
import { classifyKeyword, helpReply, optInConfirmation, optOutConfirmation } from '../domain/keywords';
import { isFinalLeadStatus, nextLeadStatus, ownerSetLeadStatus, type LeadEvent, type LeadStatus } from '../domain/lead-status';
import type { MessageAuthor } from '../domain/live-events';
import { whenToSend } from '../domain/quiet-hours';
import { nudgeText, type ConversationSettings } from '../domain/settings';
import { textBackAfterVoicemail, textBackGreeting, TEXT_BACK_VALIDITY_SECONDS } from '../domain/text-back';
import { NmcLeadStatus, NmcMode } from '../temporal/search-attributes';
import { TASK_QUEUES } from '../temporal/task-queues';
import {
  bookSlotUpdate,
  callAnsweredSignal,
  callEndedSignal,
  cancelAppointmentUpdate,
  deliveryStatusSignal,
  handBackSignal,
  inboundSmsSignal,
  MAX_SMS_BODY,
  missedCallSignal,
  sendOwnerMessageUpdate,
  setLeadStatusSignal,
  settingsChangedSignal,
  stateQuery,
  takeOverSignal,
  voicemailSignal,
  VOICEMAIL_PREFIX,
  type CarriedConversation,
  type ConversationInput,
  type ConversationOutcome,
  type ConversationState,
  type AppointmentRef,
  type InboundSms,
  type LeadFields,
  type MissedCall,
  type TranscriptEntry,
  type Voicemail,
} from './messages';

const readModel = proxyActivities<ConversationActivities>({
  taskQueue: TASK_QUEUES.conversations,
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const sms = proxyActivities<SmsActivities>({
  taskQueue: TASK_QUEUES.sms,
  // Twilio answers in well under a second; a stuck attempt is retried, and the outbox keeps a
  // retry from sending twice. Opted-out or invalid numbers fail at once (non-retryable).
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

const assistant = proxyActivities<AssistantActivities>({
  taskQueue: TASK_QUEUES.ai,
  // Up to 3 model calls of at most 20 s each, then the safe fallback inside the activity; these
  // retries are for the activity itself (database, worker restarts).
  startToCloseTimeout: '75 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 },
});

/** How much transcript the assistant sees; the database keeps every message. */
const TRANSCRIPT_LIMIT = 40;
/** Longest a text-back waits for a caller who was offered voicemail (Record maxLength plus slack). */
const VOICEMAIL_WAIT_MS = 150_000;
/** Continue-as-new before the history gets heavy, even if the server has not suggested it yet. */
const HISTORY_EVENTS_LIMIT = 2_000;
const SEEN_SIDS_LIMIT = 500;

function isCallerOptedOut(error: unknown): boolean {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === 'CallerOptedOut';
}

export async function conversationWorkflow(input: ConversationInput): Promise<ConversationOutcome> {
  const { workflowId } = workflowInfo();
  const carried = input.carried;
  const now = () => new Date(Date.now());
  const iso = (date: Date) => date.toISOString();

  const state: ConversationState = carried?.state ?? {
    conversationId: uuid4(),
    leadStatus: 'new',
    mode: 'ai',
    optedOut: false,
    greetingSent: false,
    missedCalls: input.arrivedWhileClosing?.calls.length ?? 0,
    messagesFromCaller: 0,
    lead: {},
    timers: {},
    lastActivityAt: iso(now()),
    closed: false,
    offeredSlots: [],
    remindersSent: [],
  };
  let settings: ConversationSettings | undefined = carried?.settings;
  const transcript: TranscriptEntry[] = carried?.transcript ?? [];
  let nextSeq = carried?.nextSeq ?? 1;
  const seenMessageSids = new Set(carried?.seenMessageSids ?? input.arrivedWhileClosing?.texts.map((text) => text.messageSid) ?? []);
  const seenCallSids = new Set(carried?.seenCallSids ?? input.arrivedWhileClosing?.calls.map((call) => call.callSid) ?? []);
  const inbox: InboundSms[] = [...(carried?.pendingInbound ?? []), ...(input.arrivedWhileClosing?.texts ?? [])];
  const missedCalls: MissedCall[] = [...(input.arrivedWhileClosing?.calls ?? [])];
  let lastCallerContactAt = carried?.lastCallerContactAt;
  let lastOwnerMessageAt = carried?.lastOwnerMessageAt;
  /** Since when a text of ours waits for the caller's answer (nudge and unresponsive run from it). */
  let awaitingCallerSince = carried?.awaitingCallerSince;
  let nudged = carried?.nudged ?? false;
  let callerWaitsForReply = carried?.callerWaitsForReply ?? false;
  /** Bumped when settings or an appointment change what the loop waits for: it re-plans its timers. */
  let planVersion = 0;
  /** Bumped by every takeover: an assistant turn started under an older value is thrown away. */
  let aiEpoch = 0;
  let modeChanged = false;
  /** A status the owner set by hand, applied by the loop. */
  let ownerStatus: LeadStatus | undefined;
  let pendingOptOutFromCarrier = false;
  let greetingSid = carried?.greetingSid;
  let greetingUndelivered = false;
  /** Failed deliveries reported before we learned which SID the greeting got (the callback can win that race). */
  const undeliveredSids = new Set<string>();
  let greetingAlertSent = false;
  /** Voicemails by CallSid (recording first, transcription later). */
  const voicemails = new Map<string, Voicemail>();
  const transcribedRecordings = new Set<string>();
  /** Voicemail transcriptions the assistant has not answered yet: the caller's words, left by phone. */
  const voicemailTexts: string[] = [...(carried?.voicemailTexts ?? [])];
  const endedCalls = new Set<string>();
  /** The owner reached the caller by phone before the (delayed) text-back went out. */
  let answeredByPhone = false;
  let handledByPhone = false;

  // ---- handlers ---------------------------------------------------------------------------
  setHandler(stateQuery, () => ({ ...state, lead: { ...state.lead }, timers: { ...state.timers } }));

  setHandler(missedCallSignal, (call) => {
    // Twilio retries webhooks: the same CallSid counts once.
    if (seenCallSids.has(call.callSid)) return;
    remember(seenCallSids, call.callSid);
    missedCalls.push(call);
    state.missedCalls += 1;
  });

  setHandler(voicemailSignal, (voicemail) => {
    voicemails.set(voicemail.callSid, { ...voicemails.get(voicemail.callSid), ...voicemail });
    const words = voicemail.transcription?.trim();
    if (words && !transcribedRecordings.has(voicemail.recordingSid)) {
      remember(transcribedRecordings, voicemail.recordingSid);
      voicemailTexts.push(words.slice(0, MAX_SMS_BODY));
    }
  });

  setHandler(callEndedSignal, ({ callSid }) => remember(endedCalls, callSid));
  setHandler(callAnsweredSignal, () => {
    if (!state.greetingSent) answeredByPhone = true;
  });

  setHandler(inboundSmsSignal, (message) => {
    if (seenMessageSids.has(message.messageSid)) return;
    remember(seenMessageSids, message.messageSid);
    inbox.push(message);
  });

  setHandler(deliveryStatusSignal, (report) => {
    // Twilio 21610: the carrier says the caller opted out (e.g. STOP sent to another number of ours).
    if (report.errorCode === 21610) pendingOptOutFromCarrier = true;
    if (report.status === 'undelivered' || report.status === 'failed') {
      if (report.messageSid === greetingSid) greetingUndelivered = true;
      else if (!greetingSid) remember(undeliveredSids, report.messageSid);
    }
  });

  setHandler(takeOverSignal, () => takeOver());
  setHandler(handBackSignal, () => {
    if (state.closed || state.mode === 'ai') return;
    state.mode = 'ai';
    state.timers.takeoverIdleAlertAt = undefined;
    modeChanged = true;
  });

  setHandler(setLeadStatusSignal, ({ status }) => {
    const result = ownerSetLeadStatus(state.leadStatus, status);
    if (result.ok) ownerStatus = result.status;
  });

  setHandler(settingsChangedSignal, (changed) => {
    settings = changed;
    planVersion += 1;
  });

  setHandler(
    sendOwnerMessageUpdate,
    async ({ body }) => {
      // An owner message while the assistant is active takes over implicitly.
      takeOver();
      const text = body.trim();
      const sent = await sendToCaller(text, 'owner');
      lastOwnerMessageAt = iso(now());
      return sent.message;
    },
    {
      validator: ({ body }) => {
        const text = typeof body === 'string' ? body.trim() : '';
        if (text.length === 0) throw ApplicationFailure.nonRetryable('the message is empty', 'InvalidMessage');
        if (text.length > MAX_SMS_BODY)
          throw ApplicationFailure.nonRetryable(`the message is longer than ${MAX_SMS_BODY} characters`, 'InvalidMessage');
        if (state.optedOut)
          throw ApplicationFailure.nonRetryable('this caller opted out of texts (they can reply START)', 'CallerOptedOut');
        if (state.closed) throw ApplicationFailure.nonRetryable('this conversation is closed', 'ConversationClosed');
        if (!settings) throw ApplicationFailure.nonRetryable('this conversation is still starting; try again in a moment', 'NotReady');
      },
    },
  );

  setHandler(
    bookSlotUpdate,
    async ({ start }) => {
      const slots = await readModel.listFreeSlots({ tenantId: input.tenantId, settings: settings!, now: iso(now()), limit: 500 });
      const slot = slots.find((candidate) => Date.parse(candidate.start) === Date.parse(start));
      if (!slot) {
        throw ApplicationFailure.nonRetryable('that time is not free; pick one of the offered slots', 'SlotUnavailable', {
          alternatives: slots.slice(0, 5),
        });
      }
      const booked = await book(slot);
      if (!booked) throw ApplicationFailure.nonRetryable('that time was just taken; pick another', 'SlotTaken');
      return booked;
    },
    {
      validator: ({ start }) => {
        const at = typeof start === 'string' ? Date.parse(start) : NaN;
        if (Number.isNaN(at)) throw ApplicationFailure.nonRetryable('start must be an ISO date-time', 'InvalidSlot');
        if (at <= Date.now()) throw ApplicationFailure.nonRetryable('that time is in the past', 'InvalidSlot');
        if (state.optedOut) throw ApplicationFailure.nonRetryable('this caller opted out of texts', 'CallerOptedOut');
        if (state.closed) throw ApplicationFailure.nonRetryable('this conversation is closed', 'ConversationClosed');
        if (!settings) throw ApplicationFailure.nonRetryable('this conversation is still starting; try again in a moment', 'NotReady');
      },
    },
  );

  setHandler(cancelAppointmentUpdate, () => cancelBooking(), {
    validator: () => {
      if (!state.appointment) throw ApplicationFailure.nonRetryable('this conversation has no appointment', 'NoAppointment');
    },
  });

  function remember(set: Set<string>, sid: string) {
    set.add(sid);
    if (set.size > SEEN_SIDS_LIMIT) set.delete(set.values().next().value as string);
  }

  function takeOver() {
    if (state.closed) return;
    aiEpoch += 1;
    if (state.mode !== 'human') {
      state.mode = 'human';
      modeChanged = true;
    }
    lastOwnerMessageAt = iso(now());
  }

  // ---- effects ----------------------------------------------------------------------------
  function addToTranscript(author: TranscriptEntry['author'], body: string) {
    transcript.push({ author, body, at: iso(now()) });
    if (transcript.length > TRANSCRIPT_LIMIT) transcript.splice(0, transcript.length - TRANSCRIPT_LIMIT);
  }

  async function sendToCaller(body: string, author: MessageAuthor, validitySeconds?: number) {
    const result = await sms.sendText({
      workflowId,
      seq: nextSeq++,
      tenantId: input.tenantId,
      conversationId: state.conversationId,
      to: input.callerPhone,
      from: input.businessPhone,
      body,
      author,
      ...(validitySeconds ? { validitySeconds } : {}),
    });
    addToTranscript(author === 'caller' ? 'system' : author, body);
    state.lastActivityAt = iso(now());
    // A new text of ours starts a new wait for the caller (and may earn a new nudge).
    awaitingCallerSince = iso(now());
    nudged = false;
    return result;
  }

  /** Sends unless the caller opted out meanwhile; a carrier-side opt-out (21610) is recorded. */
  async function trySendToCaller(body: string, author: MessageAuthor, validitySeconds?: number): Promise<boolean> {
    try {
      const sent = await sendToCaller(body, author, validitySeconds);
      if (author === 'assistant' && !state.greetingSent) {
        greetingSid = sent.twilioSid;
        // The report may have come before our send was answered: then it arrived with the stored text.
        if (undeliveredSids.has(greetingSid) || sent.message.status === 'undelivered' || sent.message.status === 'failed') {
          greetingUndelivered = true;
        }
      }
      return true;
    } catch (error) {
      if (isCallerOptedOut(error)) {
        await optOut(false);
        return false;
      }
      throw error;
    }
  }

  async function alertOwner(kind: string, text: string) {
    await sms.alertOwner({ workflowId, seq: nextSeq++, tenantId: input.tenantId, conversationId: state.conversationId, kind, text });
  }

  async function moveLead(event: LeadEvent) {
    await setLeadStatus(nextLeadStatus(state.leadStatus, event));
  }

  async function setLeadStatus(status: LeadStatus) {
    if (status === state.leadStatus) return;
    state.leadStatus = status;
    upsertSearchAttributes([{ key: NmcLeadStatus, value: status }]);
    await readModel.updateConversation({ conversationId: state.conversationId, leadStatus: status, mode: state.mode, lead: state.lead });
  }

  async function publishMode() {
    modeChanged = false;
    upsertSearchAttributes([{ key: NmcMode, value: state.mode }]);
    await readModel.updateConversation({
      conversationId: state.conversationId,
      leadStatus: state.leadStatus,
      mode: state.mode,
      lead: state.lead,
    });
  }

  /** Books a slot through the one booking activity; says "booked" only after it is stored. */
  async function book(slot: { start: string; end: string }): Promise<AppointmentRef | undefined> {
    const previous = state.appointment;
    const result = await readModel.bookAppointment({
      tenantId: input.tenantId,
      conversationId: state.conversationId,
      callerPhone: input.callerPhone,
      start: slot.start,
      end: slot.end,
    });
    if (!result.ok) return undefined;
    // Moving a booking: the old slot is freed only once the new one is safely held.
    if (previous && previous.id !== result.appointmentId) await readModel.cancelAppointment({ appointmentId: previous.id });
    state.appointment = { id: result.appointmentId, start: slot.start, end: slot.end };
    state.offeredSlots = [];
    // Reminders whose time has already passed (a booking for later today) are not sent late.
    state.remindersSent = reminderTimes(new Date(slot.start), settings!.reminderOffsetsMs, settings!.timeZone)
      .filter((due) => due.getTime() <= Date.now())
      .map(iso);
    awaitingCallerSince = undefined;
    planVersion += 1;
    await moveLead({ type: 'appointment_booked' });
    await trySendToCaller(bookingConfirmation(settings!.businessName, new Date(slot.start), settings!.timeZone), 'assistant');
    awaitingCallerSince = undefined; // booked: no nudge, no unresponsive timeout
    await alertOwner(
      'booking_made',
      `NeverMissCall: ${input.callerPhone} booked ${slot.start} (${state.lead.jobDescription ?? 'job not described'}).`,
    );
    return state.appointment;
  }

  async function cancelBooking() {
    const appointment = state.appointment;
    if (!appointment) return;
    await readModel.cancelAppointment({ appointmentId: appointment.id });
    state.appointment = undefined;
    state.remindersSent = [];
    planVersion += 1;
    await moveLead({ type: 'appointment_cancelled' });
    await trySendToCaller(cancellationConfirmation(settings!.businessName, new Date(appointment.start), settings!.timeZone), 'assistant');
    await alertOwner('booking_cancelled', `NeverMissCall: ${input.callerPhone} cancelled the appointment at ${appointment.start}.`);
  }

  /** Texts the caller numbered free slots to answer with a digit; false when none are free. */
  async function offerSlots(prefix = ''): Promise<boolean> {
    const slots = await readModel.listFreeSlots({ tenantId: input.tenantId, settings: settings!, now: iso(now()), limit: 3 });
    if (slots.length === 0) return false;
    state.offeredSlots = slots;
    const offer = slotOfferText(
      settings!.businessName,
      slots.map((slot) => ({ start: new Date(slot.start), end: new Date(slot.end) })),
      settings!.timeZone,
    );
    await trySendToCaller(prefix ? `${prefix} ${offer}` : offer, 'assistant');
    return true;
  }

  async function optOut(confirm: boolean) {
    if (state.optedOut) return;
    if (confirm && settings) {
      try {
        await sendToCaller(optOutConfirmation({ name: settings.businessName }), 'system');
      } catch (error) {
        // The carrier handles STOP itself (Twilio's opt-out) and already confirmed: one confirmation either way.
        if (!isCallerOptedOut(error)) throw error;
      }
    }
    state.optedOut = true;
    await readModel.setOptOut({ tenantId: input.tenantId, callerPhone: input.callerPhone, optedOut: true });
    await moveLead({ type: 'caller_opted_out' });
  }

  // ---- start ------------------------------------------------------------------------------
  if (!carried) {
    // Started with signalWithStart, so the call or text that opened the conversation is here already.
    await condition(() => missedCalls.length > 0 || inbox.length > 0);
    const opened = await readModel.openConversation({
      conversationId: state.conversationId,
      workflowId,
      tenantId: input.tenantId,
      callerPhone: input.callerPhone,
      businessPhone: input.businessPhone,
      ...(missedCalls[0] ? { call: missedCalls[0] } : {}),
    });
    settings = opened.settings;
    state.optedOut = opened.optedOut;
    if (opened.optedOut) await setLeadStatus('opted_out');
    if (missedCalls.length > 0 && !state.optedOut) await textBack(missedCalls[0]!, opened.settings);
    missedCalls.length = 0;
  }

  // ---- the conversation loop --------------------------------------------------------------
  for (;;) {
    await handleWhatArrived();
    if (conversationIsOver()) break;

    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_EVENTS_LIMIT) {
      await condition(allHandlersFinished);
      if (inbox.length === 0 && missedCalls.length === 0 && voicemailTexts.length === 0) {
        await continueAsNew<typeof conversationWorkflow>({ ...input, carried: carry() });
      }
    }

    const deadline = nextDeadline();
    const observedPlan = planVersion;
    const wakeUp = () =>
      inbox.length > 0 ||
      missedCalls.length > 0 ||
      voicemailTexts.length > 0 ||
      modeChanged ||
      ownerStatus !== undefined ||
      pendingOptOutFromCarrier ||
      (greetingUndelivered && !greetingAlertSent) ||
      planVersion !== observedPlan ||
      (state.mode === 'ai' && callerWaitsForReply);
    const wokeEarly =
      deadline === undefined ? (await condition(wakeUp), true) : await condition(wakeUp, Math.max(0, deadline - Date.now()));
    if (!wokeEarly) await onDeadline();
  }

  /** Over: opted out, or a final status with no appointment still ahead (reminders, changes by SMS). */
  function conversationIsOver(): boolean {
    if (state.optedOut || handledByPhone) return true;
    if (state.appointment && Date.parse(state.appointment.end) > Date.now()) return false;
    return isFinalLeadStatus(state.leadStatus);
  }

  // ---- the end ----------------------------------------------------------------------------
  await condition(allHandlersFinished);
  state.closed = true;
  await readModel.closeConversation({ conversationId: state.conversationId, leadStatus: state.leadStatus });
  // A call or text that arrived while we were closing is never dropped: it opens the next conversation.
  if (inbox.length > 0 || missedCalls.length > 0) {
    const { carried: _previous, ...fresh } = input;
    await continueAsNew<typeof conversationWorkflow>({ ...fresh, arrivedWhileClosing: { calls: [...missedCalls], texts: [...inbox] } });
  }
  return { conversationId: state.conversationId, leadStatus: state.leadStatus };

  // ---- steps ------------------------------------------------------------------------------
  /**
   * The first text after a missed call (PRODUCT.md journey 3). A text-back delay lets the owner
   * answer or return the call first; a caller offered voicemail is texted once they hang up, so
   * the text can say we got their message. A text from the caller cuts both waits short.
   */
  async function textBack(call: MissedCall, s: ConversationSettings) {
    // Settings recorded before call handling existed (running conversations, old histories) have no `calls`.
    const delayMs = (s.calls as ConversationSettings['calls'] | undefined)?.textBackDelayMs ?? 0;
    if (delayMs > 0) await condition(() => answeredByPhone || inbox.length > 0, delayMs);
    if (call.voicemailOffered && !answeredByPhone) {
      await condition(
        () => voicemails.has(call.callSid) || endedCalls.has(call.callSid) || inbox.length > 0 || answeredByPhone,
        VOICEMAIL_WAIT_MS,
      );
    }
    if (answeredByPhone && inbox.length === 0) {
      handledByPhone = true;
      return;
    }
    const text = voicemails.has(call.callSid)
      ? textBackAfterVoicemail({ name: s.businessName })
      : textBackGreeting({ name: s.businessName });
    // A reply to the caller's own call: sent at once, even at night (not started by us).
    if (await trySendToCaller(text, 'assistant', TEXT_BACK_VALIDITY_SECONDS)) state.greetingSent = true;
  }

  /** Everything signals and updates queued since the last look, in a fixed order. */
  async function handleWhatArrived() {
    if (pendingOptOutFromCarrier) {
      pendingOptOutFromCarrier = false;
      await optOut(false);
    }
    if (greetingUndelivered && !greetingAlertSent) {
      greetingAlertSent = true;
      await alertOwner(
        'text_back_undelivered',
        `NeverMissCall: the text-back to ${input.callerPhone} was not delivered by the carrier. Call them back?`,
      );
    }
    if (modeChanged) await publishMode();
    if (ownerStatus !== undefined) {
      const status = ownerStatus;
      ownerStatus = undefined;
      await setLeadStatus(status);
    }
    if (missedCalls.length > 0) {
      // The caller called again: they are still interested.
      missedCalls.length = 0;
      lastCallerContactAt = iso(now());
      awaitingCallerSince = undefined;
      nudged = false;
    }
    while (voicemailTexts.length > 0) {
      // What the caller said on the voicemail is theirs to be answered, like a text.
      addToTranscript('caller', `${VOICEMAIL_PREFIX}${voicemailTexts.shift()!}`);
      lastCallerContactAt = iso(now());
      awaitingCallerSince = undefined;
      if (!state.optedOut) callerWaitsForReply = true;
    }
    while (inbox.length > 0) await handleInbound(inbox.shift()!);
    if (state.mode === 'ai' && callerWaitsForReply && !conversationIsOver()) await assistantTurn();
  }

  async function handleInbound(message: InboundSms) {
    await readModel.recordInboundSms({
      conversationId: state.conversationId,
      tenantId: input.tenantId,
      messageSid: message.messageSid,
      body: message.body,
      receivedAt: message.receivedAt,
      ...(message.numSegments ? { numSegments: message.numSegments } : {}),
    });
    state.messagesFromCaller += 1;
    state.lastActivityAt = iso(now());
    lastCallerContactAt = iso(now());
    awaitingCallerSince = undefined;
    nudged = false;
    addToTranscript('caller', message.body);

    const keyword = classifyKeyword(message.body);
    if (keyword === 'opt_out') return optOut(true);
    if (keyword === 'opt_in') {
      if (!state.optedOut) return;
      state.optedOut = false;
      await readModel.setOptOut({ tenantId: input.tenantId, callerPhone: input.callerPhone, optedOut: false });
      await moveLead({ type: 'caller_opted_in' });
      await sendToCaller(optInConfirmation({ name: settings!.businessName }), 'system');
      return;
    }
    if (state.optedOut) return; // we stay silent until START
    if (keyword === 'help') {
      await sendToCaller(helpReply({ name: settings!.businessName, phone: input.businessPhone }), 'system');
      return;
    }
    await moveLead({ type: 'caller_replied' });
    const picked = state.offeredSlots.length > 0 ? pickOfferedSlot(message.body, state.offeredSlots.length) : undefined;
    if (picked !== undefined) {
      // Answering an offer with its number books it, no model needed; a lost race gets new options.
      if (!(await book(state.offeredSlots[picked]!))) {
        if (!(await offerSlots(slotTakenText(settings!.businessName)))) callerWaitsForReply = true;
      }
      return;
    }
    const intent = state.appointment ? appointmentIntent(message.body) : undefined;
    if (intent === 'cancel') return cancelBooking();
    if (intent === 'reschedule') {
      if (!(await offerSlots())) callerWaitsForReply = true;
      return;
    }
    callerWaitsForReply = true;
  }

  async function assistantTurn() {
    const epoch = aiEpoch;
    const callerSaid = [...transcript].reverse().find((entry) => entry.author === 'caller')?.body ?? '';
    callerWaitsForReply = false;
    let decision: AssistantDecision;
    try {
      decision = await assistant.assistantTurn({
        tenantId: input.tenantId,
        conversationId: state.conversationId,
        businessName: settings!.businessName,
        transcript: [...transcript],
        lead: { ...state.lead },
      });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      // Even the activity's own fallback could not run: the caller still hears from us and the owner takes it.
      decision = { reply: fallbackReply(settings!.businessName), fields: {}, action: 'handoff', emergency: false, optOut: false };
    }
    // The owner took over while the assistant was thinking: its reply is never sent.
    if (epoch !== aiEpoch || state.mode !== 'ai' || state.optedOut) return;
    const leadBefore = JSON.stringify(state.lead);
    mergeLead(decision.declineReason ? { ...decision.fields, declineReason: decision.declineReason } : decision.fields);
    if (decision.optOut) return optOut(true);
    // What the caller told us shows on the dashboard now, not only at the next status change.
    // patched: conversations started before this change replay their histories without the extra activity.
    if (JSON.stringify(state.lead) !== leadBefore && patched('lead-fields-to-read-model')) {
      await readModel.updateConversation({
        conversationId: state.conversationId,
        leadStatus: state.leadStatus,
        mode: state.mode,
        lead: state.lead,
      });
    }
    if (decision.reply) await trySendToCaller(decision.reply, 'assistant');
    if (state.lead.callerName && state.lead.jobDescription && state.lead.serviceAddress && state.leadStatus !== 'qualified') {
      await moveLead({ type: 'lead_qualified' });
      if ((state.leadStatus as LeadStatus) === 'qualified') {
        const { callerName, jobDescription, serviceAddress } = state.lead;
        await alertOwner(
          'lead_qualified',
          `NeverMissCall: new lead ${callerName} (${input.callerPhone}): ${jobDescription} at ${serviceAddress}`.slice(0, 300),
        );
      }
    }
    if ((decision.action === 'offer_slots' || decision.action === 'book') && !state.appointment && !(await offerSlots())) {
      await alertOwner('no_free_slots', `NeverMissCall: ${input.callerPhone} wants to book but no slot is free in the next days.`);
    }
    if (decision.action === 'close') await moveLead({ type: 'caller_declined' });
    if (decision.emergency || decision.action === 'handoff') {
      takeOver();
      await publishMode();
      await alertOwner(
        decision.emergency ? 'emergency' : 'handoff',
        `NeverMissCall: ${decision.emergency ? 'EMERGENCY' : 'please take over'}: ${input.callerPhone} says "${callerSaid.slice(0, 80)}"`,
      );
    }
  }

  function mergeLead(fields: LeadFields) {
    for (const [key, value] of Object.entries(fields) as [keyof LeadFields, string | undefined][]) {
      if (value) (state.lead as Record<string, string>)[key] = value;
    }
  }

  /** The earliest pending deadline as epoch ms: nudge, unresponsive or takeover-idle alert. */
  function nextDeadline(): number | undefined {
    const s = settings;
    state.timers = {};
    if (!s || state.optedOut) return undefined;
    if (awaitingCallerSince) {
      const since = Date.parse(awaitingCallerSince);
      if (!nudged) {
        // A nudge is started by us: never during quiet hours (held until 08:00).
        const due = new Date(since + s.nudgeAfterMs);
        state.timers.nudgeAt = iso(whenToSend({ now: due, timeZone: s.timeZone, lastCallerContactAt: undefined }));
      }
      state.timers.unresponsiveAt = iso(new Date(since + s.unresponsiveAfterMs));
    }
    if (state.appointment) {
      const reminder = nextReminder(s);
      if (reminder) state.timers.reminderAt = iso(reminder.sendAt);
      state.timers.appointmentEndsAt = state.appointment.end;
    }
    if (state.mode === 'human' && lastOwnerMessageAt) {
      const idleSince = Math.max(Date.parse(lastOwnerMessageAt), lastCallerContactAt ? Date.parse(lastCallerContactAt) : 0);
      state.timers.takeoverIdleAlertAt = iso(new Date(idleSince + s.takeoverIdleAlertMs));
    }
    const all = Object.values(state.timers)
      .filter((value): value is string => typeof value === 'string')
      .map((value) => Date.parse(value));
    return all.length ? Math.min(...all) : undefined;
  }

  /** The next reminder not sent yet, held out of quiet hours; none once it would land after the start. */
  function nextReminder(s: ConversationSettings): { due: Date; sendAt: Date } | undefined {
    const appointment = state.appointment!;
    for (const due of reminderTimes(new Date(appointment.start), s.reminderOffsetsMs, s.timeZone)) {
      if (state.remindersSent.includes(iso(due))) continue;
      // A reminder is started by us: never during quiet hours.
      const sendAt = whenToSend({ now: due, timeZone: s.timeZone, lastCallerContactAt: undefined });
      if (sendAt.getTime() >= Date.parse(appointment.start)) continue;
      return { due, sendAt };
    }
    return undefined;
  }

  async function onDeadline() {
    const s = settings!;
    const at = Date.now();
    // Handlers may have changed the plan while we slept (a booking clears the nudge): act on fresh timers.
    nextDeadline();
    const { nudgeAt, unresponsiveAt, takeoverIdleAlertAt, reminderAt } = state.timers;
    if (reminderAt && at >= Date.parse(reminderAt) && state.appointment) {
      const reminder = nextReminder(s);
      if (reminder) {
        state.remindersSent.push(iso(reminder.due));
        await trySendToCaller(reminderText(s.businessName, new Date(state.appointment.start), s.timeZone, now()), 'assistant');
        awaitingCallerSince = undefined;
      }
      return;
    }
    if (unresponsiveAt && at >= Date.parse(unresponsiveAt)) {
      await moveLead({ type: 'timed_out' });
      return;
    }
    if (nudgeAt && at >= Date.parse(nudgeAt) && !nudged && state.mode === 'ai') {
      // The nudge does not restart the silence: unresponsive still counts from our last real text.
      const silenceSince = awaitingCallerSince;
      await trySendToCaller(nudgeText(s.businessName), 'assistant');
      awaitingCallerSince = silenceSince;
      nudged = true;
      return;
    }
    if (takeoverIdleAlertAt && at >= Date.parse(takeoverIdleAlertAt) && state.mode === 'human') {
      lastOwnerMessageAt = iso(now());
      await alertOwner('takeover_idle', `NeverMissCall: ${input.callerPhone} is waiting for your reply (you took over this conversation).`);
    }
  }

  function carry(): CarriedConversation {
    return {
      state,
      settings: settings!,
      transcript,
      nextSeq,
      seenMessageSids: [...seenMessageSids],
      seenCallSids: [...seenCallSids],
      ...(lastCallerContactAt ? { lastCallerContactAt } : {}),
      ...(lastOwnerMessageAt ? { lastOwnerMessageAt } : {}),
      ...(awaitingCallerSince ? { awaitingCallerSince } : {}),
      nudged,
      callerWaitsForReply,
      ...(greetingSid ? { greetingSid } : {}),
      pendingInbound: [...inbox],
      ...(voicemailTexts.length ? { voicemailTexts: [...voicemailTexts] } : {}),
    };
  }
}
