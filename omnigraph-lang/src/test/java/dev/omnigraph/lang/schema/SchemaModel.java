package dev.omnigraph.lang.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A random, always valid schema that evolves one step at a time the way users edit schemas: types
 * and properties are added, dropped, renamed (with {@code @rename_from}), retyped, widened, indexed
 * and described. {@link #render()} writes the {@code .pg} source of the current step, with rename
 * hints from the names at the start of the step ({@link #startStep()}).
 *
 * <p>Names are never reused by renames or new properties, so hints are always resolvable; a dropped
 * node's name may come back as a new node in a later step. Some changes are unsupported on purpose
 * (required properties, type changes, dropped key or indexed properties): planning must still
 * resolve identities for them.
 */
final class SchemaModel {
  private static final String[] TYPES = {
    "String",
    "I32",
    "I64",
    "U32",
    "F64",
    "Bool",
    "Date",
    "DateTime",
    "Blob",
    "[String]",
    "[I64]",
    "Vector(3)",
    "enum(a, b)"
  };

  static final class Prop {
    String name;
    String acceptedName;
    String type;
    boolean nullable;
    boolean key;
    boolean index;
    String description;
    boolean staleHint;

    Prop copy() {
      Prop p = new Prop();
      p.name = name;
      p.acceptedName = acceptedName;
      p.type = type;
      p.nullable = nullable;
      p.key = key;
      p.index = index;
      p.description = description;
      p.staleHint = staleHint;
      return p;
    }
  }

  abstract static class Decl {
    String name;
    String acceptedName;
    String description;
    boolean staleHint;
    final List<Prop> props = new ArrayList<>();

    void copyInto(Decl d) {
      d.name = name;
      d.acceptedName = acceptedName;
      d.description = description;
      d.staleHint = staleHint;
      props.forEach(p -> d.props.add(p.copy()));
    }
  }

  static final class Iface extends Decl {
    Iface copy() {
      Iface i = new Iface();
      copyInto(i);
      return i;
    }
  }

  static final class Node extends Decl {
    final List<String> impls = new ArrayList<>();

    Node copy() {
      Node n = new Node();
      copyInto(n);
      n.impls.addAll(impls);
      return n;
    }
  }

  static final class Edge extends Decl {
    String from;
    String to;
    String card;

    Edge copy() {
      Edge e = new Edge();
      copyInto(e);
      e.from = from;
      e.to = to;
      e.card = card;
      return e;
    }
  }

  private int counter;
  private final List<Iface> ifaces = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final List<Edge> edges = new ArrayList<>();
  private final Set<String> usedNodeNames = new HashSet<>();

  private SchemaModel() {}

  /** A random schema of a few interfaces, nodes and edges, as a new graph would start with. */
  static SchemaModel random(SplittableRandom r) {
    SchemaModel m = new SchemaModel();
    for (int i = r.nextInt(3); i > 0; i--) {
      m.addIface(r);
    }
    for (int i = 1 + r.nextInt(4); i > 0; i--) {
      m.addNode(r, m.freshNodeName());
    }
    for (int i = r.nextInt(4); i > 0; i--) {
      m.addEdge(r);
    }
    m.startStep();
    return m;
  }

  SchemaModel copy() {
    SchemaModel m = new SchemaModel();
    m.counter = counter;
    ifaces.forEach(i -> m.ifaces.add(i.copy()));
    nodes.forEach(n -> m.nodes.add(n.copy()));
    edges.forEach(e -> m.edges.add(e.copy()));
    m.usedNodeNames.addAll(usedNodeNames);
    return m;
  }

  /** Makes the current names the accepted ones: later renames are hinted from them. */
  void startStep() {
    for (Decl d : all()) {
      d.acceptedName = d.name;
      d.staleHint = false;
      for (Prop p : d.props) {
        p.acceptedName = p.name;
        p.staleHint = false;
      }
    }
  }

  private List<Decl> all() {
    List<Decl> all = new ArrayList<>(ifaces);
    all.addAll(nodes);
    all.addAll(edges);
    return all;
  }

  /** One to four random edits. */
  void mutate(SplittableRandom r) {
    for (int i = 1 + r.nextInt(4); i > 0; i--) {
      edit(r);
    }
  }

  private void edit(SplittableRandom r) {
    switch (r.nextInt(16)) {
      case 0 -> addNode(r, r.nextBoolean() ? freshNodeName() : graveyardOrFresh(r));
      case 1 -> {
        if (nodes.size() > 1) {
          dropNode(nodes.get(r.nextInt(nodes.size())));
        }
      }
      case 2 -> {
        if (!nodes.isEmpty()) {
          renameNode(nodes.get(r.nextInt(nodes.size())));
        }
      }
      case 3 -> addEdge(r);
      case 4 -> {
        if (!edges.isEmpty()) {
          edges.remove(r.nextInt(edges.size()));
        }
      }
      case 5 -> {
        if (!edges.isEmpty()) {
          edges.get(r.nextInt(edges.size())).name = fresh("E");
        }
      }
      case 6 -> {
        if (ifaces.size() < 3) {
          addIface(r);
        }
      }
      case 7, 8 -> pick(r).ifPresent(d -> d.props.add(prop(r, d)));
      case 9 ->
          pick(r)
              .filter(d -> !d.props.isEmpty())
              .ifPresent(d -> d.props.remove(r.nextInt(d.props.size())));
      case 10, 11 -> somePropOf(r).ifPresent(p -> p.name = fresh("p"));
      case 12 ->
          somePropOf(r)
              .filter(p -> !p.key)
              .ifPresent(p -> {
                if (r.nextBoolean()) {
                  p.nullable = !p.nullable;
                } else {
                  p.type = TYPES[r.nextInt(TYPES.length)];
                  p.index = p.index && indexable(p.type);
                }
              });
      case 13 ->
          somePropOf(r)
              .filter(p -> p.type.startsWith("enum("))
              .ifPresent(p -> p.type = p.type.replace(")", ", " + fresh("v") + ")"));
      case 14 -> someNodeProp(r).filter(p -> indexable(p.type)).ifPresent(p -> p.index = true);
      default -> {
        if (r.nextBoolean()) {
          pick(r).ifPresent(d -> d.description = r.nextBoolean() ? null : fresh("d"));
        } else {
          somePropOf(r).ifPresent(p -> p.description = fresh("d"));
        }
        // Hints on names that match are ignored; sprinkle some.
        pick(r)
            .filter(d -> d.acceptedName != null && !(d instanceof Iface))
            .ifPresent(d -> d.staleHint = true);
      }
    }
  }

  private Optional<Decl> pick(SplittableRandom r) {
    List<Decl> all = all();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(r.nextInt(all.size())));
  }

  private Optional<Prop> somePropOf(SplittableRandom r) {
    return pick(r).filter(d -> !d.props.isEmpty()).map(d -> d.props.get(r.nextInt(d.props.size())));
  }

  private Optional<Prop> someNodeProp(SplittableRandom r) {
    if (nodes.isEmpty()) {
      return Optional.empty();
    }
    Node n = nodes.get(r.nextInt(nodes.size()));
    return n.props.isEmpty()
        ? Optional.empty()
        : Optional.of(n.props.get(r.nextInt(n.props.size())));
  }

  private static boolean indexable(String type) {
    return type.equals("String") || type.equals("I32") || type.equals("I64");
  }

  /** A name never used before: {@code prefix} and the next counter value. */
  private String fresh(String prefix) {
    counter++;
    return prefix + counter;
  }

  private String freshNodeName() {
    String name = fresh("N");
    usedNodeNames.add(name);
    return name;
  }

  /** A node name used before but absent from the schema now and at the start of this step. */
  private String graveyardOrFresh(SplittableRandom r) {
    Set<String> taken = new HashSet<>();
    for (Node n : nodes) {
      taken.add(n.name);
      if (n.acceptedName != null) {
        taken.add(n.acceptedName);
      }
    }
    List<String> free = usedNodeNames.stream().filter(n -> !taken.contains(n)).sorted().toList();
    return free.isEmpty() ? freshNodeName() : free.get(r.nextInt(free.size()));
  }

  private void addIface(SplittableRandom r) {
    Iface i = new Iface();
    i.name = fresh("I");
    for (int k = 1 + r.nextInt(2); k > 0; k--) {
      i.props.add(prop(r, i));
    }
    ifaces.add(i);
  }

  private void addNode(SplittableRandom r, String name) {
    Node n = new Node();
    n.name = name;
    if (r.nextInt(3) == 0) {
      Prop key = new Prop();
      key.name = fresh("k");
      key.type = "String";
      key.key = true;
      n.props.add(key);
    }
    for (int k = r.nextInt(4); k > 0; k--) {
      n.props.add(prop(r, n));
    }
    for (Iface i : ifaces) {
      if (r.nextInt(3) == 0) {
        n.impls.add(i.name);
      }
    }
    if (r.nextInt(4) == 0) {
      n.description = fresh("d");
    }
    nodes.add(n);
  }

  private Prop prop(SplittableRandom r, Decl owner) {
    Prop p = new Prop();
    p.name = fresh("p");
    p.type = TYPES[r.nextInt(TYPES.length)];
    p.nullable = r.nextInt(4) != 0;
    p.index = owner instanceof Node && indexable(p.type) && r.nextInt(3) == 0;
    p.description = r.nextInt(5) == 0 ? fresh("d") : null;
    return p;
  }

  private void addEdge(SplittableRandom r) {
    if (nodes.isEmpty()) {
      return;
    }
    Edge e = new Edge();
    e.name = fresh("E");
    e.from = nodes.get(r.nextInt(nodes.size())).name;
    e.to = nodes.get(r.nextInt(nodes.size())).name;
    e.card = r.nextInt(4) == 0 ? "0..1" : null;
    for (int k = r.nextInt(3); k > 0; k--) {
      e.props.add(prop(r, e));
    }
    edges.add(e);
  }

  private void dropNode(Node n) {
    nodes.remove(n);
    edges.removeIf(e -> e.from.equals(n.name) || e.to.equals(n.name));
  }

  private void renameNode(Node n) {
    String old = n.name;
    n.name = freshNodeName();
    for (Edge e : edges) {
      if (e.from.equals(old)) {
        e.from = n.name;
      }
      if (e.to.equals(old)) {
        e.to = n.name;
      }
    }
  }

  /** The {@code .pg} source of the current step. */
  String render() {
    StringBuilder out = new StringBuilder();
    for (Iface i : ifaces) {
      out.append("interface ").append(i.name).append(" {\n");
      props(out, i, i.acceptedName != null);
      out.append("}\n");
    }
    for (Node n : nodes) {
      out.append("node ").append(n.name);
      hint(out, n);
      if (n.description != null) {
        out.append(" @description(\"").append(n.description).append("\")");
      }
      if (!n.impls.isEmpty()) {
        out.append(" implements ").append(String.join(", ", n.impls));
      }
      out.append(" {\n");
      props(out, n, n.acceptedName != null);
      out.append("}\n");
    }
    for (Edge e : edges) {
      out.append("edge ").append(e.name).append(": ").append(e.from).append(" -> ").append(e.to);
      if (e.card != null) {
        out.append(" @card(").append(e.card).append(')');
      }
      hint(out, e);
      if (e.description != null) {
        out.append(" @description(\"").append(e.description).append("\")");
      }
      out.append(" {\n");
      props(out, e, e.acceptedName != null);
      out.append("}\n");
    }
    return out.toString();
  }

  private static void hint(StringBuilder out, Decl d) {
    if (d.acceptedName != null && !d.acceptedName.equals(d.name)) {
      out.append(" @rename_from(\"").append(d.acceptedName).append("\")");
    } else if (d.staleHint) {
      out.append(" @rename_from(\"Gone").append(d.name).append("\")");
    }
  }

  private static void props(StringBuilder out, Decl owner, boolean ownerAccepted) {
    for (Prop p : owner.props) {
      out.append("  ").append(p.name).append(": ").append(p.type);
      if (p.nullable) {
        out.append('?');
      }
      if (p.key) {
        out.append(" @key");
      }
      if (p.index) {
        out.append(" @index");
      }
      if (p.description != null) {
        out.append(" @description(\"").append(p.description).append("\")");
      }
      if (ownerAccepted && p.acceptedName != null && !p.acceptedName.equals(p.name)) {
        out.append(" @rename_from(\"").append(p.acceptedName).append("\")");
      }
      out.append('\n');
    }
  }
}
