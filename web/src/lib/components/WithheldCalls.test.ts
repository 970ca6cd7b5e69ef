import { render, screen } from '@testing-library/svelte';
import { expect, test } from 'vitest';
import WithheldCalls from './WithheldCalls.svelte';

const now = Date.parse('2026-11-29T15:00:00Z');

test('a missed call from a withheld caller ID reads "Number withheld", with its voicemail', () => {
  render(WithheldCalls, {
    now,
    calls: [
      {
        id: '6f0c1e9a-1111-4111-8111-111111111111',
        callSid: `CA${'1'.repeat(32)}`,
        createdAt: '2026-11-29T14:55:00Z',
        dialStatus: 'no-answer',
        ownerAccepted: false,
        voicemail: { url: '/api/voicemails/x.wav', durationSeconds: 7, transcription: 'Call me back about the leak' },
      },
    ],
  });
  expect(screen.getByText('Number withheld')).toBeTruthy();
  expect(screen.getByTestId('voicemail-transcription').textContent).toContain('Call me back about the leak');
});

test('nothing is shown when there is no such call', () => {
  render(WithheldCalls, { now, calls: [] });
  expect(screen.queryByTestId('withheld-calls')).toBeNull();
});
