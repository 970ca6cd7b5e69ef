// The workflow tier runs on the real time-skipping test server, obtained without a download by
// the SDK (temporal/obtain.mjs) and handed to it as an existing path.
import { obtain } from '../../temporal/obtain.mjs';

export default function setup() {
  process.env.TEMPORAL_TEST_SERVER_PATH = obtain('temporal-test-server');
}
