package dev.cistern;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Virtual threads exist from JDK 21; the build targets 17, so tests reach them reflectively. */
final class VirtualThreadsForTests {
    private VirtualThreadsForTests() {
    }

    /** A thread-per-task executor of virtual threads, or null on a JDK without them. */
    static ExecutorService executorOrNull() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
