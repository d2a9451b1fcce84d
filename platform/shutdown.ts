/**
 * A service's shutdown on SIGINT or SIGTERM: `stop` (close servers, flush traces...), then exit 0.
 * A failed stop is reported and exits 1 instead of becoming an unhandled rejection.
 */
export function stopOnSignals(stop: () => Promise<void>, reportFailure: (error: unknown) => void): void {
  const shutDown = (): void => {
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        reportFailure(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}
