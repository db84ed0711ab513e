package dev.portalloc.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class NamesTest {

    // ---- pool: ^[a-z0-9][a-z0-9._-]{0,62}$ ----

    @ParameterizedTest
    @ValueSource(strings = {"default", "a", "0", "pool-1", "host_a.eu-west", "9.9.9", "a..", "x-", "a_b"})
    void poolAcceptsNamesMatchingTheRule(String value) {
        assertThat(PoolName.of(value).value()).isEqualTo(value);
        assertThat(PoolName.of(value)).hasToString(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Default", "POOL", "pool A", "-pool", ".pool", "_pool", "../x", "..", "a/b",
            "a\\b", "pool\n", "\npool", "po\u0000ol", "pool\t", "p\u007fool", "pööl", "pool\u00e9", "\u0440ool",
            "pool\u200b", "\uD83D\uDE00", "pool:1", "pool$", " pool", "pool "})
    void poolRejectsNamesOutsideTheRule(String value) {
        assertThatThrownBy(() -> PoolName.of(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("pool"));
    }

    @Test
    void poolNameLengthLimitIs63() {
        assertThat(PoolName.of("p".repeat(63)).value()).hasSize(63);
        assertThatThrownBy(() -> PoolName.of("p".repeat(64))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void poolRejectsNull() {
        assertThatThrownBy(() -> PoolName.of(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void poolNamesOrderByValueAndCompareByValue() {
        assertThat(PoolName.of("a")).isLessThan(PoolName.of("b"));
        assertThat(PoolName.of("pool-10")).isLessThan(PoolName.of("pool-9"));
        assertThat(PoolName.of("x")).isEqualTo(new PoolName("x")).hasSameHashCodeAs(new PoolName("x"));
    }

    // ---- deployment and service: ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ ----

    @ParameterizedTest
    @ValueSource(strings = {"dep-42", "D", "7", "RabbitMQ", "api_v2.internal", "A-b_C.d", "x.."})
    void deploymentAndServiceAcceptNamesMatchingTheRule(String value) {
        assertThat(DeploymentName.of(value).value()).isEqualTo(value);
        assertThat(ServiceName.of(value).value()).isEqualTo(value);
        assertThat(DeploymentName.of(value)).hasToString(value);
        assertThat(ServiceName.of(value)).hasToString(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-dep", ".dep", "_dep", "../x", "..", "dep/1", "dep 1", "dep\n", "d\u0000",
            "dep\r", "d\u001b[31m", "dép", "\u0414ep", "dep\u2028", "\uD83D\uDE00", "dep;drop", "dep%2F", " dep"})
    void deploymentAndServiceRejectNamesOutsideTheRule(String value) {
        assertThatThrownBy(() -> DeploymentName.of(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("deployment"));
        assertThatThrownBy(() -> ServiceName.of(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("service"));
    }

    @Test
    void deploymentAndServiceLengthLimitIs128() {
        assertThat(DeploymentName.of("d".repeat(128)).value()).hasSize(128);
        assertThat(ServiceName.of("s".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> DeploymentName.of("d".repeat(129))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ServiceName.of("s".repeat(129))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void deploymentAndServiceRejectNull() {
        assertThatThrownBy(() -> DeploymentName.of(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ServiceName.of(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void uppercaseIsAllowedForDeploymentsButNotPools() {
        assertThat(DeploymentName.of("Dep").value()).isEqualTo("Dep");
        assertThatThrownBy(() -> PoolName.of("Dep")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectionMessagesEscapeControlCharactersAndStayBounded() {
        assertMessageIsSafe(PoolName::of, "bad\nname\u0000\u001b");
        assertMessageIsSafe(DeploymentName::of, "x".repeat(10_000) + "!");
        assertMessageIsSafe(ServiceName::of, "\"quoted\\\"");
    }

    private static void assertMessageIsSafe(Function<String, ?> factory, String value) {
        assertThatThrownBy(() -> factory.apply(value))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    String message = e.getMessage();
                    assertThat(message).hasSizeLessThan(300);
                    assertThat(message.chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
                });
    }
}
