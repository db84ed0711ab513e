package dev.portalloc.adapters.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value loaded at most once per freshness window. Callers that arrive while a load is running wait for
 * it and share its result instead of loading again. The loader must not throw.
 */
final class Cached<T> {
    private record Entry<T>(T value, Instant loadedAt) {
    }

    private final Duration freshness;
    private final Clock clock;
    private final Supplier<T> loader;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Entry<T> entry;

    Cached(Duration freshness, Clock clock, Supplier<T> loader) {
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.loader = Objects.requireNonNull(loader, "loader");
        if (freshness.isNegative()) {
            throw new IllegalArgumentException("freshness must not be negative (got " + freshness + ")");
        }
    }

    T get() {
        Entry<T> seen = entry;
        if (seen != null && isFresh(seen)) {
            return seen.value();
        }
        loading.lock();
        try {
            Entry<T> current = entry;
            // Another caller loaded while this one waited: share its result, even if the window is tiny.
            if (current != seen || (current != null && isFresh(current))) {
                return current.value();
            }
            // The time before the load, so that the value is never taken for fresher than it is.
            Instant loadedAt = clock.instant();
            T value = loader.get();
            entry = new Entry<>(value, loadedAt);
            return value;
        } finally {
            loading.unlock();
        }
    }

    private boolean isFresh(Entry<T> entry) {
        Instant now = clock.instant();
        // A clock that went backwards must not stretch the window.
        return !now.isBefore(entry.loadedAt()) && now.isBefore(entry.loadedAt().plus(freshness));
    }
}
