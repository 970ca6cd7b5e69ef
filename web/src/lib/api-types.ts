// The shapes the api sends and accepts (its OpenAPI document at /api/openapi.json is the truth;
// these mirror it). Types shared with the server (live events, lead statuses, hours, appointment
// settings) come from domain/ so a change there reaches the dashboard at compile time.
import type { OpeningSpan, DateOverride } from '$domain/business-hours';
import type { BusinessProfile as DomainBusinessProfile } from '$domain/business-profile';
import type { LeadStatus } from '$domain/lead-status';
import type { AlertView, ConversationMode, ConversationSummary, MessageView } from '$domain/live-events';
import type { AppointmentSettings } from '$domain/slots';
import type { Weekday } from '$domain/time-zone';

export type Mode = 'sandbox' | 'live';

export interface Meta {
  mode: Mode;
}

export interface AuthResult {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string };
  business: { id: string; name: string };
}

export interface SignUp {
  email: string;
  password: string;
  businessName: string;
  trade: string;
  ownerPhone: string;
  timeZone: string;
}

export interface Notifications {
  smsAlerts: boolean;
  alertPhone: string | null;
}

export interface Me {
  user: { id?: string; email: string; name?: string | null; notifications?: Notifications };
  business: {
    id: string;
    name: string;
    trade?: string;
    timeZone?: string;
    ownerPhone?: string;
    phoneNumber: string | null;
    /** Missing from older apis, which had no onboarding: treated as done. */
    onboarded?: boolean;
  };
  sandbox?: { callerPhone: string };
}

// The business profile as the api speaks it: the domain's, less the name and trade (edited on the business).
export type { AssistantTone, PriceBookEntry, ServiceArea } from '$domain/business-profile';
export { ASSISTANT_TONES } from '$domain/business-profile';
export type BusinessProfile = Omit<DomainBusinessProfile, 'name' | 'trade'>;

export interface Business {
  id: string;
  name: string;
  trade: string;
  timeZone: string;
  ownerPhone: string;
  profile: BusinessProfile;
}

export interface BusinessPatch {
  name?: string;
  trade?: string;
  timeZone?: string;
  ownerPhone?: string;
  profile?: Partial<BusinessProfile>;
}

export type WeeklyHours = Record<Weekday, OpeningSpan[]>;

export interface CallHandling {
  /** false means "always text back": calls are not forwarded to the owner's cell. */
  forwardToOwner: boolean;
  ringTimeoutSeconds: number;
  textBackDelayMs: number;
}

export interface Timings {
  nudgeAfterMs: number;
  unresponsiveAfterMs: number;
  takeoverIdleAlertMs: number;
  reminderOffsetsMs: number[];
}

export interface Settings {
  hours: { weekly: WeeklyHours; overrides: DateOverride[] };
  appointments: AppointmentSettings;
  calls: CallHandling;
  timings: Timings;
}

export interface SettingsPatch {
  hours?: { weekly?: WeeklyHours; overrides?: DateOverride[] };
  appointments?: Partial<AppointmentSettings>;
  calls?: Partial<CallHandling>;
  timings?: Partial<Timings>;
}

export interface OwnedNumber {
  id: string;
  e164: string;
  twilioSid: string | null;
}

export interface AvailableNumber {
  e164: string;
  locality: string | null;
  region: string | null;
}

export interface ConversationListItem extends ConversationSummary {
  callerName: string | null;
  unreadCount: number;
  /** Answered by the offline rules assistant (sandbox without a model), not by a model. */
  offline: boolean;
}

export interface LeadFields {
  callerName?: string;
  serviceAddress?: string;
  jobDescription?: string;
  urgency?: 'emergency' | 'soon' | 'flexible';
  preferredTime?: string;
  declineReason?: 'out_of_area' | 'out_of_scope';
}

export interface Voicemail {
  url: string;
  durationSeconds: number | null;
  transcription: string | null;
}

export interface CallView {
  id: string;
  callSid: string;
  createdAt: string;
  dialStatus: string | null;
  ownerAccepted: boolean;
  voicemail: Voicemail | null;
}

export interface AiUsage {
  turns: number;
  promptTokens: number;
  completionTokens: number;
  model: string | null;
  averageLatencyMs: number | null;
}

export interface AppointmentRef {
  id: string;
  start: string;
  end: string;
  status: 'booked' | 'cancelled';
}

export interface ConversationDetails extends ConversationListItem {
  lead: LeadFields;
  appointment: AppointmentRef | null;
  calls: CallView[];
  aiUsage: AiUsage;
}

export interface ConversationFilters {
  status?: LeadStatus;
  mode?: ConversationMode;
  q?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AppointmentView {
  id: string;
  conversationId: string;
  callerPhone: string;
  callerName: string | null;
  start: string;
  end: string;
  status: 'booked' | 'cancelled';
  serviceAddress: string | null;
  jobDescription: string | null;
}

export interface Kpis {
  period?: { from: string; to: string; timeZone: string };
  funnel: { missed: number; texted: number; replied: number; qualified: number; booked: number };
  timeToFirstText: {
    medianMs: number | null;
    p90Ms: number | null;
    calls?: number;
    texted?: number;
    /** Only local dates with at least one texted call. */
    byDay: { date: string; medianMs: number | null; calls?: number }[];
  };
  aiUsage: { byDay: { date: string; turns: number; promptTokens: number; completionTokens: number }[] };
  leadsByStatus?: Partial<Record<LeadStatus, number>>;
}

export interface AlertItem extends AlertView {
  readAt: string | null;
}

export type SimulatedAnswer = 'no-answer' | 'busy' | 'accept' | 'decline' | 'voicemail';

export interface SimulatorText {
  from: string;
  to: string;
  body: string;
  at: string;
  /** received: the caller got it; sent: the caller wrote it. */
  direction: 'received' | 'sent';
}

export interface SimulatorPhone {
  callerPhone: string;
  messages: SimulatorText[];
}

export type { MessageView, ConversationSummary, AlertView, LeadStatus, AppointmentSettings, OpeningSpan, DateOverride, Weekday };
