package dev.cistern.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The chart library the live page draws with (uPlot, from its webjar), for other pages that want the same
 * charts: the command line's self-contained load report inlines it.
 */
public final class ChartLibrary {
    /** Where the webjar keeps the script and the style sheet; its version comes from its Maven metadata. */
    static final String DIRECTORY = "META-INF/resources/webjars/uplot/" + version() + "/dist/";
    static final String SCRIPT = DIRECTORY + "uPlot.iife.min.js";
    static final String STYLE = DIRECTORY + "uPlot.min.css";

    private ChartLibrary() {
    }

    /** {@return the library's script, which defines the global {@code uPlot}} */
    public static String script() {
        return new String(read(SCRIPT), StandardCharsets.UTF_8);
    }

    /** {@return the library's style sheet} */
    public static String style() {
        return new String(read(STYLE), StandardCharsets.UTF_8);
    }

    /** {@return a class path resource's bytes; a missing one is a broken build, so it is an error} */
    static byte[] read(String resource) {
        InputStream in = ChartLibrary.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the dashboard's file " + resource + " is missing from the class path");
        }
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webjar's version, from the Maven metadata it carries, so an upgrade needs no code change. */
    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = ChartLibrary.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot webjar (org.webjars.npm:uplot) is not on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
