// The conversation workflow: a thin Temporal shell around the pure core (decide.ts). Signals and
// updates become events, activity results become events, a timer firing becomes a tick; the
// core's commands run here in order, one at a time, except the assistant's turn, which runs beside
// them so a takeover is seen (and its reply thrown away) while the model is still thinking.
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { NmcLeadStatus, NmcMode } from '../../contracts/search-attributes';
import {
  appointmentChangedSignal,
  bookSlotUpdate,
  callAnsweredSignal,
  callEndedSignal,
  cancelAppointmentUpdate,
  deliveryStatusSignal,
  handBackSignal,
  inboundSmsSignal,
  missedCallSignal,
  sendOwnerMessageUpdate,
  setLeadStatusSignal,
  settingsChangedSignal,
  stateQuery,
  takeOverSignal,
  voicemailSignal,
  type ConversationInput,
  type ConversationOutcome,
} from '../../contracts/conversation-workflow';
import { assistant, readModel, readModelHere, sms } from './proxies';
import { decide, detailsForOperators, isIdle, newConversation, nextWakeUp, view } from './decide';
import type { Command, Conversation, Event, UpdateAnswer } from './model';
import { refuseBooking, refuseCancel, refuseOwnerMessage, type Refusal } from './owner';
import { textFailureOf } from './results';

/** Patch id: the conversation is opened by a local activity (proxies.ts readModelHere). */
const OPEN_IN_WORKFLOW_TASK = 'open-in-workflow-task';

/** Continue-as-new before the history gets heavy, even if the server has not suggested it yet. */
const HISTORY_EVENTS_LIMIT = 2_000;

