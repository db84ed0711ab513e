package dev.portalloc.bootstrap;

import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class ServeCommandTest {

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
        // Run with no PORTALLOC_* variables set (as the build does), the defaults are those of DESIGN.md.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv().keySet().stream()
                .noneMatch(k -> k.startsWith("PORTALLOC_") && !k.startsWith("PORTALLOC_TEST")));
        ServerSettings settings = parse("serve");

        assertThat(settings.httpHost()).isEqualTo("127.0.0.1");
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.database().url()).isEqualTo("jdbc:h2:file:./data/portalloc");
        assertThat(settings.database().user()).isEqualTo("sa");
        assertThat(settings.database().password()).isEmpty();
        assertThat(settings.defaultPool()).contains(new DefaultPool(PoolName.of("default"), PortRange.of(10000, 19999)));
        assertThat(settings.reaperInterval()).isEqualTo(Duration.ofSeconds(5));
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
    void aNonLoopbackHostIsRefusedWithoutAccessControl() {
        assertThatThrownBy(() -> parse("serve", "--http-host", "0.0.0.0"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("loopback");
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
