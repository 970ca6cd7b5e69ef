// The map the eval checks callers' addresses on: the local Google Maps emulator (the one sandbox
// mode serves) through the official client, as the assistant activity does. Always the emulator,
// whichever model answers, so every model is scored against the same places and the same area.
import { createAddressLookup, type AddressLookup } from '../providers/google-maps';
import { serveGoogleMaps } from '../sandbox/google-maps-emulator';

export interface EvalMap {
  lookup: AddressLookup;
  close(): Promise<void>;
}

export async function evalMap(): Promise<EvalMap> {
  const maps = await serveGoogleMaps();
  return { lookup: createAddressLookup({ apiKey: 'eval', baseUrl: maps.baseUrl }), close: maps.close };
}
