// Quitting waits for the services to stop (the outbox finishes its durable write, the sync engine lets go of
// the data folder): the first before-quit is held back, stop() runs once, then the app quits for real.
export interface QuitGuardOptions {
  stop(): Promise<void>;
  quit(): void;
  logger: { error(message: string, fields?: Record<string, unknown>): void };
}

export function createQuitGuard(options: QuitGuardOptions): (event: { preventDefault(): void }) => void {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  return (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    options
      .stop()
      .catch((error: unknown) =>
        options.logger.error('Stopping the services failed; quitting anyway', { error }),
      )
      .finally(() => {
        phase = 'stopped';
        options.quit();
      });
  };
}
