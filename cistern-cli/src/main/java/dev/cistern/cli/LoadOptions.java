package dev.cistern.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options {@code cistern load} and {@code cistern size} share: who the clients are and what they run. */
final class LoadOptions {
    /** Past this many platform threads a machine runs short of memory; virtual threads go further. */
    static final int MAX_PLATFORM_CLIENTS = 5_000;
    static final int MAX_CLIENTS = 100_000;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "16",
            description = "Concurrent clients, 1 to " + MAX_PLATFORM_CLIENTS + " (to " + MAX_CLIENTS
                    + " with --virtual) (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--virtual", description = "Run each client on a virtual thread (Java 21 or later).")
    boolean virtual;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "How long to measure: 30s, 2m, 500ms (default: 30s for load, 10s per size for size).")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION",
            description = "Run this long first, unmeasured (default: 5s for load, 2s per size for size).")
    String warmup;

    @Option(names = "--query", paramLabel = "SQL", description = "Run this one statement per transaction instead"
            + " of the built-in mix.")
    String query;

    @Option(names = "--script", paramLabel = "FILE", description = "Run this file's statements (separated by ';'"
            + " at a line's end; '--' comment lines skipped) in one transaction per iteration.")
    Path script;

    @Option(names = "--rate", paramLabel = "R/s", description = "Start at most this many transactions a second,"
            + " all clients together (default: as fast as they go).")
    String rate;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "connectionTimeout: how long a client waits for a connection (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--max-errors", paramLabel = "N", defaultValue = "0",
            description = "Exit with 1 when more transactions than this fail (default: ${DEFAULT-VALUE}).")
    long maxErrors;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to this file.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report"
            + " with charts to this file.")
    Path html;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    /** The checked settings of one run, with the command's own defaults filled in. */
    LoadSettings settings(CommandLine commandLine, Duration defaultDuration, Duration defaultWarmup) {
        if (clients < 1 || clients > MAX_CLIENTS || (!virtual && clients > MAX_PLATFORM_CLIENTS)) {
            throw usage(commandLine, "--clients must be between 1 and " + MAX_PLATFORM_CLIENTS + " (" + MAX_CLIENTS
                    + " with --virtual); was " + clients);
        }
        if (virtual && !ClientThreads.virtualAvailable()) {
            throw usage(commandLine, "--virtual needs Java 21 or later; this is Java " + Runtime.version().feature());
        }
        if (query != null && script != null) {
            throw usage(commandLine, "--query and --script cannot be used together; give one");
        }
        if (query != null && query.isBlank()) {
            throw usage(commandLine, "--query is empty");
        }
        if (script != null && (!Files.isRegularFile(script) || !Files.isReadable(script))) {
            throw usage(commandLine, "--script file not found or not readable: " + script);
        }
        if (maxErrors < 0) {
            throw usage(commandLine, "--max-errors must be 0 or more; was " + maxErrors);
        }
        checkDirectory(commandLine, "--json", json);
        checkDirectory(commandLine, "--html", html);
        try {
            return new LoadSettings(clients, virtual,
                    duration == null ? defaultDuration : DurationArgument.parse("--duration", duration, Duration.ofSeconds(1)),
                    warmup == null ? defaultWarmup : DurationArgument.parse("--warmup", warmup, Duration.ZERO),
                    parseRate(), DurationArgument.parse("--timeout", timeout, Duration.ofMillis(1)));
        } catch (IllegalArgumentException e) {
            throw usage(commandLine, e.getMessage());
        }
    }

    /** The workload the options name; an unreadable or empty script is bad input. */
    Workload workload(CommandLine commandLine) {
        try {
            return Workload.of(query, script);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw usage(commandLine, "--script " + script + " cannot be read as UTF-8 text: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw usage(commandLine, e.getMessage());
        }
    }

    private double parseRate() {
        if (rate == null) {
            return 0;
        }
        String number = rate.trim().endsWith("/s") ? rate.trim().substring(0, rate.trim().length() - 2) : rate.trim();
        double perSecond;
        try {
            perSecond = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            perSecond = -1;
        }
        if (!(perSecond > 0 && perSecond <= 10_000_000)) {
            throw new IllegalArgumentException("--rate must be transactions a second, greater than 0 and at most"
                    + " 10000000, such as 500 or 500/s; was '" + rate + "'");
        }
        return perSecond;
    }

    private static void checkDirectory(CommandLine commandLine, String option, Path file) {
        if (file != null) {
            Path directory = file.toAbsolutePath().getParent();
            if (directory != null && !Files.isDirectory(directory)) {
                throw usage(commandLine, option + " directory does not exist: " + directory);
            }
        }
    }

    private static CommandLine.ParameterException usage(CommandLine commandLine, String message) {
        return new CommandLine.ParameterException(commandLine, message);
    }
}
