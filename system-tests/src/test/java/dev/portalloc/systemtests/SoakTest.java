package dev.portalloc.systemtests;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The multi-process soak of issue 4: three instances of the real jar on one PostgreSQL database, at
 * least 32 clients for at least 60 s, an instance killed with SIGKILL, PostgreSQL restarted, an instance
 * stopped with SIGTERM, then every invariant checked from the responses, the event log and the database.
 * Runs only with {@code PORTALLOC_SOAK=true} (see {@link SoakSettings}); takes about two minutes.
 * Figures: {@code target/soak-report.txt} and {@code target/soak-report.json}.
 */
final class SoakTest {

    @Test
    void threeInstancesUnderLoadAndFaultsNeverLoseOrDoubleAPort() throws Exception {
        SoakSettings settings = SoakSettings.from(System.getenv());
        Assumptions.assumeTrue(settings.enabled(), SoakSettings.ENABLE + " is not true: the multi-process soak"
                + " (about two minutes, needs PostgreSQL) is skipped");
        if (settings.postgresUrl().isEmpty()) {
            if (settings.requirePostgres()) {
                Assertions.fail(SoakSettings.REQUIRE_POSTGRES + "=true but " + SoakSettings.POSTGRES_URL + " is not set");
            }
            Assumptions.abort(SoakSettings.POSTGRES_URL + " is not set: the soak needs PostgreSQL and is skipped");
        }
        Path jar = Path.of(System.getProperty("portalloc.jar", "../bootstrap/target/portalloc.jar"))
                .toAbsolutePath().normalize();
        assertThat(jar).as("the runnable jar; build it first with ./mvnw -B -o install -DskipTests").isRegularFile();
        Path reportDir = Path.of(System.getProperty("portalloc.soak.reportDir", "target")).toAbsolutePath();
        Files.createDirectories(reportDir);

        SoakRun.Result result = new SoakRun(settings, jar, reportDir).run();

        assertThat(result.violations().counts())
                .as("violations (details in %s):%n%s", reportDir.resolve(SoakReport.TEXT), result.summary())
                .isEmpty();
        if (settings.expectExitZero()) {
            assertThat(result.sigtermExitCode()).as("exit code after SIGTERM").contains(0);
        }
    }
}
