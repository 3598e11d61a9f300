package dev.omnigraph.cli;

import java.util.Objects;

/**
 * A verb as the addressing rules see it: its full name ({@code branch delete}), its capability, and
 * whether it writes (writes echo their target, and only writes would take an actor).
 */
record Verb(String name, Capability capability, boolean writes) {
  Verb {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(capability, "capability");
  }

  static Verb read(String name, Capability capability) {
    return new Verb(name, capability, false);
  }

  static Verb write(String name, Capability capability) {
    return new Verb(name, capability, true);
  }
}
