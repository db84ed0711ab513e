package dev.portalloc.bootstrap;

import dev.portalloc.domain.InvalidInputException;
import dev.portalloc.domain.PoolName;
import dev.portalloc.domain.PortRange;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pool a server makes sure exists at start: {@code name:min-max}, or {@code none}. */
record DefaultPool(PoolName name, PortRange range) {
    private static final Pattern SPEC = Pattern.compile("([^:]+):(\\d{1,5})-(\\d{1,5})");

    static Optional<DefaultPool> parse(String spec) {
        if (spec.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        Matcher matcher = SPEC.matcher(spec);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("default pool must be 'name:min-max' or 'none' (got '" + spec + "')");
        }
        try {
            return Optional.of(new DefaultPool(PoolName.of(matcher.group(1)),
                    PortRange.of(Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)))));
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("default pool '" + spec + "': " + e.getMessage(), e);
        }
    }
}
