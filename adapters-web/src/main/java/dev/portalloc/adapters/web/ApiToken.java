package dev.portalloc.adapters.web;

import dev.portalloc.application.port.in.Actor;
import dev.portalloc.domain.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One bearer token the API accepts: a name (the {@code actor} of the events its requests cause), a
 * scope and a secret. Only a SHA-256 digest of the secret is kept, so a token can be logged, dumped or
 * printed without giving the secret away.
 *
 * <p>Messages about a refused token never repeat what was given, not even the name: an entry written
 * in the wrong order would otherwise put its secret into the log.
 */
public final class ApiToken {
    /** The shortest secret accepted: 16 characters. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** The longest secret accepted; far beyond any generated token, short of any header limit. */
    public static final int MAX_SECRET_LENGTH = 1024;
    /**
     * What a secret may be made of: the {@code b64token} of RFC 6750, which is what fits in an
     * {@code Authorization: Bearer} header as it is (hex, base64 and base64url all qualify).
     */
    /** RFC 6750's b64token: what a bearer header can carry, so what a secret may be made of. */
    static final String B64TOKEN = "[A-Za-z0-9._~+/-]+=*";
    private static final Pattern SECRET = Pattern.compile(B64TOKEN);

    /** What a token may do. */
    public enum Scope {
        /** Every request. */
        READ_WRITE("rw"),
        /** GET (and HEAD) requests only. */
        READ_ONLY("ro");

        private final String code;

        Scope(String code) {
            this.code = code;
        }

        /** {@code rw} or {@code ro}, as written in token configuration. */
        public String code() {
            return code;
        }

        /** The scope written as {@code rw} or {@code ro}. */
        public static Scope ofCode(String code) {
            for (Scope scope : values()) {
                if (scope.code.equals(code)) {
                    return scope;
                }
            }
            throw new IllegalArgumentException("the scope must be 'rw' (read-write) or 'ro' (read-only)");
        }
    }

    private final Actor actor;
    private final Scope scope;
    private final byte[] secretDigest;

    private ApiToken(Actor actor, Scope scope, byte[] secretDigest) {
        this.actor = actor;
        this.scope = scope;
        this.secretDigest = secretDigest;
    }

    /**
     * @param name   the token's name: {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$}
     * @param secret at least {@value #MIN_SECRET_LENGTH} characters of {@code A-Z a-z 0-9 - . _ ~ + /},
     *               optionally followed by {@code =} padding
     * @throws IllegalArgumentException naming the rule broken, never the value given
     */
    public static ApiToken of(String name, Scope scope, String secret) {
        Objects.requireNonNull(scope, "scope");
        Actor actor;
        try {
            actor = Actor.of(name);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("the token name must match ^" + Actor.NAME.pattern() + "$");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the secret is empty");
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the secret must be at least " + MIN_SECRET_LENGTH
                    + " characters long (e.g. 'openssl rand -hex 32')");
        }
        if (secret.length() > MAX_SECRET_LENGTH) {
            throw new IllegalArgumentException("the secret must be at most " + MAX_SECRET_LENGTH + " characters long");
        }
        if (!SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("the secret may contain only letters, digits and - . _ ~ + / "
                    + "(with '=' padding at the end), so that it can be sent as a bearer token");
        }
        return new ApiToken(actor, scope, digest(secret));
    }

    public String name() {
        return actor.name();
    }

    public Scope scope() {
        return scope;
    }

    /** The name as the actor of the events this token's requests cause. */
    Actor actor() {
        return actor;
    }

    /**
     * Whether {@code presentedDigest} is this token's secret's digest. Digests have one length, and
     * {@link MessageDigest#isEqual} looks at every byte of it: the time taken says nothing about how
     * much of a guess was right.
     */
    boolean matches(byte[] presentedDigest) {
        return MessageDigest.isEqual(secretDigest, presentedDigest);
    }

    /** Whether two tokens were given the same secret (one request could not tell them apart). */
    boolean sharesSecretWith(ApiToken other) {
        return MessageDigest.isEqual(secretDigest, other.secretDigest);
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform has SHA-256.
            throw new IllegalStateException(e);
        }
    }

    /** The name and scope; never the secret or anything derived from it. */
    @Override
    public String toString() {
        return actor.name() + " (" + scope.code() + ")";
    }
}
