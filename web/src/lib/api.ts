// The dashboard's only way to the api. Every call returns plain data or throws an ApiError whose
// message an owner can act on; a 401 on a signed-in call ends the session and goes to /login.
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import type { ConversationSummary, MessageView } from '$domain/live-events';
import { clearToken, getToken } from './session';

export type Mode = 'sandbox' | 'live';

export interface Meta {
  mode: Mode;
}

export interface Business {
  id: string;
  name: string;
}

export interface Me {
  user: { email: string };
  business: Business & { phoneNumber: string | null };
  sandbox?: { callerPhone: string };
}

export interface LoginResult {
  token: string;
  user: { email: string };
  business: Business;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to show an owner for any failure, ApiError or not. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Reload the page and try again.';
}

interface RequestOptions {
  body?: unknown;
  /** Signed-in calls send the token, and a 401 on them means the session is over. */
  signedIn?: boolean;
}

async function request<T>(method: 'GET' | 'POST', path: string, { body, signedIn = true }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (signedIn) {
    const token = getToken();
    if (!token) return endSession();
    headers.authorization = `Bearer ${token}`;
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network_error', "Can't reach NeverMissCall. Check your internet connection, then try again.");
  }

  if (response.status === 401 && signedIn) return endSession();

  const payload = await readJson(response);
  if (!response.ok) {
    const error = isErrorBody(payload) ? payload.error : null;
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? fallbackMessage(response.status));
  }
  return payload as T;
}

async function endSession(): Promise<never> {
  clearToken();
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

function isErrorBody(payload: unknown): payload is { error: { code?: string; message?: string } } {
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

export const api = {
  meta: () => request<Meta>('GET', '/api/meta', { signedIn: false }),
  login: (email: string, password: string) =>
    request<LoginResult>('POST', '/api/auth/login', { body: { email, password }, signedIn: false }),
  me: () => request<Me>('GET', '/api/me'),
  conversations: () => request<{ conversations: ConversationSummary[] }>('GET', '/api/conversations'),
  messages: (conversationId: string) =>
    request<{ messages: MessageView[] }>('GET', `/api/conversations/${encodeURIComponent(conversationId)}/messages`),
  /** Sandbox only: the phone simulator dials the business number and nobody answers. */
  placeMissedCall: (callerPhone?: string) =>
    request<{ callSid: string }>('POST', '/api/sandbox/calls', { body: callerPhone ? { callerPhone } : {} }),
};
