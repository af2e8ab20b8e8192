package dev.cistern.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference docs' tables, written from a settings table alone: one per docs section, each row's key (and
 * other spelling), default, what is allowed, what a running pool does with a change, and its meaning. The docs
 * hold each between {@code <!-- settings: SECTION -->} and {@code <!-- /settings -->}; a test per table fails
 * when the file differs and writes the regenerated one.
 */
public final class SettingDocs {
    private SettingDocs() {
    }

    /** {@return each docs section's name and its table, in the table's order} */
    public static Map<String, String> markdownTables(List<Setting<?>> rows) {
        Map<String, StringBuilder> tables = new LinkedHashMap<>();
        for (Setting<?> s : rows) {
            tables.computeIfAbsent(s.section, name -> new StringBuilder(
                    "| property | default | allowed | on a running pool | meaning |\n|---|---|---|---|---|\n"))
                    .append("| ").append(propertyCell(s)).append(" | ").append(defaultText(s))
                    .append(" | ").append(allowed(s)).append(" | ").append(s.runtime().docs)
                    .append(" | ").append(sentence(s.doc)).append(" |\n");
        }
        Map<String, String> out = new LinkedHashMap<>();
        tables.forEach((section, table) -> out.put(section, table.toString()));
        return out;
    }

    private static String propertyCell(Setting<?> s) {
        String cell = "`" + s.key + "`";
        if (s.alias() != null) {
            cell += " (or `" + s.alias() + "`)";
        }
        return s.readable() || s.key.endsWith(".<name>") ? cell : cell + " (builder only)";
    }

    /** {@return the docs' default column: the value, or how it is worked out} */
    public static <T> String defaultText(Setting<T> s) {
        if (s.defaultText() != null) {
            return s.defaultText();
        }
        return s.defaultValue == null ? "none" : "`" + s.kind.format(s.defaultValue) + "`";
    }

    /** {@return the docs' allowed column: the range and the ties, or the two values of a flag} */
    public static String allowed(Setting<?> s) {
        String allowed = s.allowed();
        return allowed.equals("any") && s.kind == Kind.FLAG ? "`true`, `false`" : allowed;
    }

    /** {@return a row's one-line doc as a sentence} */
    public static String sentence(String doc) {
        return Character.toUpperCase(doc.charAt(0)) + doc.substring(1) + ".";
    }
}
