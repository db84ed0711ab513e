package dev.portalloc.archfixture.cycle.a;

/** Violates: no package cycles (with CycleB). */
public final class CycleA {
    public dev.portalloc.archfixture.cycle.b.CycleB other;
}
