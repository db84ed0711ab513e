package dev.portalloc.bootstrap;

import dev.portalloc.adapters.web.ApiToken;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

final class ServeCommandTest {
    private static final String SECRET = "s3cret-for-tests-0001";
    private static final String OTHER_SECRET = "s3cret-for-tests-0002";

    @Test
    void flagsSetEverySetting() {
        ServerSettings settings = parse("serve", "--http-host", "localhost", "--http-port", "9090",
                "--db-url", "jdbc:postgresql://127.0.0.1:5432/portalloc", "--db-user", "app", "--db-password", "s3cret",
                "--default-pool", "edge:20000-20999", "--reaper-interval-seconds", "2");

        assertThat(settings.httpHost()).isEqualTo("localhost");
        assertThat(settings.httpPort()).isEqualTo(9090);
        assertThat(settings.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/portalloc");
        assertThat(settings.database().user()).isEqualTo("app");
        assertThat(settings.database().password()).isEqualTo("s3cret");
        assertThat(settings.defaultPool()).contains(new DefaultPool(PoolName.of("edge"), PortRange.of(20000, 20999)));
        assertThat(settings.reaperInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void withoutFlagsTheDocumentedDefaultsApply() {
        // Run without the variables serve reads (the build's own PORTALLOC_TEST_* and PORTALLOC_SOAK* are
        // for the tests), the defaults are those of DESIGN.md.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv().keySet().stream()
                .noneMatch(k -> k.startsWith("PORTALLOC_") && !k.startsWith("PORTALLOC_TEST_")
                        && !k.startsWith("PORTALLOC_SOAK")));
        ServerSettings settings = parse("serve");

        assertThat(settings.httpHost()).isEqualTo("127.0.0.1");
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.database().url()).isEqualTo("jdbc:h2:file:./data/portalloc");
        assertThat(settings.database().user()).isEqualTo("sa");
        assertThat(settings.database().password()).isEmpty();
        assertThat(settings.defaultPool()).contains(new DefaultPool(PoolName.of("default"), PortRange.of(10000, 19999)));
        assertThat(settings.reaperInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.accessPolicy().requiresToken()).isFalse();
        assertThat(settings.insecureNoAuth()).isFalse();
        assertThat(settings.tls()).isEmpty();
    }

    @Test
    void aReaperIntervalOutsideOneSecondToAnHourIsRefused() {
        for (String seconds : new String[] {"0", "-1", "3601", "x"}) {
            assertThatThrownBy(() -> parse("serve", "--reaper-interval-seconds", seconds))
                    .as(seconds).isInstanceOf(CommandLine.ParameterException.class);
        }
    }

    @Test
    void noneDisablesTheDefaultPool() {
        assertThat(parse("serve", "--default-pool", "none").defaultPool()).isEmpty();
    }

    @Test
    void aMalformedDefaultPoolIsRefused() {
        for (String spec : new String[] {"default", "default:1-", "Default:1-2", "default:0-10", "default:20-10", "x:1-70000"}) {
            assertThatThrownBy(() -> parse("serve", "--default-pool", spec))
                    .as(spec).isInstanceOf(CommandLine.ParameterException.class);
        }
    }

    @Test
    void aNonLoopbackHostIsRefusedWithoutAccessControlSayingWhatToDo() {
        for (String host : new String[] {"0.0.0.0", "::", "192.0.2.1", "no-such-host.invalid"}) {
            assertThatThrownBy(() -> parse("serve", "--http-host", host))
                    .as(host)
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("refusing to serve on '" + host + "' without access control")
                    .hasMessageContaining("--api-tokens")
                    .hasMessageContaining("loopback")
                    .hasMessageContaining("--insecure-no-auth");
        }
    }

    @Test
    void aLoopbackHostNeedsNoTokens() {
        for (String host : new String[] {"127.0.0.1", "::1", "localhost", "127.0.0.2"}) {
            ServerSettings settings = parse("serve", "--http-host", host);
            assertThat(settings.accessPolicy().requiresToken()).as(host).isFalse();
            assertThat(settings.insecureNoAuth()).isFalse();
        }
    }

    @Test
    void anEmptyHostIsRefused() {
        assertThatThrownBy(() -> parse("serve", "--http-host", ""))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--http-host");
    }

    @Test
    void withTokensAnyHostIsServedAndEveryRequestNeedsOne() {
        ServerSettings settings = parse("serve", "--http-host", "0.0.0.0",
                "--api-tokens", "deployer:rw:" + SECRET + ",dashboard:ro:" + OTHER_SECRET);

        assertThat(settings.accessPolicy().requiresToken()).isTrue();
        assertThat(settings.accessPolicy().tokens()).extracting(ApiToken::name, ApiToken::scope).containsExactly(
                tuple("deployer", ApiToken.Scope.READ_WRITE), tuple("dashboard", ApiToken.Scope.READ_ONLY));
        assertThat(settings.toString()).doesNotContain(SECRET, OTHER_SECRET);
    }

    @Test
    void tokensAreReadFromAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tokens"), "# who may call\ndeployer:rw:" + SECRET + "\n\n");

        ServerSettings settings = parse("serve", "--http-host", "0.0.0.0", "--api-tokens", "@" + file);

        assertThat(settings.accessPolicy().tokens()).extracting(ApiToken::name).containsExactly("deployer");
    }

