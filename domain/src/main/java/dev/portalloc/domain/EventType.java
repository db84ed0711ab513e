package dev.portalloc.domain;

/** What a recorded change was. */
public enum EventType {
    ALLOCATED("allocated"),
    RELEASED("released"),
    EXPIRED("expired"),
    POOL_CREATED("pool-created"),
    POOL_CHANGED("pool-changed"),
    POOL_DELETED("pool-deleted");

    private final String code;

    EventType(String code) {
        this.code = code;
    }

    /** The name clients see, e.g. {@code pool-created}. */
    public String code() {
        return code;
    }

    public static EventType ofCode(String code) {
        for (EventType type : values()) {
            if (type.code.equals(code)) {
                return type;
            }
        }
        throw new InvalidInputException("type", "unknown event type '" + code + "'");
    }
}
