package dev.portalloc.adapters.web;

import dev.portalloc.application.port.in.AllocationPage;
import dev.portalloc.application.port.in.EventPage;
import dev.portalloc.application.port.in.PoolSummary;
import dev.portalloc.application.port.in.PortStatus;
import dev.portalloc.application.port.in.RenewalResult;
import dev.portalloc.domain.Allocation;
import dev.portalloc.domain.AllocationId;
import dev.portalloc.domain.DeploymentName;
import dev.portalloc.domain.Event;
import dev.portalloc.domain.ServiceName;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON shapes of responses, exactly as API.md states them: member names, order and nulls. Each
 * record is written as it is by {@link JsonCodec}; times are RFC 3339 UTC strings.
 */
final class Views {
    private Views() {
    }

    /** {@code hostCheck} sits with the rest of the definition; {@code warnings} is always there, often empty. */
    record PoolView(String name, int minPort, int maxPort, List<Integer> reserved, boolean hostCheck, int capacity,
                    int allocated, int available, List<String> warnings) {
        static PoolView of(PoolSummary pool) {
            return new PoolView(pool.name().value(), pool.range().min(), pool.range().max(), pool.reserved(),
                    pool.hostCheck(), pool.capacity(), pool.allocated(), pool.available(), pool.warnings());
        }
    }

    record PoolListView(List<PoolView> pools) {
        static PoolListView of(List<PoolSummary> pools) {
            return new PoolListView(pools.stream().map(PoolView::of).toList());
        }
    }

    record AllocationView(String id, String pool, String deployment, String service, List<Integer> ports,
                          String createdAt, String expiresAt) {
        static AllocationView of(Allocation allocation) {
            return new AllocationView(allocation.id().value(), allocation.pool().value(),
                    allocation.deployment().value(), allocation.service().value(), allocation.ports(),
                    time(allocation.createdAt()), time(allocation.expiresAt()));
        }
    }

    record AllocationPageView(List<AllocationView> allocations, String next) {
        static AllocationPageView of(AllocationPage page) {
            return new AllocationPageView(page.allocations().stream().map(AllocationView::of).toList(),
                    page.next().map(AllocationId::value).orElse(null));
        }
    }

    record PortStatusView(String pool, int port, String state, AllocationView allocation) {
        static PortStatusView of(PortStatus status) {
            return new PortStatusView(status.pool().value(), status.port(),
                    status.state().name().toLowerCase(Locale.ROOT),
                    status.allocation().map(AllocationView::of).orElse(null));
        }
    }

    record DeploymentView(String deployment, List<AllocationView> allocations) {
        static DeploymentView of(String deployment, List<Allocation> allocations) {
            return new DeploymentView(deployment, allocations.stream().map(AllocationView::of).toList());
        }
    }

    record DeploymentResetView(String deployment, int released) {
    }

    record RenewalView(String deployment, String expiresAt, int renewed) {
        static RenewalView of(RenewalResult result) {
            return new RenewalView(result.deployment().value(), time(result.expiresAt()), result.renewed());
        }
    }

    /** Pool events have no deployment, service or allocation: those members are {@code null}, never absent. */
    record EventView(long seq, String at, String type, String pool, String deployment, String service,
                     String allocationId, List<Integer> ports, String actor) {
        static EventView of(Event event) {
            return new EventView(event.seq(), time(event.at()), event.type().code(), event.pool().value(),
                    valueOf(event.deployment()), valueOf(event.service()), valueOf(event.allocationId()),
                    event.ports(), event.actor());
        }
    }

    /** {@code next} is the last {@code seq} of a full page as a string, like every other cursor of the API. */
    record EventPageView(List<EventView> events, String next) {
        static EventPageView of(EventPage page) {
            return new EventPageView(page.events().stream().map(EventView::of).toList(),
                    page.next().isPresent() ? Long.toString(page.next().getAsLong()) : null);
        }
    }

    record HealthView(String status) {
        static final HealthView UP = new HealthView("UP");
        static final HealthView DOWN = new HealthView("DOWN");
    }

    private static String valueOf(DeploymentName name) {
        return name == null ? null : name.value();
    }

    private static String valueOf(ServiceName name) {
        return name == null ? null : name.value();
    }

    private static String valueOf(AllocationId id) {
        return id == null ? null : id.value();
    }

    /** {@link Instant#toString()} is ISO-8601 in UTC with a {@code Z}: valid RFC 3339. */
    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
