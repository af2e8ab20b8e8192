package dev.cistern.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds a docs file's generated blocks ({@code <!-- settings: SECTION -->} to {@code <!-- /settings -->})
 * against the tables {@link SettingDocs} writes from a settings table. When they differ it writes the
 * regenerated file under {@code target/} and fails with the command that puts it in place.
 */
public final class DocsTables {
    private static final Pattern GENERATED = Pattern.compile(
            "<!-- settings: (.+?) -->\\n.*?<!-- /settings -->", Pattern.DOTALL);

    private DocsTables() {
    }

    /** Fails unless every section of {@code tables} has its block in {@code docs}, as generated, and no other. */
    public static void assertGenerated(Path docs, Map<String, String> tables) throws IOException {
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        StringBuilder expected = new StringBuilder();
        Matcher block = GENERATED.matcher(text);
        List<String> sections = new ArrayList<>();
        while (block.find()) {
            String table = tables.get(block.group(1));
            assertThat(table).as(docs + " section '" + block.group(1) + "' is one of the table's").isNotNull();
            block.appendReplacement(expected, Matcher.quoteReplacement(
                    "<!-- settings: " + block.group(1) + " -->\n" + table + "<!-- /settings -->"));
            sections.add(block.group(1));
        }
        block.appendTail(expected);
        assertThat(sections).as("every section of the table has its block in " + docs)
                .containsExactlyElementsOf(tables.keySet());
        if (!expected.toString().equals(text)) {
            Path regenerated = Path.of("target", docs.getFileName().toString());
            Files.writeString(regenerated, expected.toString(), StandardCharsets.UTF_8);
            fail(docs + "'s tables differ from the settings table; the regenerated file is "
                    + regenerated.toAbsolutePath() + ": cp cistern-core/target/" + docs.getFileName() + " docs/");
        }
    }
}
