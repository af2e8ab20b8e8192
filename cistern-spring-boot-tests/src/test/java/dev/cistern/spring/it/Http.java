package dev.cistern.spring.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GETs against a running application's actuator, with the JDK's client (the same under Boot 3 and 4). */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern FIRST_VALUE = Pattern.compile("\"value\"\\s*:\\s*([-0-9.Ee]+)");

    record Response(int status, String body) {
    }

    private Http() {
    }

    static Response get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    /**
     * The top-level {@code status} of a health answer (Boot 3 writes it first, Boot 4 last; components
     * nested deeper have their own, which this skips).
     */
    static String healthStatus(Response response) {
        String body = response.body();
        Matcher status = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"").matcher(body);
        while (status.find()) {
            if (depthAt(body, status.start()) == 1) {
                return status.group(1);
            }
        }
        throw new AssertionError("no top-level status in " + body);
    }

    private static int depthAt(String json, int index) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < index; i++) {
            char c = json.charAt(i);
            if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && (c == '{' || c == '[')) {
                depth++;
            } else if (!inString && (c == '}' || c == ']')) {
                depth--;
            }
        }
        return depth;
    }

    /** The first measurement of {@code /actuator/metrics/<name>}, as Boot's metrics endpoint gives it. */
    static double metric(int port, String name) throws IOException, InterruptedException {
        Response response = get(port, "/actuator/metrics/" + name);
        if (response.status() != 200) {
            throw new AssertionError("/actuator/metrics/" + name + " answered " + response.status() + ": " + response.body());
        }
        Matcher value = FIRST_VALUE.matcher(response.body());
        if (!value.find()) {
            throw new AssertionError("no value in " + response.body());
        }
        return Double.parseDouble(value.group(1));
    }
}
