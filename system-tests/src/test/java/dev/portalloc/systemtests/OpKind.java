package dev.portalloc.systemtests;

import java.util.Set;

/** What a client asked for; each kind has the statuses a correct server may answer it with. */
enum OpKind {
    ALLOCATE_ONE("allocate-1", Set.of(200, 201, 409, 503)),
    ALLOCATE_N("allocate-n", Set.of(200, 201, 409, 503)),
    SPECIFIC("specific-ports", Set.of(200, 201, 409, 503)),
    CONTIGUOUS("contiguous", Set.of(200, 201, 409, 503)),
    LEASE("lease", Set.of(200, 201, 409, 503)),
    RENEW("renew", Set.of(200, 503)),
    RELEASE("release-by-id", Set.of(204, 404, 503)),
    RESET("deployment-reset", Set.of(200, 503)),
    READ("read", Set.of(200, 404, 503));

    private final String label;
    private final Set<Integer> expectedStatuses;

    OpKind(String label, Set<Integer> expectedStatuses) {
        this.label = label;
        this.expectedStatuses = expectedStatuses;
    }

    String label() {
        return label;
    }

    boolean allocates() {
        return this == ALLOCATE_ONE || this == ALLOCATE_N || this == SPECIFIC || this == CONTIGUOUS || this == LEASE;
    }

    boolean expects(int status) {
        return expectedStatuses.contains(status);
    }
}
