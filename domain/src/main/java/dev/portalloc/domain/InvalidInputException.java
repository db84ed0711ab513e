package dev.portalloc.domain;

/** An input outside the rules: a bad name, a count or port out of bounds, inconsistent members. */
public final class InvalidInputException extends DomainException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input member at fault, e.g. {@code "count"} or {@code "ports"}. */
    public String field() {
        return field;
    }
}
