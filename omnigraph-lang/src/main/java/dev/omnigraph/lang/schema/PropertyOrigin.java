package dev.omnigraph.lang.schema;

import java.util.List;

/**
 * Where a node property comes from: declared in the node, and/or required by the listed interface
 * properties (sorted, without duplicates).
 */
public record PropertyOrigin(
    boolean declaredDirectly, List<InterfaceProperty> interfaceProperties) {
  public PropertyOrigin {
    interfaceProperties = List.copyOf(interfaceProperties);
  }

  /** A property {@code propertyName} of interface {@code interfaceName}. */
  public record InterfaceProperty(String interfaceName, String propertyName)
      implements Comparable<InterfaceProperty> {
    @Override
    public int compareTo(InterfaceProperty o) {
      int c = interfaceName.compareTo(o.interfaceName);
      return c != 0 ? c : propertyName.compareTo(o.propertyName);
    }
  }
}
