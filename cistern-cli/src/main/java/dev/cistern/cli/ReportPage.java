package dev.cistern.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cistern.dashboard.ChartLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the {@code --html} report: one file with the chart library, the page's script and the data inside,
 * so it opens anywhere without a network. The page draws the load or the size report from the data's
 * {@code kind}.
 */
final class ReportPage {
    private static final String TEMPLATE = "dev/cistern/cli/report.html";
    private static final Pattern MARKER = Pattern.compile("/\\*(UPLOT_STYLE|UPLOT_SCRIPT|REPORT_DATA)\\*/");

    private ReportPage() {
    }

    /** Writes the report as {@code --json} (indented) and {@code --html} ask, each when given. */
    static void writeFiles(Path json, Path html, Map<String, Object> report) throws IOException {
        if (json != null) {
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            } catch (IOException e) {
                throw new IOException("cannot write --json " + json + ": " + e.getMessage(), e);
            }
        }
        if (html != null) {
            try {
                Files.writeString(html, render(report), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("cannot write --html " + html + ": " + e.getMessage(), e);
            }
        }
    }

    static String render(Map<String, Object> data) {
        String template = template();
        Map<String, String> parts = Map.of("UPLOT_STYLE", ChartLibrary.style(), "UPLOT_SCRIPT", ChartLibrary.script(),
                "REPORT_DATA", scriptSafeJson(data));
        // One pass over the template, so text inside the data (a user's query) is never taken for a marker.
        Matcher marker = MARKER.matcher(template);
        StringBuilder page = new StringBuilder(template.length() + 200_000);
        while (marker.find()) {
            marker.appendReplacement(page, Matcher.quoteReplacement(parts.get(marker.group(1))));
        }
        marker.appendTail(page);
        return page.toString();
    }

    /** JSON that cannot end the script element it sits in: every "&lt;" is written as its escape. */
    static String scriptSafeJson(Map<String, Object> data) {
        try {
            return new ObjectMapper().writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String template() {
        try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
