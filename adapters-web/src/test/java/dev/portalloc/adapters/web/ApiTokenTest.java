package dev.portalloc.adapters.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules for one token and for a set of them; nothing secret ever shows. */
class ApiTokenTest {
    private static final String SECRET = "0123456789abcdef";

    @Test
    void aTokenHasANameAScopeAndNoVisibleSecret() {
        ApiToken token = ApiToken.of("deployer", ApiToken.Scope.READ_WRITE, "s3cret-" + SECRET);

        assertThat(token.name()).isEqualTo("deployer");
        assertThat(token.scope()).isEqualTo(ApiToken.Scope.READ_WRITE);
        assertThat(token.actor().name()).isEqualTo("deployer");
        assertThat(token).hasToString("deployer (rw)");
        assertThat(ApiToken.of("dashboard", ApiToken.Scope.READ_ONLY, SECRET)).hasToString("dashboard (ro)");
    }

    @Test
    void scopesAreWrittenRwAndRoOnly() {
        assertThat(ApiToken.Scope.ofCode("rw")).isEqualTo(ApiToken.Scope.READ_WRITE);
        assertThat(ApiToken.Scope.ofCode("ro")).isEqualTo(ApiToken.Scope.READ_ONLY);
        for (String bad : new String[] {"RW", "r", "rwx", "read", "", " rw", null}) {
            assertThatThrownBy(() -> ApiToken.Scope.ofCode(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rw'").hasMessageContaining("'ro'");
        }
    }

    @Test
    void theSecretHasAMinimumLengthAndTheMessageSaysWhich() {
        String fifteen = SECRET.substring(1);

        assertThatThrownBy(() -> ApiToken.of("a", ApiToken.Scope.READ_WRITE, fifteen))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 characters")
                .hasMessageNotContaining(fifteen);
        assertThat(ApiToken.of("a", ApiToken.Scope.READ_WRITE, SECRET).name()).isEqualTo("a");
        assertThat(ApiToken.MIN_SECRET_LENGTH).isEqualTo(16);
    }

    @Test
    void anEmptySecretIsRefusedAsEmpty() {
        assertThatThrownBy(() -> ApiToken.of("a", ApiToken.Scope.READ_WRITE, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ApiToken.of("a", ApiToken.Scope.READ_WRITE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef 0", "0123456789abcdef:0", "0123456789abcdef,0", "0123456789abcdef\"",
            "0123456789abcdef\u00e9", "0123456789abcdef\t", "=0123456789abcdef", "0123456789abcdef=x"})
    void aSecretThatCannotBeSentAsABearerTokenIsRefusedWithoutBeingEchoed(String secret) {
        assertThatThrownBy(() -> ApiToken.of("a", ApiToken.Scope.READ_WRITE, secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bearer token")
                .hasMessageNotContaining("0123456789abcdef");
    }

    @Test
    void hexBase64AndBase64UrlSecretsAreAccepted() {
        for (String secret : new String[] {"9f86d081884c7d659a2feaa0c55ad015", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
                "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg", "a.b~c-d_e+f/g0123=="}) {
            assertThat(ApiToken.of("t", ApiToken.Scope.READ_ONLY, secret).name()).isEqualTo("t");
        }
    }

    @Test
    void anOverlongSecretIsRefused() {
        assertThatThrownBy(() -> ApiToken.of("a", ApiToken.Scope.READ_WRITE, "a".repeat(ApiToken.MAX_SECRET_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", "a b", "a:b", "\u00e9t\u00e9", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefX"})
    void aBadNameIsRefusedWithoutBeingEchoed(String name) {
        assertThatThrownBy(() -> ApiToken.of(name, ApiToken.Scope.READ_WRITE, SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token name must match")
                .satisfies(e -> {
                    if (!name.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(name);
                    }
                });
    }

    @Test
    void aPolicyFindsTheTokenWhoseSecretIsPresentedAndNoOther() {
        ApiToken deployer = ApiToken.of("deployer", ApiToken.Scope.READ_WRITE, SECRET + "-deployer");
        ApiToken dashboard = ApiToken.of("dashboard", ApiToken.Scope.READ_ONLY, SECRET + "-dashboard");
        AccessPolicy policy = AccessPolicy.tokens(List.of(deployer, dashboard));

        assertThat(policy.requiresToken()).isTrue();
        assertThat(policy.find(SECRET + "-deployer")).containsSame(deployer);
        assertThat(policy.find(SECRET + "-dashboard")).containsSame(dashboard);
        assertThat(policy.find(SECRET + "-deployeR")).isEmpty();
        assertThat(policy.find(SECRET)).isEmpty();
        assertThat(policy.find("")).isEmpty();
        assertThat(policy.tokens()).containsExactly(deployer, dashboard);
        assertThat(policy).hasToString("AccessPolicy[tokens=deployer (rw), dashboard (ro)]");
    }

    @Test
    void anOpenPolicyRequiresNoToken() {
        assertThat(AccessPolicy.open().requiresToken()).isFalse();
        assertThat(AccessPolicy.open().tokens()).isEmpty();
        assertThat(AccessPolicy.open()).hasToString("AccessPolicy[open]");
    }

    @Test
    void aPolicyRefusesNoTokensDuplicateNamesAndSharedSecrets() {
        assertThatThrownBy(() -> AccessPolicy.tokens(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessPolicy.tokens(List.of(ApiToken.of("a", ApiToken.Scope.READ_WRITE, SECRET + "1"),
                ApiToken.of("a", ApiToken.Scope.READ_ONLY, SECRET + "2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named 'a'");
        assertThatThrownBy(() -> AccessPolicy.tokens(List.of(ApiToken.of("a", ApiToken.Scope.READ_WRITE, SECRET),
                ApiToken.of("b", ApiToken.Scope.READ_ONLY, SECRET))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same secret")
                .hasMessageNotContaining(SECRET);
    }
}
