// What a started stack hands out besides stop(): killing and restarting its processes, Temporal
// and PostgreSQL one at a time. It acts on `running`, so a restarted process is the one stopped last.
/** Kill and start what a stack runs, by name: for the fault tier (test/faults), which plays crashes. */
export function stackControl({ running, processes }) {
  const exited = (child) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolveExit) => child.once('exit', resolveExit));
  return {
    names: () => Object.keys(processes),
    /** The process's pid, or undefined when it is not running. */
    pid(name) {
      const child = running.processes.get(name);
      return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    /** Sends `signal` (default SIGKILL: no chance to clean up) and waits until the process is gone. */
    async kill(name, signal = 'SIGKILL') {
      const child = running.processes.get(name);
      if (!child) throw new Error(`no process named ${name}`);
      child.kill(signal);
      await exited(child);
    },
    /** Starts it again and waits until it is ready (the api listening, a worker polling). */
    async start(name) {
      if (!processes[name]) throw new Error(`no process named ${name}`);
      if (this.pid(name)) throw new Error(`${name} is still running`);
      await processes[name].start();
    },
    async stopTemporal() {
      await running.temporal.handle.stop();
      running.temporal.handle = undefined;
    },
    async startTemporal() {
      running.temporal.handle = await running.temporal.start();
    },
    async stopPostgres() {
      if (!running.postgres) throw new Error('PostgreSQL is not ours to stop (DATABASE_URL)');
      await running.postgres.handle.stop();
      running.postgres.handle = undefined;
    },
    async startPostgres() {
      running.postgres.handle = await running.postgres.start();
    },
  };
}
