import { expect, test, vi } from 'vitest';
import type { ServiceAreaPreview } from './api-types';
import { areaOf, fieldsOf, problemWith, splitCities, warningsOf, type ServiceAreaFields } from './service-area-draft';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));
const { ServiceAreaPreviewer } = await import('./service-area-preview.svelte');

const fields = (overrides: Partial<ServiceAreaFields> = {}): ServiceAreaFields => ({
  description: '',
  zipCodes: '',
  cities: '',
  radiusMiles: '',
  radiusAround: '',
  alertOutOfArea: false,
  ...overrides,
});
const preview = (overrides: Partial<ServiceAreaPreview> = {}): ServiceAreaPreview => ({
  text: 'Austin and 25 miles around — 105 ZIP codes',
  zipCount: 105,
  unknownZipCodes: [],
  unknownCities: [],
  citiesNeedingState: [],
  radiusCenterUnknown: false,
  ...overrides,
});

test('towns: commas separate them, but a state after a comma stays with its town; lines keep "City, State" whole', () => {
  expect(splitCities('Austin, TX, Round Rock,  Cedar   Park ,')).toEqual(['Austin, TX', 'Round Rock', 'Cedar Park']);
  expect(splitCities('Springfield, Illinois\nGeorgetown, tx; Round Rock')).toEqual([
    'Springfield, Illinois',
    'Georgetown, tx',
    'Round Rock',
  ]);
  expect(splitCities(' , ')).toEqual([]);
});

test('the area as the api takes it: ZIP+4 as the ZIP code, the radius only when it is one, what is half-typed left out', () => {
  expect(
    areaOf(
      fields({
        description: ' Austin ',
        zipCodes: '78701, 78702-1234 7870 78701',
        cities: 'Round Rock, TX',
        radiusMiles: 25,
        radiusAround: ' 78701 ',
        alertOutOfArea: true,
      }),
    ),
  ).toEqual({
    description: 'Austin',
    zipCodes: ['78701', '78702'],
    cities: ['Round Rock, TX'],
    radiusMiles: 25,
    radiusAround: '78701',
    alertOutOfArea: true,
  });
  expect(areaOf(fields({ radiusMiles: '', radiusAround: '' }))).toEqual({ description: '', zipCodes: [], cities: [] });
  expect(areaOf(fields({ radiusMiles: 900 })).radiusMiles).toBeUndefined();
  expect(areaOf(fields({ radiusMiles: null })).radiusMiles).toBeUndefined();
});

test('a stored area reads back into the same fields it was saved from', () => {
  const stored = {
    description: 'Austin',
    zipCodes: ['78701'],
    cities: ['Austin, TX', 'Round Rock'],
    radiusMiles: 25,
    radiusAround: 'Austin, TX',
    alertOutOfArea: true,
  };
  expect(areaOf(fieldsOf(stored))).toEqual(stored);
  const withNames = { description: '', zipCodes: [], cities: ['Springfield, Illinois', 'Round Rock'] };
  expect(fieldsOf(withNames).cities).toBe('Springfield, Illinois\nRound Rock');
  expect(areaOf(fieldsOf(withNames))).toEqual(withNames);
});

test('what to fix before saving', () => {
  expect(problemWith(fields({ zipCodes: '78701 7870' }))).toMatch(/"7870" is not a ZIP code/);
  expect(problemWith(fields({ radiusMiles: 500, radiusAround: 'Austin, TX' }))).toMatch(/between 1 and 200/);
  expect(problemWith(fields({ radiusMiles: 25 }))).toMatch(/where the 25 miles are measured from/);
  expect(problemWith(fields())).toMatch(/Describe where you work/);
  expect(problemWith(fields({ radiusMiles: 25, radiusAround: 'Austin, TX' }))).toBeNull();
});

test('what the preview could not place becomes gentle advice', () => {
  expect(warningsOf(preview(), { description: '', zipCodes: [], cities: [] })).toEqual([]);
  const warnings = warningsOf(
    preview({ unknownZipCodes: ['00001'], unknownCities: ['Atlantis'], citiesNeedingState: ['Springfield'], radiusCenterUnknown: true }),
    { description: '', zipCodes: ['00001'], cities: ['Atlantis', 'Springfield'], radiusMiles: 10, radiusAround: 'Nowhere' },
  );
  expect(warnings).toEqual([
    'This is not a ZIP code we know: 00001. Check for a typo.',
    'We could not find “Atlantis”. Check the spelling, or add the state, e.g. “Round Rock, TX”.',
    '“Springfield” is a town in several states: add yours, e.g. “Springfield, IL”.',
    'We could not place “Nowhere”. Use your business address with its ZIP code, a ZIP code, or “City, ST”; until then the radius is left out.',
  ]);
});

test('the preview waits for a pause in typing, never asks the same draft twice, and drops a stale answer', async () => {
  vi.useFakeTimers();
  try {
    const answers: ((value: ServiceAreaPreview) => void)[] = [];
    const ask = vi.fn(() => new Promise<ServiceAreaPreview>((resolve) => answers.push(resolve)));
    const previewer = new ServiceAreaPreviewer(ask, 400);
    const area = (zip: string) => ({ description: '', zipCodes: [zip], cities: [] });
    previewer.schedule(area('78701'));
    await vi.advanceTimersByTimeAsync(200);
    previewer.schedule(area('78702'));
    await vi.advanceTimersByTimeAsync(399);
    expect(ask).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(ask).toHaveBeenCalledExactlyOnceWith(area('78702'));
    expect(previewer.pending).toBe(true);

    previewer.schedule(area('78703'), true); // asked at once: the first answer is now stale
    answers[1]!(preview({ text: 'ZIP code 78703 — 1 ZIP code' }));
    answers[0]!(preview({ text: 'ZIP code 78702 — 1 ZIP code' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(previewer.preview?.text).toBe('ZIP code 78703 — 1 ZIP code');
    expect(previewer.pending).toBe(false);

    previewer.schedule({ ...area('78703'), description: 'new words only' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(ask).toHaveBeenCalledTimes(2);
    previewer.dispose();
  } finally {
    vi.useRealTimers();
  }
});
