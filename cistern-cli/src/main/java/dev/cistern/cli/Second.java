package dev.cistern.cli;

/**
 * One point of a load run's time series: the figures of one second (the last may be shorter).
 *
 * @param atSeconds        seconds since measuring began, at this point's end
 * @param transactions     transactions that went through in the interval
 * @param throughputPerSecond transactions a second over the interval
 * @param checkoutP50Ms    the wait for a connection, median, in milliseconds
 * @param checkoutP95Ms    its 95th percentile
 * @param checkoutP99Ms    its 99th percentile
 * @param queryP50Ms       the time holding the connection (statements and return), median
 * @param queryP99Ms       its 99th percentile
 * @param errors           transactions that failed in the interval, timeouts included
 * @param timeouts         of those, the ones that timed out (checkout or statement)
 * @param active           connections lent at the interval's end
 * @param idle             connections idle at its end
 * @param pending          clients waiting for a connection at its end
 * @param oldestWaitMs     how long the longest-waiting client had waited, at its end
 */
record Second(double atSeconds, long transactions, double throughputPerSecond, double checkoutP50Ms,
        double checkoutP95Ms, double checkoutP99Ms, double queryP50Ms, double queryP99Ms, long errors, long timeouts,
        int active, int idle, int pending, long oldestWaitMs) {
}
