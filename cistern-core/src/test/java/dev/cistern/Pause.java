package dev.cistern;

import java.util.concurrent.TimeUnit;

/** A pause inside a lambda or a stub's hook, where {@link Thread#sleep} and its checked exception do not fit. */
final class Pause {
    private Pause() {
    }

    /** Sleeps; an interrupt ends the pause early and stays set for the caller to see. */
    static void millis(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
