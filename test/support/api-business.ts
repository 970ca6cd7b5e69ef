// A business with its own number on the shared stack, and its first missed call: registered and
// provisioned through the stack's api (which holds the emulator's credentials), called through the
// emulator's phone network, exactly as an owner and a caller would.
import { call, registerBusiness, type TestOwner } from './api-client';
import { eventually, newCallerPhone, sandboxJson, stack } from './stack';

export interface BusinessWithCall {
  owner: TestOwner;
  businessNumber: { id: string; e164: string };
  caller: string;
  conversationId: string;
}

export async function buyNumber(owner: { accessToken: string }, baseUrl = stack.apiUrl): Promise<{ id: string; e164: string }> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    // A random area code, so businesses of different tests never reach for the same number.
    const areaCode = `${2 + Math.floor(Math.random() * 8)}${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
    const available = await call<{ numbers: { e164: string }[] }>(baseUrl, 'GET', `/api/numbers/available?areaCode=${areaCode}`, {
      token: owner.accessToken,
    });
    const e164 = available.body.numbers[Math.floor(Math.random() * available.body.numbers.length)]?.e164;
    if (!e164) continue;
    const bought = await call<{ id: string; e164: string }>(baseUrl, 'POST', '/api/numbers', { token: owner.accessToken, body: { e164 } });
    if (bought.status === 201) return bought.body;
  }
  throw new Error('could not buy a number from the emulator');
}

export async function businessWithMissedCall(): Promise<BusinessWithCall> {
  const owner = await registerBusiness(stack.apiUrl);
  const businessNumber = await buyNumber(owner);
  const caller = newCallerPhone();
  await sandboxJson('/sandbox/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: caller, to: businessNumber.e164, owner: 'no-answer' }),
  });
  const conversationId = await eventually(
    async () => {
      const list = await call<{ conversations: { id: string; callerPhone: string }[] }>(stack.apiUrl, 'GET', '/api/conversations', {
        token: owner.accessToken,
      });
      return list.body.conversations?.find((conversation) => conversation.callerPhone === caller)?.id;
    },
    { what: 'the missed call to open a conversation' },
  );
  return { owner, businessNumber, caller, conversationId };
}
