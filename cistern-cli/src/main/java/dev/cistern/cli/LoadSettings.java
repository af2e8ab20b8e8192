package dev.cistern.cli;

import java.time.Duration;

/**
 * One load run's checked settings.
 *
 * @param clients           concurrent clients
 * @param virtual           whether each client is a virtual thread
 * @param duration          how long the run is measured
 * @param warmup            how long it runs first, unmeasured
 * @param ratePerSecond     transactions started a second by all clients together; 0 for as fast as they go
 * @param connectionTimeout how long a client waits for a connection
 */
record LoadSettings(int clients, boolean virtual, Duration duration, Duration warmup, double ratePerSecond,
        Duration connectionTimeout) {
}
