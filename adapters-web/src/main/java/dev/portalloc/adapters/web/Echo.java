package dev.portalloc.adapters.web;

/**
 * Puts a value taken from a request (a name, a JSON key, a query parameter) into a message safely:
 * at most {@value #MAX_CODE_POINTS} code points, control characters replaced. JSON escaping is the
 * writer's; this keeps problem bodies small and readable whatever was sent.
 */
final class Echo {
    static final int MAX_CODE_POINTS = 64;

    private Echo() {
    }

    static String of(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(MAX_CODE_POINTS)
                .forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        if (value.codePointCount(0, value.length()) > MAX_CODE_POINTS) {
            out.append("...");
        }
        return out.toString();
    }
}
