package dev.cistern.dashboard;

import java.util.Map;
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
    private static final Map<String, String[]> PATHS = Map.of(
            "/", new String[] {OWN + "index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {OWN + "index.html", "text/html; charset=utf-8"},
            "/dashboard.js", new String[] {OWN + "dashboard.js", "text/javascript; charset=utf-8"},
            "/dashboard.css", new String[] {OWN + "dashboard.css", "text/css; charset=utf-8"},
            "/vendor/uPlot.iife.min.js", new String[] {ChartLibrary.SCRIPT, "text/javascript; charset=utf-8"},
            "/vendor/uPlot.min.css", new String[] {ChartLibrary.STYLE, "text/css; charset=utf-8"});
    private static final Map<String, Asset> LOADED = new ConcurrentHashMap<>();

    private Resources() {
    }

    /** The file at a request path, or null if there is none. */
    static Asset find(String path) {
        String[] where = PATHS.get(path);
        if (where == null) {
            return null;
        }
        return LOADED.computeIfAbsent(where[0], resource -> new Asset(where[1], ChartLibrary.read(resource)));
    }

}
