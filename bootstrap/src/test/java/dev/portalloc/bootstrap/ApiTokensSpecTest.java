package dev.portalloc.bootstrap;

import dev.portalloc.adapters.web.ApiToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** {@code --api-tokens}: inline and file forms, and a clear refusal for every broken rule. */
final class ApiTokensSpecTest {
    private static final String SECRET_A = "aaaaaaaaaaaaaaaa1111";
    private static final String SECRET_B = "bbbbbbbbbbbbbbbb2222";

    @TempDir
    Path dir;

    @Test
    void nothingMeansNoTokens() {
        assertThat(ApiTokensSpec.parse(null)).isEmpty();
        assertThat(ApiTokensSpec.parse("")).isEmpty();
        assertThat(ApiTokensSpec.parse("   ")).isEmpty();
    }

    @Test
    void inlineEntriesAreCommaSeparatedNameScopeSecret() {
        List<ApiToken> tokens = ApiTokensSpec.parse("deployer:rw:" + SECRET_A + ", dashboard:ro:" + SECRET_B);

        assertThat(tokens).extracting(ApiToken::name, ApiToken::scope).containsExactly(
                tuple("deployer", ApiToken.Scope.READ_WRITE), tuple("dashboard", ApiToken.Scope.READ_ONLY));
    }

    @Test
    void aFileHoldsOneEntryPerLineWithCommentsAndBlankLines() throws IOException {
        Path file = Files.writeString(dir.resolve("tokens"), """
                # portalloc API tokens

                deployer:rw:%s
                   # the dashboard only reads
                dashboard:ro:%s\r
                """.formatted(SECRET_A, SECRET_B), StandardCharsets.UTF_8);

        List<ApiToken> tokens = ApiTokensSpec.parse("@" + file);

        assertThat(tokens).extracting(ApiToken::name).containsExactly("deployer", "dashboard");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a:rw:" + SECRET_A + ",a:ro:" + SECRET_B + "| API token entry 1 and API token entry 2 have the same name",
            "a:rw:                                     | API token entry 1: the secret is empty",
            "a:rx:" + SECRET_A + "                     | API token entry 1: the scope must be 'rw' (read-write) or 'ro' (read-only)",
            "a:RW:" + SECRET_A + "                     | API token entry 1: the scope must be 'rw'",
            "a:rw:short-secret                         | API token entry 1: the secret must be at least 16 characters long",
            "a:rw:" + SECRET_A + ",                    | API token entry 2 is empty",
            "a:rw:" + SECRET_A + ",,b:ro:" + SECRET_B + "| API token entry 2 is empty",
            "a:" + SECRET_A + "                        | API token entry 1 must be name:scope:secret (2 fields found)",
            "a:rw:" + SECRET_A + ":x                   | API token entry 1 must be name:scope:secret (4 fields found)",
            ":rw:" + SECRET_A + "                      | API token entry 1: the token name must match",
            "b:rw:" + SECRET_B + ",a b:rw:" + SECRET_A + "| API token entry 2: the token name must match",
            "@                                         | '@' must be followed by the path of a token file"})
    void everyBrokenRuleIsRefusedNamingTheEntryAndTheRule(String spec, String message) {
        assertThatThrownBy(() -> ApiTokensSpec.parse(spec.strip()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message.strip())
                .hasMessageNotContaining(SECRET_A)
                .hasMessageNotContaining(SECRET_B)
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void anEntryInTheWrongOrderDoesNotPrintItsSecret() {
        // Secret first: as a name it would be valid, as a secret "deployer" is too short.
        String secretFirst = SECRET_A + ":rw:deployer";

        assertThatThrownBy(() -> ApiTokensSpec.parse(secretFirst))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 characters")
                .hasMessageNotContaining(SECRET_A);
    }

    @Test
    void aFileEntryIsNamedByItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve("tokens"), "# tokens\n\na:rw:" + SECRET_A + "\nb:rw:x\n");

        assertThatThrownBy(() -> ApiTokensSpec.parse("@" + file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 4 of API token file " + file)
                .hasMessageContaining("at least 16 characters");
    }

    @Test
    void duplicateNamesInAFileAreRefusedByLine() throws IOException {
        Path file = Files.writeString(dir.resolve("tokens"), "a:rw:" + SECRET_A + "\n#\na:ro:" + SECRET_B + "\n");

        assertThatThrownBy(() -> ApiTokensSpec.parse("@" + file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1 of API token file " + file + " and line 3 of API token file " + file)
                .hasMessageContaining("same name");
    }

    @Test
    void aMissingEmptyOrUnreadableFileIsRefused() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "# nothing yet\n\n");
        Path binary = Files.write(dir.resolve("binary"), new byte[] {'a', ':', (byte) 0xC3, (byte) 0x28});

        assertThatThrownBy(() -> ApiTokensSpec.parse("@" + dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read API token file");
        assertThatThrownBy(() -> ApiTokensSpec.parse("@" + empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no tokens");
        assertThatThrownBy(() -> ApiTokensSpec.parse("@" + binary))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void commasAreNotSeparatorsInAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("tokens"), "a:rw:" + SECRET_A + ",b:ro:" + SECRET_B + "\n");

        assertThatThrownBy(() -> ApiTokensSpec.parse("@" + file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1")
                .hasMessageNotContaining(SECRET_A);
    }
}
