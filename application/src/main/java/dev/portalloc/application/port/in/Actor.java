package dev.portalloc.application.port.in;

import dev.portalloc.domain.InvalidInputException;

import java.util.regex.Pattern;

/**
 * Who asks for a change, as recorded in the events it causes: the name of the API token a request
 * carried, or a name an embedding platform chooses. It is a label for the history, never a secret.
 *
 * @param name {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$}
 */
public record Actor(String name) {
    /** The names an actor may have: short and printable, so that the history stays readable. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public Actor {
        if (name == null || !NAME.matcher(name).matches()) {
            // The name is not echoed: a caller that mixed up the fields could be handing over a secret.
            throw new InvalidInputException("actor", "an actor's name must match ^" + NAME.pattern() + "$");
        }
    }

    public static Actor of(String name) {
        return new Actor(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
