package dev.cistern.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live page's files: its own (HTML, script, style) and the uPlot chart library from its webjar, all
 * read from the class path once and kept.
 */
final class Resources {
    static final String JSON = "application/json; charset=utf-8";

    /** A file to serve. */
    record Asset(String contentType, byte[] bytes) {
    }

    private static final String OWN = "dev/cistern/dashboard/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    private static final Map<String, String[]> PATHS = Map.of(
            "/", new String[] {OWN + "index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {OWN + "index.html", "text/html; charset=utf-8"},
            "/dashboard.js", new String[] {OWN + "dashboard.js", "text/javascript; charset=utf-8"},
            "/dashboard.css", new String[] {OWN + "dashboard.css", "text/css; charset=utf-8"},
            "/vendor/uPlot.iife.min.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "/vendor/uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});
    private static final Map<String, Asset> LOADED = new ConcurrentHashMap<>();

    private Resources() {
    }

    /** The file at a request path, or null if there is none. */
    static Asset find(String path) {
        String[] where = PATHS.get(path);
        if (where == null) {
            return null;
        }
        return LOADED.computeIfAbsent(where[0], resource -> new Asset(where[1], read(resource)));
    }

    private static byte[] read(String resource) {
        InputStream in = Resources.class.getClassLoader().getResourceAsStream(resource);
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
    private static String uplotVersion() {
        Properties properties = new Properties();
        try (InputStream in = Resources.class.getClassLoader()
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
