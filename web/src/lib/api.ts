// The dashboard's only way to the api. Every call returns plain data or throws an ApiError whose
// message an owner can act on. A signed-in call without an access token (a reload, a new tab), or
// one answered 401, first renews the access token with the refresh cookie (session.ts: once per
// tab, one tab at a time) and retries; only when that fails does the session end and the owner go
// to /login. Where each token lives and why: docs/decisions/0023-sessions-in-the-browser.md.
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import type {
  AccountActivityView,
  AlertList,
  AppointmentList,
  AuthResult,
  AvailableNumberList,
  Booked,
  Business,
  BusinessPatch,
  Calendar,
  CalendarAlertAnswered,
  ConversationDetails,
  ConversationFilters,
  ConversationPage,
  FreeSlotList,
  Kpis,
  LeadStatus,
  LeadStatusChanged,
  Me,
  MePatch,
  MessagePage,
  Meta,
  OwnedNumber,
  PhoneNumberList,
  PlaceCall,
  PlacedCall,
  SentMessage,
  SentText,
  ServiceArea,
  ServiceAreaPreview,
  Settings,
  SettingsChanged,
  SettingsPatch,
  SignUp,
  SimulatorPhone,
  SystemStatus,
  Tokens,
  WithheldCalls,
} from './api-types';
import { clearSession, getToken, renewSession, setToken } from './session';

export type * from './api-types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to show an owner for any failure, ApiError or not. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return sentence(error.message);
  return 'Something went wrong. Reload the page and try again.';
}

/** The api writes messages in lower case without a full stop; on screen they read as sentences. */
function sentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Signed-in calls send the access token, and a 401 on them means it must be renewed. */
  signedIn?: boolean;
}

function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Sent to the routes that act on the refresh cookie: a header no other site can make a browser send. */
const CSRF_HEADERS = { 'x-requested-with': 'nevermisscall' };

async function send(
  method: Method,
  url: string,
  body: unknown,
  token: string | null,
  extra: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    return await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network_error', "Can't reach NeverMissCall. Check your internet connection, then try again.");
  }
}

export async function request<T>(method: Method, path: string, { body, query, signedIn = true }: RequestOptions = {}): Promise<T> {
  const url = withQuery(path, query);
  let token: string | null = null;
  if (signedIn) {
    token = getToken() ?? (await renewAccessToken(null));
    if (!token) return endSession();
  }
  let response = await send(method, url, body, token);
  if (response.status === 401 && signedIn) {
    const renewed = await renewAccessToken(token);
    if (!renewed) return endSession();
    response = await send(method, url, body, renewed);
    if (response.status === 401) return endSession();
  }
  if (!response.ok) throw await failure(response);
  return (await readJson(response)) as T;
}

async function failure(response: Response): Promise<ApiError> {
  const payload = await readJson(response);
  const error = isErrorBody(payload) ? payload.error : null;
  return new ApiError(
    response.status,
    error?.code ?? `http_${response.status}`,
    error?.message ?? fallbackMessage(response.status),
    error?.details,
  );
}

/** A fresh access token after `rejected` got a 401 (null: this tab has none yet), or null when the session is over. */
export const renewAccessToken = (rejected: string | null) => renewSession(rejected, refreshWithCookie);

async function refreshWithCookie(): Promise<string | null> {
  const response = await send('POST', '/api/auth/refresh', undefined, null, CSRF_HEADERS);
  // Refused: no cookie, or a session that has ended. Anything else (an outage) is no reason to sign out.
  if (response.status === 401 || response.status === 403) return null;
  if (!response.ok) throw await failure(response);
  return ((await readJson(response)) as Tokens).accessToken;
}

