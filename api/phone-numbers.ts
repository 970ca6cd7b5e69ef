// Business numbers (docs/product.md journey 2, issue #5 point 4), through the real `twilio` SDK: the
// local emulator in sandbox mode, Twilio when live. A bought or attached number gets its voice, SMS
// and status webhooks pointed at this api; a released one is given back to Twilio.
import { numberWebhookUrls } from '../contracts/webhook-paths';
import twilio from 'twilio';
import type { TwilioClient } from '../providers/twilio-client';
import { badGateway, conflict, HttpError, notFound, unprocessable } from './errors';
import type { PhoneNumberRow, TenantScope } from './tenant-scope';
import type { BusinessLimits } from './business-limits';

export interface AvailableNumber {
  e164: string;
  locality: string | null;
  region: string | null;
}

/** Twilio's answers as ours: what the owner can act on is a 4xx, Twilio failing is a 502. */
export function fromTwilioError(error: unknown, e164?: string): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof twilio.RestException) {
    switch (error.code) {
      case 21421:
        return unprocessable('invalid_phone_number', `Twilio does not accept ${e164 ?? 'that number'}: ${error.message}`);
      case 21422:
      case 21452:
        return conflict('number_unavailable', `${e164 ?? 'that number'} is no longer available; search again and pick another`);
      case 20404:
        return notFound(e164 ? `${e164} in your Twilio account` : 'that number in your Twilio account');
      default:
        if (error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403) {
          return unprocessable('twilio_refused', `Twilio refused: ${error.message}`);
        }
    }
  }
  return badGateway('twilio_unavailable', 'Twilio did not answer as expected; try again in a moment');
}

export function createPhoneNumbers({
  twilioClient,
  publicUrl,
  limits,
}: {
  twilioClient: TwilioClient;
  publicUrl: string;
  limits: BusinessLimits;
}) {
  const urls = numberWebhookUrls(publicUrl);
  const call = async <T>(work: () => Promise<T>, e164?: string): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw fromTwilioError(error, e164);
    }
  };

  /** Reserve the number for the business first (so two businesses cannot race for it), undo if Twilio says no. */
  async function adopt(
    scope: TenantScope,
    e164: string,
    kind: 'number_bought' | 'number_attached',
    provision: () => Promise<{ sid: string }>,
  ): Promise<PhoneNumberRow> {
    await limits.spend(scope, 'number_purchase');
    const claimed = await scope.claimPhoneNumber(e164, limits.phoneNumbers);
    try {
      const number = await call(provision, e164);
      const recorded = await scope.recordPhoneNumberSid(claimed.id, number.sid);
      await scope.recordActivity(kind, e164);
      return recorded;
    } catch (error) {
      await scope.deletePhoneNumber(claimed.id);
      throw error;
    }
  }

  return {
    async search(scope: TenantScope, areaCode: string): Promise<AvailableNumber[]> {
      await limits.spend(scope, 'number_search');
      const found = await call(() =>
        twilioClient
          .availablePhoneNumbers('US')
          .local.list({ areaCode: Number(areaCode), smsEnabled: true, voiceEnabled: true, limit: 20 }),
      );
      return found.map((number) => ({ e164: number.phoneNumber, locality: number.locality || null, region: number.region || null }));
    },

    buy(scope: TenantScope, e164: string): Promise<PhoneNumberRow> {
      return adopt(scope, e164, 'number_bought', () =>
        twilioClient.incomingPhoneNumbers.create({ phoneNumber: e164, friendlyName: 'NeverMissCall', ...urls }),
      );
    },

    /** A number the Twilio account already owns: its webhooks are pointed here. */
    attach(scope: TenantScope, e164: string): Promise<PhoneNumberRow> {
      return adopt(scope, e164, 'number_attached', async () => {
        const [owned] = await twilioClient.incomingPhoneNumbers.list({ phoneNumber: e164, limit: 20 });
        if (!owned || owned.phoneNumber !== e164) throw notFound(`${e164} in your Twilio account (buy it instead)`);
        return twilioClient.incomingPhoneNumbers(owned.sid).update(urls);
      });
    },

    /** Gives the number back to Twilio and forgets it; one Twilio no longer has is simply forgotten. */
    async release(scope: TenantScope, id: string): Promise<void> {
      const number = await scope.phoneNumber(id);
      if (number.twilioSid) {
        try {
          await twilioClient.incomingPhoneNumbers(number.twilioSid).remove();
        } catch (error) {
          if (!(error instanceof twilio.RestException && error.status === 404)) throw fromTwilioError(error, number.e164);
        }
      }
      await scope.deletePhoneNumber(id);
      await scope.recordActivity('number_released', number.e164);
    },
  };
}

export type PhoneNumbers = ReturnType<typeof createPhoneNumbers>;
