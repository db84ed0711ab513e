package dev.portalloc.archfixture.cycle.b;

/** Violates: no package cycles (with CycleA). */
public final class CycleB {
    public dev.portalloc.archfixture.cycle.a.CycleA other;
}
