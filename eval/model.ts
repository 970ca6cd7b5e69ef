// Which model the eval asks: the configured OpenAI-compatible endpoint (OPENAI_API_KEY,
// OPENAI_BASE_URL, OPENAI_MODEL, as the worker reads them), or with neither a key nor a base URL
// the offline assistant, served in-process on 127.0.0.1 over the same HTTP protocol.
import { createModelClient, type AssistantModel } from '../activities/assistant';
import { OFFLINE_MODEL } from '../activities/assistant-protocol';
import { serveOfflineModel } from '../sandbox/offline-model-server';

export interface EvalModel {
  model: AssistantModel;
  /** Where the answers come from, safe to print (no key, no credentials in the URL). */
  label: string;
  offline: boolean;
  close(): Promise<void>;
}

/** The default the worker uses when OPENAI_MODEL is unset (config/index.ts). */
const DEFAULT_MODEL = 'gpt-4o-mini';

/** A base URL without credentials, path or query: what may appear in a log. */
export function safeEndpoint(baseURL: string | undefined): string {
  if (!baseURL) return 'api.openai.com';
  try {
    return new URL(baseURL).host;
  } catch {
    return '(unparseable OPENAI_BASE_URL)';
  }
}

export async function evalModel(
  env: NodeJS.ProcessEnv = process.env,
  options: { timeoutMs?: number; attempts?: number } = {},
): Promise<EvalModel> {
  const apiKey = env.OPENAI_API_KEY?.trim() || undefined;
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  if (apiKey || baseURL) {
    const name = env.OPENAI_MODEL?.trim() || DEFAULT_MODEL;
    const timeoutMs = options.timeoutMs ?? (Number(env.OPENAI_TIMEOUT_MS) || 20_000);
    return {
      // A local server usually needs no key; the SDK wants one anyway.
      model: {
        client: createModelClient({ apiKey: apiKey ?? 'none', ...(baseURL ? { baseURL } : {}) }),
        model: name,
        timeoutMs,
        attempts: options.attempts,
      },
      label: `${name} @ ${safeEndpoint(baseURL)}`,
      offline: false,
      close: async () => {},
    };
  }
  const server = await serveOfflineModel();
  return {
    model: {
      client: createModelClient({ apiKey: 'offline', baseURL: server.baseURL }),
      model: OFFLINE_MODEL,
      timeoutMs: options.timeoutMs ?? 5_000,
      attempts: options.attempts,
    },
    label: `${OFFLINE_MODEL} (offline assistant, in-process)`,
    offline: true,
    close: server.close,
  };
}
