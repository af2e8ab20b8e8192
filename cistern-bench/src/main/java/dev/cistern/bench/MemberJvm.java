package dev.cistern.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link FleetMember} in a JVM of its own: started, told to begin, and read back. */
final class MemberJvm {
    final String name;
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    MemberJvm(String jar, String pool, String jdbcUrl, String name, int seconds) throws IOException {
        this.name = name;
        this.process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", jar, FleetMember.class.getName(), pool, jdbcUrl, "app", name, "16",
                String.valueOf(seconds * 1000L), "5", "10").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the member and waits until it says it is ready. */
    static MemberJvm ready(String jar, String pool, String jdbcUrl, String name, int seconds) throws IOException {
        MemberJvm member = new MemberJvm(jar, pool, jdbcUrl, name, seconds);
        member.await("READY");
        return member;
    }

    void go() throws IOException {
        in.write("go\n");
        in.flush();
    }

    /** {@return the member's RESULT as key to value}, once its load is over; then it exits. */
    Map<String, String> result() throws Exception {
        Map<String, String> result = new HashMap<>();
        for (String pair : await("RESULT").split(" ")) {
            int eq = pair.indexOf('=');
            result.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        process.waitFor(60, TimeUnit.SECONDS);
        return result;
    }

    /** {@return whether a session's application_name is this member's (as itself, or as a fleet member)} */
    boolean owns(String applicationName) {
        return applicationName.equals(name) || applicationName.endsWith("/" + name);
    }

    private String await(String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new IllegalStateException("member " + name + " ended before printing " + prefix);
    }
}
