package dev.cistern.testkit.prometheus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus's text exposition format (version 0.0.4), for tests that check what a
 * scrape returns: every sample line must be {@code name{label="value",...} number}, names and label names
 * must be legal, values must be numbers, and a {@code # TYPE} line may come only once per family. Any
 * other line is an error naming the line.
 */
public final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final List<String> TYPES = List.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: a metric name, its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(String text, List<Sample> samples, Map<String, String> types) {
        this.text = text;
        this.samples = samples;
        this.types = types;
    }

    /** Parses a whole scrape; throws {@link IllegalArgumentException} at the first line that is not valid. */
    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring(7).split(" ");
                    if (parts.length != 2 || !METRIC_NAME.matcher(parts[0]).matches() || !TYPES.contains(parts[1])) {
                        throw new IllegalArgumentException("bad TYPE line");
                    }
                    if (types.put(parts[0], parts[1]) != null) {
                        throw new IllegalArgumentException("second TYPE line for " + parts[0]);
                    }
                } else if (!line.startsWith("#")) {
                    samples.add(sample(line));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + number + " is not valid exposition text (" + e.getMessage()
                        + "): " + line, e);
            }
        }
        return new PrometheusText(text, samples, types);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        int rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            rest = labels(line, brace + 1, labels);
        } else {
            if (space < 0) {
                throw new IllegalArgumentException("no value");
            }
            name = line.substring(0, space);
            rest = space;
        }
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name '" + name + "'");
        }
        String[] tail = line.substring(rest).trim().split(" ");
        if (tail.length < 1 || tail.length > 2) {
            throw new IllegalArgumentException("expected a value and at most a timestamp");
        }
        return new Sample(name, labels, number(tail[0]));
    }

    /** Reads {@code a="x",b="y"}} from {@code start}; returns the index after the closing brace. */
    private static int labels(String line, int start, Map<String, String> into) {
        int i = start;
        while (true) {
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int equals = line.indexOf('=', i);
            String label = line.substring(i, equals);
            if (!LABEL_NAME.matcher(label).matches()) {
                throw new IllegalArgumentException("bad label name '" + label + "'");
            }
            if (line.charAt(equals + 1) != '"') {
                throw new IllegalArgumentException("label value not quoted");
            }
            StringBuilder value = new StringBuilder();
            int j = equals + 2;
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            if (into.put(label, value.toString()) != null) {
                throw new IllegalArgumentException("label '" + label + "' twice");
            }
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
    }

    private static double number(String text) {
        switch (text) {
            case "NaN": return Double.NaN;
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(text);
        }
    }

    public List<Sample> samples() {
        return samples;
    }

    public String text() {
        return text;
    }

    /** The declared type of a metric family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /**
     * The value of the one sample with this name whose labels include the given pairs
     * ({@code "pool", "orders", ...}); throws if there is none or more than one.
     */
    public double value(String name, String... labelPairs) {
        List<Sample> matches = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && hasLabels(sample, labelPairs)) {
                matches.add(sample);
            }
        }
        if (matches.size() != 1) {
            throw new AssertionError(matches.size() + " samples of " + name + " with labels " + List.of(labelPairs)
                    + " (want exactly 1) in:\n" + text);
        }
        return matches.get(0).value();
    }

    private static boolean hasLabels(Sample sample, String[] pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (!Objects.equals(sample.labels().get(pairs[i]), pairs[i + 1])) {
                return false;
            }
        }
        return true;
    }
}
