package dev.portalloc.application.service;

import dev.portalloc.application.port.in.EventPage;
import dev.portalloc.application.port.in.ListEventsQuery;
import dev.portalloc.application.port.in.ListEventsUseCase;
import dev.portalloc.application.port.out.EventLog;
import dev.portalloc.application.port.out.TransactionRunner;
import dev.portalloc.domain.Event;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** Reads the audit history. */
public final class EventQueryService implements ListEventsUseCase {
    private final EventLog events;
    private final TransactionRunner transactions;

    public EventQueryService(EventLog events, TransactionRunner transactions) {
        this.events = Objects.requireNonNull(events);
        this.transactions = Objects.requireNonNull(transactions);
    }

    @Override
    public EventPage listEvents(ListEventsQuery query) {
        // Not read-only: the log may need to write to fix the order of newly committed events.
        List<Event> page = transactions.inTransaction(
                () -> events.read(query.after(), query.limit(), query.pool(), query.deployment()));
        OptionalLong next = page.size() == query.limit()
                ? OptionalLong.of(page.get(page.size() - 1).seq())
                : OptionalLong.empty();
        return new EventPage(page, next);
    }
}
