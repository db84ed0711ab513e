package dev.portalloc.application.port.in;

/** Reads the audit history; see {@link dev.portalloc.application.port.out.EventLog} for its ordering guarantee. */
public interface ListEventsUseCase {
    EventPage listEvents(ListEventsQuery query);
}
