package dev.portalloc.domain;

/** What a single port of a pool is right now. */
public enum PortState {
    FREE, ALLOCATED, RESERVED
}
