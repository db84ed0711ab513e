package dev.portalloc.application.port.in;

import dev.portalloc.domain.Event;

import java.util.List;
import java.util.OptionalLong;

/**
 * A page of events, and the {@code after} of the next page when this one is full. A client following the
 * history polls with the last {@code seq} it has seen.
 */
public record EventPage(List<Event> events, OptionalLong next) {
    public EventPage {
        events = List.copyOf(events);
    }
}
