package dev.cistern.cli;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * Threads for load clients: platform threads, or virtual threads on Java 21 and later (reached by reflection,
 * since the command is built for Java 17).
 */
final class ClientThreads {
    private ClientThreads() {
    }

    static boolean virtualAvailable() {
        return virtualFactory() != null;
    }

    /** {@return a factory of virtual or platform daemon threads named cistern-load-N} */
    static ThreadFactory factory(boolean virtual) {
        if (virtual) {
            ThreadFactory factory = virtualFactory();
            if (factory == null) {
                throw new IllegalStateException("virtual threads need Java 21 or later");
            }
            return factory;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "cistern-load-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static ThreadFactory virtualFactory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, "cistern-load-", 0L);
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
