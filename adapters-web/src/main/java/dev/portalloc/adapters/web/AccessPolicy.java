package dev.portalloc.adapters.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the {@code /v1} API: either anybody who can reach it ({@link #open()}), or only
 * requests carrying one of a set of bearer tokens ({@link #tokens}). {@code /health/*} and
 * {@code /metrics} are open either way.
 */
public final class AccessPolicy {
    private static final AccessPolicy OPEN = new AccessPolicy(List.of());

    private final List<ApiToken> tokens;

    private AccessPolicy(List<ApiToken> tokens) {
        this.tokens = tokens;
    }

    /**
     * No access control: every request may do everything, and events record no actor. Fit only for a
     * server nobody else can reach.
     */
    public static AccessPolicy open() {
        return OPEN;
    }

    /**
     * Every {@code /v1} request needs one of these tokens.
     *
     * @throws IllegalArgumentException when there are none, or two share a name or a secret
     */
    public static AccessPolicy tokens(Collection<ApiToken> tokens) {
        List<ApiToken> copy = List.copyOf(Objects.requireNonNull(tokens, "tokens"));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("at least one API token is required; use AccessPolicy.open() for none");
        }
        for (int i = 0; i < copy.size(); i++) {
            for (int j = i + 1; j < copy.size(); j++) {
                if (copy.get(i).name().equals(copy.get(j).name())) {
                    throw new IllegalArgumentException("two API tokens are named '" + copy.get(i).name() + "'");
                }
                if (copy.get(i).sharesSecretWith(copy.get(j))) {
                    throw new IllegalArgumentException("API tokens '" + copy.get(i).name() + "' and '"
                            + copy.get(j).name() + "' have the same secret");
                }
            }
        }
        return new AccessPolicy(copy);
    }

    /** Whether requests need a token. */
    public boolean requiresToken() {
        return !tokens.isEmpty();
    }

    /** The tokens accepted, in the order given; empty when the API is open. */
    public List<ApiToken> tokens() {
        return tokens;
    }

    /**
     * The token whose secret is {@code presented}. Every token is compared, whether or not an earlier
     * one matched, so that the time taken does not tell which one (or whether any) did.
     */
    Optional<ApiToken> find(String presented) {
        byte[] digest = ApiToken.digest(presented);
        ApiToken found = null;
        for (ApiToken token : tokens) {
            if (token.matches(digest) && found == null) {
                found = token;
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        if (tokens.isEmpty()) {
            return "AccessPolicy[open]";
        }
        List<String> names = new ArrayList<>();
        tokens.forEach(token -> names.add(token.toString()));
        return "AccessPolicy[tokens=" + String.join(", ", names) + "]";
    }
}
