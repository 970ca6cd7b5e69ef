// What each settings form edits, as plain data (the api's shapes, picked apart per form).
export interface BusinessValue {
  name: string;
  trade: string;
  timeZone: string;
  ownerPhone: string;
}
