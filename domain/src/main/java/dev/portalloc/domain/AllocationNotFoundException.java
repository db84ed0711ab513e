package dev.portalloc.domain;

public final class AllocationNotFoundException extends DomainException {
    private final String allocationId;

    public AllocationNotFoundException(String allocationId) {
        super("allocation '" + allocationId + "' does not exist");
        this.allocationId = allocationId;
    }

    public String allocationId() {
        return allocationId;
    }
}
