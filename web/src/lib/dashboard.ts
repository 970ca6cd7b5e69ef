// What the signed-in layout shares with its pages: who is signed in, the mode, the one live
// connection and the owner's alerts. Passed through context so nothing is shared between browser
// tabs or sessions.
import { createContext } from 'svelte';
import type { Alerts } from './alerts.svelte';
import type { Me, Mode } from './api';
import type { LiveConnection, LiveStatus } from './live';

export interface Dashboard {
  readonly me: Me;
  readonly mode: Mode;
  readonly live: LiveConnection;
  readonly liveStatus: LiveStatus;
  readonly alerts: Alerts;
  /** Reload the owner and business (after onboarding, buying a number, renaming the business). */
  refreshMe(): Promise<void>;
  /** End the session on this device (the refresh token is revoked too). */
  logout(): Promise<void>;
}

export const [getDashboard, setDashboard] = createContext<Dashboard>();