    @Test
    void badTokensStopTheServerBeforeItStartsWithoutShowingTheSecret() {
        String[][] cases = {
                {"a:rw:" + SECRET + ",a:ro:" + OTHER_SECRET, "same name"},
                {"a:rw:", "the secret is empty"},
                {"a:admin:" + SECRET, "the scope must be 'rw' (read-write) or 'ro' (read-only)"},
                {"a:rw:tooShort" , "at least 16 characters"},
                {"a:rw:" + SECRET + ",b:rw:" + SECRET, "same secret"},
        };
        for (String[] bad : cases) {
            assertThatThrownBy(() -> parse("serve", "--api-tokens", bad[0]))
                    .as(bad[1])
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining(bad[1])
                    .hasMessageNotContaining(SECRET)
                    .hasMessageNotContaining(OTHER_SECRET)
                    .hasMessageNotContaining("tooShort");
        }
        assertThatThrownBy(() -> parse("serve", "--api-tokens", "@/no/such/file"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("/no/such/file");
    }

    @Test
    void insecureNoAuthAllowsANonLoopbackHostWithoutTokens() {
        ServerSettings settings = parse("serve", "--http-host", "0.0.0.0", "--insecure-no-auth");

        assertThat(settings.insecureNoAuth()).isTrue();
        assertThat(settings.accessPolicy().requiresToken()).isFalse();
    }

    @Test
    void insecureNoAuthCanBeSpelledOutAndFalseMeansNo() {
        assertThat(parse("serve", "--http-host", "0.0.0.0", "--insecure-no-auth=true").insecureNoAuth()).isTrue();
        assertThatThrownBy(() -> parse("serve", "--http-host", "0.0.0.0", "--insecure-no-auth=false"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("without access control");
        assertThatThrownBy(() -> parse("serve", "--insecure-no-auth=yes"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void insecureNoAuthAndTokensExcludeEachOther() {
        assertThatThrownBy(() -> parse("serve", "--insecure-no-auth", "--api-tokens", "a:rw:" + SECRET))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("exclude each other");
    }

    @Test
    void aTlsKeystoreIsOpenedBeforeTheServerStarts(@TempDir Path dir) throws Exception {
        Path keystore = Keystores.create(dir, "keystore-pass-1");

        ServerSettings settings = parse("serve", "--tls-keystore", keystore.toString(),
                "--tls-keystore-password", "keystore-pass-1");

        assertThat(settings.tls()).isPresent();
        assertThat(settings.tls().get().path()).isEqualTo(keystore);
        assertThat(settings.toString()).doesNotContain("keystore-pass-1");
    }

    @Test
    void aTlsKeystoreThatCannotBeOpenedIsRefusedWithoutShowingThePassword(@TempDir Path dir) throws Exception {
        Path keystore = Keystores.create(dir, "keystore-pass-1");

        assertThatThrownBy(() -> parse("serve", "--tls-keystore", keystore.toString(), "--tls-keystore-password", "guess-123"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("cannot open TLS keystore")
                .hasMessageNotContaining("guess-123");
        assertThatThrownBy(() -> parse("serve", "--tls-keystore", dir.resolve("missing.p12").toString()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("missing.p12");
        assertThatThrownBy(() -> parse("serve", "--tls-keystore-password", "keystore-pass-1"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--tls-keystore");
    }

    @Test
    void helpListsTheSecurityOptionsAndTheirVariables() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));

        commandLine.execute("serve", "--help");

        assertThat(out.toString()).contains("--api-tokens", "--insecure-no-auth", "--tls-keystore",
                "--tls-keystore-password", "PORTALLOC_API_TOKENS", "PORTALLOC_TLS_KEYSTORE_PASSWORD");
    }

    @Test
    void anUnknownFlagFailsWithUsage() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute("serve", "--no-such-flag");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-flag", "Usage:");
    }

    private static ServerSettings parse(String... args) {
        CommandLine commandLine = Main.commandLine();
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        ServeCommand serve = (ServeCommand) result.subcommand().commandSpec().userObject();
        return serve.settings();
    }
}
