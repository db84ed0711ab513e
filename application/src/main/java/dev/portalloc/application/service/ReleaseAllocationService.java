package dev.portalloc.application.service;

import dev.portalloc.application.port.in.ReleaseAllocationCommand;
import dev.portalloc.application.port.in.ReleaseAllocationUseCase;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

public final class ReleaseAllocationService implements ReleaseAllocationUseCase {
    private final GroupCommitter committer;

    ReleaseAllocationService(GroupCommitter committer) {
        this.committer = Objects.requireNonNull(committer);
    }

    @Override
    public void releaseAllocation(ReleaseAllocationCommand command) {
        // The batch finds the allocation's pool, locks it, and reads the allocation again under the lock: a
        // concurrent release may have won, and an expired allocation is released as expired first.
        committer.release(command.id(), command.actor());
    }

    @Override
    public CompletableFuture<Void> releaseAllocationAsync(ReleaseAllocationCommand command) {
        return committer.releaseAsync(command.id(), command.actor());
    }
}
