// The shapes the api sends and accepts, inferred from its zod schemas in contracts/http (the same
// ones that validate requests and generate /api/openapi.json), and the domain types they carry.
// Type-only: the schemas themselves, and zod, never reach the browser.
import type { SignedIn } from '$contracts/http/auth';

export type { SystemStatus } from '$contracts/http/status';
export type { AppointmentList, AppointmentView, Calendar, FreeSlotList } from '$contracts/http/appointments';
export type { Credentials, SignUp, Tokens } from '$contracts/http/auth';
export type {
  AccountActivityView,
  Business,
  BusinessPatch,
  BusinessProfile,
  Me,
  MePatch,
  Notifications,
  ServiceAreaPreview,
} from '$contracts/http/business';
export type {
  AiUsage,
  AppointmentRef,
  Booked,
  CallView,
  ConversationDetails,
  ConversationFilters,
  ConversationListItem,
  ConversationPage,
  LeadFields,
  LeadStatusChanged,
  MessagePage,
  SentMessage,
  Voicemail,
  WithheldCalls,
} from '$contracts/http/conversations';
export type { AlertItem, AlertList, Kpis } from '$contracts/http/insights';
export type { CalendarAlertAnswered } from '$contracts/http/calendar-alerts';
export type { AvailableNumber, AvailableNumberList, NumberRequest, OwnedNumber, PhoneNumberList } from '$contracts/http/numbers';
export type { PlaceCall, PlacedCall, SentText, SimulatedAnswer, SimulatorPhone, SimulatorText } from '$contracts/http/sandbox';
export type { CallHandling, Settings, SettingsChanged, SettingsPatch, Timings, WeeklyHours } from '$contracts/http/settings';
export type { Meta, Mode } from '$contracts/http/system';

/** Signing in, less the deprecated `token` (the accessToken again) the dashboard does not use. */
export type AuthResult = Omit<SignedIn, 'token'>;

export type { DateOverride, OpeningSpan } from '$domain/business-hours';
export type { AssistantTone, PriceBookEntry, ServiceArea } from '$domain/business-profile';
export type { LeadStatus } from '$domain/lead-status';
export type { AlertView, ConversationMode, ConversationSummary, MessageView } from '$contracts/live-events';
export type { AppointmentSettings } from '$domain/slots';
export type { Weekday } from '$domain/time-zone';
