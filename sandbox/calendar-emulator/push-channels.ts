// Push channels as the providers keep them: Google's `events.watch` channels and Graph's change
// subscriptions on one calendar. Once a change to a watched calendar is stored (our create, move or
// cancel, or the owner's own), each live channel on it gets a notification POSTed to its address,
// fire-and-forget, as the providers send them: Google's headers with an empty body, Graph's JSON
// `{ value: [...] }`. Nothing is retried and nothing waits for the answer: like the real ones,
// delivery is not promised (the app's poll is the safety net).
import { randomUUID } from 'node:crypto';

export interface PushChannel {
  provider: 'google' | 'microsoft';
  /** Google's channel id (the caller's), or Graph's subscription id (ours). */
  id: string;
  accountId: string;
  calendarId: string;
  address: string;
  /** Google's channel token, or Graph's clientState. */
  secret: string;
  resourceId: string;
  /** Epoch milliseconds. */
  expiration: number;
  messages: number;
}

/** What was POSTed and how the receiver answered ('failed' when it could not be reached), for tests. */
export interface SentNotification {
  channelId: string;
  state: string;
  status: number | 'failed';
}

export class PushChannels {
  private readonly channels = new Map<string, PushChannel>();
  readonly sent: SentNotification[] = [];

  add(channel: Omit<PushChannel, 'resourceId' | 'messages'>): PushChannel {
    const stored = { ...channel, resourceId: randomUUID(), messages: 0 };
    this.channels.set(channel.id, stored);
    return stored;
  }

  get(id: string): PushChannel | undefined {
    return this.channels.get(id);
  }

  /** The account's channels still live (not stopped, not expired), for the sandbox and tests. */
  liveOf(accountId: string, now = Date.now()): PushChannel[] {
    return [...this.channels.values()].filter((channel) => channel.accountId === accountId && channel.expiration > now);
  }

  /** Ends a channel; false when there was none (Google also checks the resource id it gave). */
  stop(id: string, resourceId?: string): boolean {
    const channel = this.channels.get(id);
    if (!channel || (resourceId !== undefined && channel.resourceId !== resourceId)) return false;
    return this.channels.delete(id);
  }

  /** Something in the calendar changed: every live channel on it is told, without waiting. */
  changed(accountId: string, calendarId: string): void {
    const now = Date.now();
    for (const channel of this.channels.values()) {
      if (channel.accountId !== accountId || channel.calendarId !== calendarId) continue;
      if (channel.expiration <= now) this.channels.delete(channel.id);
      else void this.notify(channel, 'exists');
    }
  }

  /** Posts one notification; `sync` is Google's first message on a new channel. */
  async notify(channel: PushChannel, state: 'sync' | 'exists'): Promise<void> {
    const message = channel.messages++;
    const request: RequestInit =
      channel.provider === 'google'
        ? {
            method: 'POST',
            headers: {
              'x-goog-channel-id': channel.id,
              'x-goog-channel-token': channel.secret,
              'x-goog-channel-expiration': new Date(channel.expiration).toUTCString(),
              'x-goog-resource-id': channel.resourceId,
              'x-goog-resource-state': state,
              'x-goog-message-number': String(message + 1),
            },
          }
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              value: [
                {
                  subscriptionId: channel.id,
                  subscriptionExpirationDateTime: new Date(channel.expiration).toISOString(),
                  clientState: channel.secret,
                  changeType: 'updated',
                  resource: `me/calendars/${channel.calendarId}/events`,
                },
              ],
            }),
          };
    try {
      const answer = await fetch(channel.address, { ...request, signal: AbortSignal.timeout(10_000) });
      this.sent.push({ channelId: channel.id, state, status: answer.status });
    } catch {
      this.sent.push({ channelId: channel.id, state, status: 'failed' });
    }
  }

  clear(): void {
    this.channels.clear();
    this.sent.length = 0;
  }
}
