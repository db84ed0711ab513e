package dev.portalloc.domain;

import java.util.regex.Pattern;

/** The naming rules shared by the name value objects. */
final class Names {
    static final Pattern POOL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final Pattern DEPLOYMENT_OR_SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Names() {
    }

    static String require(String field, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new InvalidInputException(field, field + " must match ^" + pattern.pattern() + "$"
                    + (value == null ? "" : " (got " + quoteForMessage(value) + ")"));
        }
        return value;
    }

    /** Echoes a rejected value safely: bounded length, control characters escaped. */
    private static String quoteForMessage(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().limit(64).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || cp == '"' || cp == '\\') {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (value.codePointCount(0, value.length()) > 64) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
