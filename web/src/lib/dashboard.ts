// What the signed-in layout shares with its pages: who is signed in, the mode, and the one live
// connection. Passed through context so nothing is shared between browser tabs or sessions.
import { createContext } from 'svelte';
import type { Me, Mode } from './api';
import type { LiveConnection } from './live';

export interface Dashboard {
  readonly me: Me;
  readonly mode: Mode;
  readonly live: LiveConnection;
}

export const [getDashboard, setDashboard] = createContext<Dashboard>();
