// Recording media without audio assets: a generated WAV (8 kHz mono 16-bit PCM, as Twilio records
// calls) holding a quiet tone as long as the recording, so players and downloads behave as with Twilio.
export const WAV_SAMPLE_RATE = 8000;
export const WAV_BYTES_PER_SAMPLE = 2;
/** Longer recordings are served cut to this many seconds: the media is a stand-in, not the call. */
export const MAX_MEDIA_SECONDS = 10;

const HEADER_BYTES = 44;
const TONE_HZ = 440;
const AMPLITUDE = 0.03 * 0x7fff; // about -30 dBFS: audible in a player, never loud
const FADE_SAMPLES = WAV_SAMPLE_RATE / 100; // 10 ms ramps, so the tone starts and stops without a click

/** A RIFF/WAVE file of `seconds` (capped at MAX_MEDIA_SECONDS) of a quiet 440 Hz tone. */
export function toneWav(seconds: number): Buffer {
  const samples = Math.max(0, Math.floor(Math.min(seconds, MAX_MEDIA_SECONDS) * WAV_SAMPLE_RATE));
  const dataBytes = samples * WAV_BYTES_PER_SAMPLE;
  const wav = Buffer.alloc(HEADER_BYTES + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(HEADER_BYTES - 8 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size for PCM
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(WAV_SAMPLE_RATE, 24);
  wav.writeUInt32LE(WAV_SAMPLE_RATE * WAV_BYTES_PER_SAMPLE, 28); // byte rate
  wav.writeUInt16LE(WAV_BYTES_PER_SAMPLE, 32); // block align
  wav.writeUInt16LE(8 * WAV_BYTES_PER_SAMPLE, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let index = 0; index < samples; index += 1) {
    const ramp = Math.min(1, index / FADE_SAMPLES, (samples - 1 - index) / FADE_SAMPLES);
    const value = Math.round(AMPLITUDE * ramp * Math.sin((2 * Math.PI * TONE_HZ * index) / WAV_SAMPLE_RATE));
    wav.writeInt16LE(value, HEADER_BYTES + index * WAV_BYTES_PER_SAMPLE);
  }
  return wav;
}
