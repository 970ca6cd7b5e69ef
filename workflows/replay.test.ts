// Replays every recorded history (temporal/histories/, made by `npm run history:record`) against
// today's workflow code. A change that would break running conversations (a reordered activity,
// a removed timer) fails here instead of in production; guard such changes with patched().
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const HISTORIES = path.resolve(__dirname, '../temporal/histories');
const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.json'));

test('there are recorded histories to replay (an empty folder would make this tier vacuous)', () => {
  expect(files.length).toBeGreaterThanOrEqual(2);
});

test.each(files)('%s replays deterministically with the current workflow code', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
  expect(history.events?.length).toBeGreaterThan(5);
  await Worker.runReplayHistory({ workflowsPath: require.resolve('./index') }, history, file);
});