export async function conversationWorkflow(input: ConversationInput): Promise<ConversationOutcome> {
  const { workflowId } = workflowInfo();
  const { tenantId, callerPhone, businessPhone } = input;
  let state: Conversation =
    (input.carried as Conversation | undefined) ??
    newConversation({ conversationId: uuid4(), tenantId, callerPhone, businessPhone }, Date.now());
  const lane: Command[] = [];
  const answers = new Map<string, UpdateAnswer>();
  /** Bumped by every event: the main loop re-plans its sleep. */
  let revision = 0;

  function dispatch(event: Event) {
    const decision = decide(state, event, Date.now());
    state = decision.state;
    for (const command of decision.commands) {
      if (command.type === 'ask_assistant') askAssistant(command);
      else lane.push(command);
    }
    revision += 1;
  }

  function askAssistant(command: Extract<Command, { type: 'ask_assistant' }>) {
    assistant
      .assistantTurn({
        tenantId,
        conversationId: state.conversationId,
        businessName: state.settings!.businessName,
        transcript: command.transcript,
        lead: command.lead,
      })
      .then(
        (answer) => dispatch({ type: 'assistant_answered', ref: command.ref, answer }),
        () => dispatch({ type: 'assistant_failed', ref: command.ref }),
      );
  }

  async function run(command: Command) {
    const conversationId = state.conversationId;
    switch (command.type) {
      case 'open': {
        // Conversations that started before opening ran locally keep the activity they recorded.
        const opener = patched(OPEN_IN_WORKFLOW_TASK) ? readModelHere : readModel;
        const opened = await opener.openConversation({
          conversationId,
          workflowId,
          tenantId,
          callerPhone,
          businessPhone,
          ...(command.call ? { call: command.call } : {}),
        });
        return dispatch({ type: 'opened', ref: command.ref, settings: opened.settings, optedOut: opened.optedOut });
      }
      case 'record_inbound': {
        const { messageSid, body, receivedAt, numSegments } = command.text;
        await readModel.recordInboundSms({
          conversationId,
          tenantId,
          messageSid,
          body,
          receivedAt,
          ...(numSegments ? { numSegments } : {}),
        });
        return;
      }
      case 'send_text': {
        const { text } = command;
        try {
          const sent = await sms.sendText({
            workflowId,
            seq: command.seq,
            tenantId,
            conversationId,
            to: callerPhone,
            from: businessPhone,
            body: text.body,
            author: text.author,
            ...(text.validitySeconds ? { validitySeconds: text.validitySeconds } : {}),
          });
          return dispatch({ type: 'text_sent', ref: command.ref, sid: sent.twilioSid, message: sent.message });
        } catch (error) {
          return dispatch({ type: 'text_failed', ref: command.ref, reason: textFailureOf(failureType(error)) });
        }
      }
      case 'alert_owner':
        // An alert that cannot go is on the dashboard and in the worker's log; the conversation goes on.
        await sms
          .alertOwner({ workflowId, seq: command.seq, tenantId, conversationId, kind: command.kind, text: command.text })
          .catch(() => undefined);
        return;
      case 'list_slots': {
        const slots = await readModel.listFreeSlots({
          tenantId,
          settings: state.settings!,
          now: new Date().toISOString(),
          limit: command.limit,
          ...(command.preferences ? { preferences: command.preferences } : {}),
          ...(command.alreadyOffered ? { alreadyOffered: command.alreadyOffered } : {}),
        });
        return dispatch({ type: 'slots_listed', ref: command.ref, slots });
      }
      case 'book': {
        const { start, end } = command.slot;
        const booked = await readModel.bookAppointment({ tenantId, conversationId, callerPhone, start, end });
        return dispatch(
          booked.ok ? { type: 'booked', ref: command.ref, appointmentId: booked.appointmentId } : { type: 'slot_taken', ref: command.ref },
        );
      }
      case 'cancel_booking':
        return readModel.cancelAppointment({ appointmentId: command.appointmentId });
      case 'save_opt_out':
        return readModel.setOptOut({ tenantId, callerPhone, optedOut: command.optedOut });
      case 'publish':
        upsertSearchAttributes([
          { key: NmcLeadStatus, value: command.leadStatus },
          { key: NmcMode, value: command.mode },
        ]);
        return readModel.updateConversation({ conversationId, leadStatus: command.leadStatus, mode: command.mode, lead: command.lead });
      case 'answer_update':
        answers.set(command.requestId, command.answer);
        return;
      case 'close':
        await readModel.closeConversation({ conversationId, leadStatus: command.leadStatus });
        return dispatch({ type: 'closed', ref: command.ref });
      case 'ask_assistant':
        return askAssistant(command);
    }
  }

  /** An update's request goes through the main loop like everything else; this waits for its answer. */
  async function request<T>(event: Event & { requestId: string }): Promise<T> {
    dispatch(event);
    await condition(() => answers.has(event.requestId));
    const answer = answers.get(event.requestId)!;
    answers.delete(event.requestId);
    if (!answer.ok) throw ApplicationFailure.nonRetryable(answer.message, answer.type, ...(answer.details ? [answer.details] : []));
    return answer.value as T;
  }

  const refuse = (refusal: Refusal | undefined) => {
    if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.type);
  };

  setHandler(stateQuery, () => view(state, Date.now()));
  setHandler(missedCallSignal, (call) => dispatch({ type: 'missed_call', call }));
  setHandler(voicemailSignal, (voicemail) => dispatch({ type: 'voicemail', voicemail }));
  setHandler(callEndedSignal, ({ callSid }) => dispatch({ type: 'call_ended', callSid }));
  setHandler(callAnsweredSignal, () => dispatch({ type: 'call_answered' }));
  setHandler(inboundSmsSignal, (text) => dispatch({ type: 'caller_text', text }));
  setHandler(deliveryStatusSignal, (report) => dispatch({ type: 'delivery', ...report }));
  setHandler(takeOverSignal, () => dispatch({ type: 'take_over' }));
  setHandler(handBackSignal, () => dispatch({ type: 'hand_back' }));
  setHandler(setLeadStatusSignal, ({ status }) => dispatch({ type: 'owner_sets_status', status }));
  setHandler(settingsChangedSignal, (settings) => dispatch({ type: 'settings_changed', settings }));
  setHandler(appointmentChangedSignal, (change) => dispatch({ type: 'appointment_changed_in_calendar', ...change }));
  setHandler(sendOwnerMessageUpdate, ({ body }) => request({ type: 'owner_message', requestId: uuid4(), body }), {
    validator: ({ body }) => refuse(refuseOwnerMessage(state, body)),
  });
  setHandler(bookSlotUpdate, ({ start }) => request({ type: 'owner_books', requestId: uuid4(), start }), {
    validator: ({ start }) => refuse(refuseBooking(state, start, Date.now())),
  });
  setHandler(cancelAppointmentUpdate, () => request<void>({ type: 'owner_cancels', requestId: uuid4() }), {
    validator: () => refuse(refuseCancel(state)),
  });

  // A call or text that arrived while the previous conversation was closing opens this one.
  for (const call of input.arrivedWhileClosing?.calls ?? []) dispatch({ type: 'missed_call', call });
  for (const text of input.arrivedWhileClosing?.texts ?? []) dispatch({ type: 'caller_text', text });

  for (;;) {
    while (lane.length > 0) await run(lane.shift()!);
    if (state.phase === 'closed') break;
    const info = workflowInfo();
    if (isIdle(state) && (info.continueAsNewSuggested || info.historyLength > HISTORY_EVENTS_LIMIT)) {
      await condition(allHandlersFinished);
      if (lane.length === 0 && isIdle(state)) {
        await continueAsNew<typeof conversationWorkflow>({ ...carriedInput(input), carried: state });
      }
      continue;
    }
    // No command: the details are served to Web UI by the SDK's metadata query, replay is unaffected.
    setCurrentDetails(detailsForOperators(state, Date.now()));
    const seen = revision;
    const changed = () => revision !== seen || lane.length > 0;
    const wakeAt = nextWakeUp(state, Date.now());
    const woke = wakeAt === undefined ? (await condition(changed), true) : await condition(changed, Math.max(1, wakeAt - Date.now()));
    if (!woke) dispatch({ type: 'tick' });
  }

  await condition(allHandlersFinished);
  const { calls, texts } = state.arrivedWhileClosing;
  // A call or text that arrived while we were closing is never dropped: it opens the next conversation.
  if (calls.length > 0 || texts.length > 0) {
    await continueAsNew<typeof conversationWorkflow>({ ...carriedInput(input), arrivedWhileClosing: { calls, texts } });
  }
  return { conversationId: state.conversationId, leadStatus: state.leadStatus };
}

/** What every run of the conversation starts from (the business name only when it was given). */
function carriedInput({ tenantId, callerPhone, businessPhone, businessName }: ConversationInput): ConversationInput {
  return { tenantId, callerPhone, businessPhone, ...(businessName !== undefined ? { businessName } : {}) };
}

function failureType(error: unknown): string | undefined {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? (error.cause.type ?? undefined) : undefined;
}
