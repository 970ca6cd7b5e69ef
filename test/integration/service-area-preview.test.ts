// The service-area preview over HTTP on the shared stack: an owner drafting their area (ZIP codes,
// cities, miles around the business address) is told in words what it covers and how many ZIP
// codes, computed by the same code the assistant decides with; a wrong draft is a 400 naming the
// field; nothing is stored either way; and the area saved with a radius reads back whole.
import { previewServiceArea } from '../../providers/service-area-places';
import { call, registerBusiness, type TestOwner } from '../support/api-client';
import { stack } from '../support/stack';

interface Preview {
  text: string;
  zipCount: number;
  unknownZipCodes: string[];
  unknownCities: string[];
  citiesNeedingState: string[];
  radiusCenterUnknown: boolean;
}
interface ErrorBody {
  error: { code: string; message: string };
}
interface BusinessBody {
  profile: { serviceArea: Record<string, unknown> };
}

let owner: TestOwner;
const api = <T>(method: string, path: string, body?: unknown, token: string | undefined = owner.accessToken) =>
  call<T>(stack.apiUrl, method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
const preview = (body: unknown) => api<Preview & ErrorBody>('POST', '/api/business/service-area/preview', body);
const storedArea = async () => (await api<BusinessBody>('GET', '/api/business')).body.profile.serviceArea;

beforeAll(async () => {
  owner = await registerBusiness(stack.apiUrl);
});

test('"Austin and 25 miles around": the words and the ZIP count the assistant decides by', async () => {
  const area = { description: '', zipCodes: [], cities: [], radiusMiles: 25, radiusAround: '500 Congress Ave, Austin, TX 78701' };
  const answer = await preview(area);
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual(previewServiceArea(area));
  expect(answer.body.text).toMatch(/^Austin and 25 miles around — \d{2,3} ZIP codes$/);
  expect(answer.body.zipCount).toBeGreaterThan(60);
});

test('what cannot be placed is reported, for the owner to fix', async () => {
  const answer = await preview({
    description: 'Central Texas',
    zipCodes: ['78701', '00001'],
    cities: ['Round Rock', 'Atlantis, TX', 'Springfield'],
    radiusMiles: 10,
    radiusAround: 'Nowhere Town',
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({
    unknownZipCodes: ['00001'],
    unknownCities: ['Atlantis, TX'],
    citiesNeedingState: ['Springfield'],
    radiusCenterUnknown: true,
  });
  expect(answer.body.text).toMatch(/^Round Rock, Atlantis, TX and Springfield, plus ZIP codes 78701 and 00001 — \d+ ZIP codes$/);
});

test('no area at all is everywhere', async () => {
  const answer = await preview({ description: '', zipCodes: [], cities: [] });
  expect(answer.body).toMatchObject({ text: 'Everywhere: no service area set', zipCount: 0 });
});

test('a wrong draft is a 400 naming the field, and nothing is stored', async () => {
  const before = await storedArea();
  const wrong: [unknown, RegExp][] = [
    [{ description: '', zipCodes: ['7870'], cities: [] }, /^zipCodes\.0: must be a 5-digit ZIP code$/],
    [{ description: '', zipCodes: [], cities: [], radiusMiles: 500, radiusAround: 'Austin, TX' }, /^radiusMiles: /],
    [{ description: '', zipCodes: [], cities: [], radiusMiles: '25' }, /^radiusMiles: /],
    [{ description: '', zipCodes: [], cities: [''] }, /^cities\.0: /],
    [{ description: '', zipCodes: [], cities: [], radius: 25 }, /radius/],
    [{ zipCodes: [] }, /^description: /],
  ];
  for (const [body, message] of wrong) {
    const answer = await preview(body);
    expect([body, answer.status, answer.body.error?.code]).toEqual([body, 400, 'invalid_request']);
    expect(answer.body.error.message).toMatch(message);
  }
  expect(await storedArea()).toEqual(before);
});

test('only a signed-in owner may ask', async () => {
  const answer = await api<ErrorBody>('POST', '/api/business/service-area/preview', { description: '', zipCodes: [], cities: [] }, '');
  expect(answer.status).toBe(401);
});

test('an area saved with a radius and the out-of-area alert reads back whole, and previews as saved', async () => {
  const serviceArea = {
    description: 'Austin and 25 miles around',
    zipCodes: ['78701'],
    cities: ['Round Rock'],
    radiusMiles: 25,
    radiusAround: '500 Congress Ave, Austin, TX 78701',
    alertOutOfArea: true,
  };
  const saved = await api<BusinessBody>('PATCH', '/api/business', { profile: { serviceArea } });
  expect(saved.status).toBe(200);
  expect(await storedArea()).toEqual(serviceArea);
  expect((await preview(await storedArea())).body.text).toMatch(
    /^Austin and 25 miles around, plus Round Rock, plus ZIP code 78701 — \d+ ZIP codes$/,
  );
});
