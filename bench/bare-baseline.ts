// Starts and stops the bare baseline (bench/bare-server.ts) as its own process, and reads when its
// texts were stored.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type pg from 'pg';

export interface BareServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startBareServer(root: string, env: Record<string, string | undefined>, businessName: string): Promise<BareServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'bare-server.ts')], {
    cwd: root,
    env: { ...env, BUSINESS_NAME: businessName },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bare server did not start within 60 s: ${stderr}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bare server exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** When the bare server stored each caller's (first) text. */
export async function bareTextsStored(db: pg.Client, callers: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ caller: string; created_at: Date }>(
    'select caller, min(created_at) as created_at from bench_bare_texts where caller = any($1) group by caller',
    [callers],
  );
  return new Map(rows.map((row) => [row.caller, row.created_at.getTime()]));
}

/** How many rows the bare server stored per caller (the exactly-once check). */
export async function bareTextCounts(db: pg.Client, callers: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ caller: string; count: string }>(
    'select caller, count(*) as count from bench_bare_texts where caller = any($1) group by caller',
    [callers],
  );
  return new Map(rows.map((row) => [row.caller, Number(row.count)]));
}
