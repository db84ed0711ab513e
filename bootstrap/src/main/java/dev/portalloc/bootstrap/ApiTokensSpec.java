package dev.portalloc.bootstrap;

import dev.portalloc.adapters.web.ApiToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the API tokens of {@code --api-tokens} / {@code PORTALLOC_API_TOKENS}: comma-separated
 * {@code name:scope:secret} entries, or {@code @/path/to/file} with one entry per line (blank lines and
 * lines starting with {@code #} are skipped). Empty means no tokens.
 *
 * <p>Every rule is checked before the server starts. A refusal names the entry by its position (entry
 * 2, line 7 of the file) and the rule it breaks, never by its content: an entry written in the wrong
 * order would otherwise print its secret into the log.
 */
final class ApiTokensSpec {
    private static final Logger LOG = LoggerFactory.getLogger(ApiTokensSpec.class);

    private ApiTokensSpec() {
    }

    /**
     * @throws IllegalArgumentException saying which entry breaks which rule, or why the file cannot be read
     */
    static List<ApiToken> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return List.of();
        }
        String trimmed = spec.strip();
        if (trimmed.startsWith("@")) {
            return parseFile(Path.of(trimmed.substring(1).strip()));
        }
        List<Entry> entries = new ArrayList<>();
        String[] parts = trimmed.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            entries.add(new Entry("API token entry " + (i + 1), parts[i].strip()));
        }
        return tokens(entries);
    }

    private static List<ApiToken> parseFile(Path file) {
        if (file.toString().isEmpty()) {
            throw new IllegalArgumentException("API tokens: '@' must be followed by the path of a token file");
        }
        String content;
        try {
            // Strictly UTF-8: a mangled file should stop the server, not yield mangled secrets.
            content = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("API token file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read API token file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        warnIfOthersMayRead(file);
        List<Entry> entries = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                entries.add(new Entry("line " + (i + 1) + " of API token file " + file, line));
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("API token file " + file + " holds no tokens");
        }
        return tokens(entries);
    }

    private record Entry(String where, String text) {
        /** Never the text: it holds a secret. */
        @Override
        public String toString() {
            return where;
        }
    }

    private static List<ApiToken> tokens(List<Entry> entries) {
        List<ApiToken> tokens = new ArrayList<>();
        for (Entry entry : entries) {
            tokens.add(token(entry));
        }
        for (int i = 0; i < tokens.size(); i++) {
            for (int j = i + 1; j < tokens.size(); j++) {
                if (tokens.get(i).name().equals(tokens.get(j).name())) {
                    throw new IllegalArgumentException(entries.get(i).where() + " and " + entries.get(j).where()
                            + " have the same name; every token needs its own");
                }
            }
        }
        // The remaining rule (no shared secret) is the policy's; its message names tokens, not secrets.
        return tokens;
    }

    private static ApiToken token(Entry entry) {
        if (entry.text().isEmpty()) {
            throw new IllegalArgumentException(entry.where() + " is empty (a stray comma?)");
        }
        String[] fields = entry.text().split(":", -1);
        if (fields.length != 3) {
            throw new IllegalArgumentException(entry.where() + " must be name:scope:secret (" + fields.length
                    + " field" + (fields.length == 1 ? "" : "s") + " found)");
        }
        try {
            return ApiToken.of(fields[0], ApiToken.Scope.ofCode(fields[1]), fields[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(entry.where() + ": " + e.getMessage());
        }
    }

    private static void warnIfOthersMayRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("API token file {} is readable by every user of this machine; consider 'chmod 600'", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system, or not ours to inspect: nothing to say.
        }
    }
}
