package dev.portalloc.systemtests;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class PostgresUrlTest {

    @Test
    void theAdminAndSoakDatabasesKeepServerAndCredentials() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5432/portalloc_ci_1?user=postgres&password=s%26cret");

        assertThat(url.adminUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=s%26cret");
        assertThat(url.withDatabase("portalloc_soak_1"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/portalloc_soak_1?user=postgres&password=s%26cret");
        assertThat(url.user()).contains("postgres");
        assertThat(url.password()).contains("s&cret");
        assertThat(url.toString()).doesNotContain("cret").contains("password=***");
    }

    @Test
    void aUrlWithoutParametersOrDatabaseStillNamesTheServer() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://db.internal");

        assertThat(url.adminUrl()).isEqualTo("jdbc:postgresql://db.internal/postgres");
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
    }

    @Test
    void onlyPostgresUrlsAreAccepted() {
        assertThatThrownBy(() -> PostgresUrl.parse("jdbc:h2:mem:x")).isInstanceOf(IllegalArgumentException.class);
    }
}
