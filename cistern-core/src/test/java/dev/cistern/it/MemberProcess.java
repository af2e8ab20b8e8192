package dev.cistern.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LoadMember} in a JVM of its own, as one instance of a service is: started with this JVM's class
 * path, told when to begin, and read back. Its standard error goes to a file under {@code target/}, named
 * after the member, for the logs of a failed run.
 */
final class MemberProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    MemberProcess(String name, String... args) throws IOException {
        this.name = name;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), LoadMember.class.getName()));
        command.addAll(List.of(args));
        Path log = Path.of("target", "member-" + name + ".log");
        Files.createDirectories(log.getParent());
        this.process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** {@return the first line starting with {@code prefix}, after it; fails when the member ends first} */
    String await(String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new AssertionError("member " + name + " ended before printing " + prefix + " (see target/member-"
                + name + ".log)");
    }

    void go() throws IOException {
        in.write("go\n");
        in.flush();
    }

    /** {@return the member's RESULT line as key to value} */
    Map<String, String> result() throws IOException {
        Map<String, String> result = new HashMap<>();
        for (String pair : await("RESULT").split(" ")) {
            int eq = pair.indexOf('=');
            result.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return result;
    }

    /**
     * Asserts what a fleet budget promises of its members' results: every borrow served, no connect refused as
     * full, each member's share within [{@code leastShare}, {@code mostShare}], and at least a quarter of the work.
     */
    static void assertFairFleet(List<Map<String, String>> results, int leastShare, int mostShare) {
        long served = results.stream().mapToLong(r -> Long.parseLong(r.getOrDefault("outcome.served", "0"))).sum();
        for (int i = 0; i < results.size(); i++) {
            Map<String, String> result = results.get(i);
            String who = "member " + (i + 1) + " " + result;
            System.out.println(who);
            org.assertj.core.api.Assertions.assertThat(result.keySet().stream().filter(k -> k.startsWith("outcome.")))
                    .as(who + ": every borrow served").containsExactly("outcome.served");
            org.assertj.core.api.Assertions.assertThat(result.get("serverFullRefusals"))
                    .as(who + ": the fleet never filled the server").isEqualTo("0");
            org.assertj.core.api.Assertions.assertThat(Integer.parseInt(result.get("effectiveMaximum")))
                    .as(who + ": a fair share").isBetween(leastShare, mostShare);
            org.assertj.core.api.Assertions.assertThat(Long.parseLong(result.get("outcome.served")) / (double) served)
                    .as(who + ": a fair part of the work").isGreaterThanOrEqualTo(0.25);
        }
    }

    @Override
    public void close() throws Exception {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