async function endSession(): Promise<never> {
  clearSession();
  await goto(resolve('/login?session=expired'), { replaceState: true });
  throw new ApiError(401, 'unauthenticated', 'Your session has ended. Please sign in again.');
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isErrorBody(payload: unknown): payload is { error: { code?: string; message?: string; details?: unknown } } {
  return (
    typeof payload === 'object' && payload !== null && 'error' in payload && typeof payload.error === 'object' && payload.error !== null
  );
}

function fallbackMessage(status: number): string {
  if (status === 404) return 'That was not found. It may have been removed; reload the page.';
  if (status === 429) return 'Too many attempts. Wait a minute, then try again.';
  if (status >= 500) return 'NeverMissCall is having trouble right now. Try again in a moment.';
  return `The request was refused (${status}). Reload the page and try again.`;
}

/** Signed in: this tab keeps the access token (the refresh token came in its cookie). Older apis answered `token` alone. */
function signedIn(result: AuthResult & { token?: string }): AuthResult {
  const accessToken = result.accessToken ?? result.token ?? '';
  setToken(accessToken);
  return { ...result, accessToken };
}

const id = (value: string) => encodeURIComponent(value);
const conversation = (conversationId: string, rest = '') => `/api/conversations/${id(conversationId)}${rest}`;

export const api = {
  meta: () => request<Meta>('GET', '/api/meta', { signedIn: false }),

  // Accounts
  login: async (email: string, password: string) =>
    signedIn(await request<AuthResult>('POST', '/api/auth/login', { body: { email, password }, signedIn: false })),
  register: async (account: SignUp) =>
    signedIn(await request<AuthResult>('POST', '/api/auth/register', { body: account, signedIn: false })),
  /** Ends the session of the refresh cookie (every tab's) and clears the cookie. */
  logout: async () => {
    clearSession();
    const response = await send('POST', '/api/auth/logout', undefined, null, CSRF_HEADERS);
    if (!response.ok) throw await failure(response);
  },
  me: () => request<Me>('GET', '/api/me'),
  updateMe: (patch: MePatch) => request<Me>('PATCH', '/api/me', { body: patch }),

  // Business and settings
  business: () => request<Business>('GET', '/api/business'),
  updateBusiness: (patch: BusinessPatch) => request<Business>('PATCH', '/api/business', { body: patch }),
  settings: () => request<Settings>('GET', '/api/settings'),
  updateSettings: (patch: SettingsPatch) => request<SettingsChanged>('PATCH', '/api/settings', { body: patch }),
  finishOnboarding: () => request<null>('POST', '/api/business/onboarded'),
  /** The area in words and its ZIP count, as the assistant would decide it; nothing is stored. */
  accountActivity: (limit = 20) => request<AccountActivityView>('GET', '/api/account/activity', { query: { limit } }),
  previewServiceArea: (area: ServiceArea) => request<ServiceAreaPreview>('POST', '/api/business/service-area/preview', { body: area }),

  // Phone numbers
  numbers: () => request<PhoneNumberList>('GET', '/api/numbers'),
  availableNumbers: (areaCode: string) => request<AvailableNumberList>('GET', '/api/numbers/available', { query: { areaCode } }),
  buyNumber: (e164: string) => request<OwnedNumber>('POST', '/api/numbers', { body: { e164 } }),
  attachNumber: (e164: string) => request<OwnedNumber>('POST', '/api/numbers/attach', { body: { e164 } }),
  releaseNumber: (numberId: string) => request<null>('DELETE', `/api/numbers/${id(numberId)}`),

  // Conversations
  conversations: (filters: ConversationFilters = {}, cursor?: string | null) =>
    request<ConversationPage>('GET', '/api/conversations', {
      query: { ...filters, cursor: cursor ?? undefined, limit: 50 },
    }),
  conversation: (conversationId: string) => request<{ conversation: ConversationDetails }>('GET', conversation(conversationId)),
  messages: (conversationId: string, before?: string | null) =>
    request<MessagePage>('GET', conversation(conversationId, '/messages'), {
      query: { before: before ?? undefined, limit: 50 },
    }),
  markRead: (conversationId: string) => request<null>('POST', conversation(conversationId, '/read')),
  takeOver: (conversationId: string) => request<null>('POST', conversation(conversationId, '/takeover')),
  handBack: (conversationId: string) => request<null>('POST', conversation(conversationId, '/handback')),
  sendMessage: (conversationId: string, body: string, clientId: string) =>
    request<SentMessage>('POST', conversation(conversationId, '/messages'), { body: { body, clientId } }),
  setLeadStatus: (conversationId: string, status: LeadStatus) =>
    request<LeadStatusChanged>('PUT', conversation(conversationId, '/lead-status'), { body: { status } }),
  book: (conversationId: string, start: string) =>
    request<Booked>('POST', conversation(conversationId, '/appointment'), { body: { start } }),
  cancelAppointment: (conversationId: string) => request<null>('DELETE', conversation(conversationId, '/appointment')),
  /** The latest missed calls whose caller ID was withheld: forwarded to the owner, never texted back, in no conversation. */
  withheldCalls: () => request<WithheldCalls>('GET', '/api/calls/withheld', { query: { limit: 5 } }),
  /** The owner returned the call: a text-back still waiting out its delay is not sent. */
  calledBack: (conversationId: string) => request<null>('POST', conversation(conversationId, '/called-back')),

  // Appointments, calendar, KPIs, alerts
  appointments: (from: string, to: string) => request<AppointmentList>('GET', '/api/appointments', { query: { from, to } }),
  freeSlots: (limit = 10) => request<FreeSlotList>('GET', '/api/appointments/free-slots', { query: { limit } }),
  calendar: () => request<Calendar>('GET', '/api/calendar'),
  rotateCalendar: () => request<Calendar>('POST', '/api/calendar/rotate'),
  kpis: (from: string, to: string) => request<Kpis>('GET', '/api/kpis', { query: { from, to } }),
  status: () => request<SystemStatus>('GET', '/api/status'),
  alerts: () => request<AlertList>('GET', '/api/alerts', { query: { unread: true } }),
  markAlertRead: (alertId: string) => request<null>('POST', `/api/alerts/${id(alertId)}/read`),
  /** A calendar alert's answer: tell the caller the prepared text, or keep the change to yourself. */
  answerAlert: (alertId: string, answer: 'tell_caller' | 'keep') =>
    request<CalendarAlertAnswered>('POST', `/api/alerts/${id(alertId)}/answer`, { body: { answer } }),

  // Sandbox only: the phone simulator plays a caller through the local Twilio emulator.
  placeCall: (options: PlaceCall) => request<PlacedCall>('POST', '/api/sandbox/calls', { body: options }),
  /** Kept for the inbox's one-click "no one answers" call. */
  placeMissedCall: (callerPhone?: string) =>
    request<PlacedCall>('POST', '/api/sandbox/calls', { body: callerPhone ? { callerPhone } : {} }),
  /** The sandbox's own caller (GET /api/me → sandbox.callerPhone) texts the business. */
  simulatorText: (body: string) => request<SentText>('POST', '/api/sandbox/texts', { body: { body } }),
  simulatorPhone: () => request<SimulatorPhone>('GET', '/api/sandbox/phone'),
};
