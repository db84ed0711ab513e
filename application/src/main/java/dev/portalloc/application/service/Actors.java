package dev.portalloc.application.service;

import dev.portalloc.application.port.in.Actor;

import java.util.Optional;

/** How an actor is written into an event. */
final class Actors {
    private Actors() {
    }

    /** The actor's name, or {@code null} when the change was made on nobody's behalf in particular. */
    static String nameOf(Optional<Actor> actor) {
        return actor.map(Actor::name).orElse(null);
    }
}
