// What each settings form edits, as plain data (the api's shapes, picked apart per form).
import type { Business } from '$lib/api';

export type BusinessValue = Pick<Business, 'name' | 'trade' | 'timeZone' | 'ownerPhone'>;
