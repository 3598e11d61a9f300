package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every invariant of an accepted {@link SchemaIr}: ids non-zero, unique across kinds and
 * below the high-water mark; names unique; everything in canonical order; references that agree on
 * id and name; interface links that match. Run on every load, since ids are never re-derived.
 */
final class SchemaIrValidator {
  private static final Set<String> RESERVED_COLUMNS =
      Set.of(
          "_rowid",
          "_rowaddr",
          "_rowoffset",
          "_row_created_at_version",
          "_row_last_updated_at_version");
  private static final Set<String> NON_METADATA =
      Set.of("rename_from", "embed", "key", "unique", "index");
  private static final Set<String> PROPERTY_CONSTRAINTS = Set.of("key", "unique", "index");
  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private final SchemaIr ir;
  private final Set<Long> ids = new HashSet<>();
  private final Map<Long, String> interfaceNames = new HashMap<>();
  private final Map<Long, SchemaIr.Interface> interfacesById = new HashMap<>();
  private final Map<Long, String> nodeNames = new HashMap<>();

  private SchemaIrValidator(SchemaIr ir) {
    this.ir = ir;
  }

  static void validate(SchemaIr ir) {
    new SchemaIrValidator(ir).run();
  }

  private void run() {
    if (!isCanonicalUlid(ir.identityDomain())) {
      throw new CompileError(
          ErrorKind.INVALID_DOMAIN,
          "'" + ir.identityDomain() + "' is not a canonical uppercase ULID");
    }
    if (ir.nextIdentityId() == 0) {
      throw new CompileError(ErrorKind.ZERO_ID, "next_identity_id is 0");
    }
    sortedByName(ir.interfaces(), SchemaIr.Interface::name, "interfaces");
    sortedByName(ir.nodes(), SchemaIr.Node::name, "nodes");
    sortedByName(ir.edges(), SchemaIr.Edge::name, "edges");
    for (SchemaIr.Interface i : ir.interfaces()) {
      id(i.typeId(), "interface " + i.name());
      interfaceNames.put(i.typeId(), i.name());
      interfacesById.put(i.typeId(), i);
    }
    for (SchemaIr.Node n : ir.nodes()) {
      id(n.typeId(), "node " + n.name());
      id(n.tableIncarnationId(), "table incarnation of node " + n.name());
      nodeNames.put(n.typeId(), n.name());
    }
    for (SchemaIr.Edge e : ir.edges()) {
      id(e.typeId(), "edge " + e.name());
      id(e.tableIncarnationId(), "table incarnation of edge " + e.name());
    }
    for (SchemaIr.Interface i : ir.interfaces()) {
      properties(i.properties(), i.typeId(), i.name(), "interface");
      for (SchemaIr.Property p : i.properties()) {
        if (!p.declaredDirectly() || !p.satisfiesInterfaceProperties().isEmpty()) {
          throw invalid(
              "interface property " + i.name() + "." + p.name() + " must be declared directly");
        }
      }
    }
    for (SchemaIr.Node n : ir.nodes()) {
      node(n);
    }
    for (SchemaIr.Edge e : ir.edges()) {
      edge(e);
    }
  }

  private void node(SchemaIr.Node n) {
    String where = "node " + n.name();
    metadata(n.annotations(), where);
    List<SchemaIr.TypeRef> impls = n.implementsRefs();
    canonical(impls, SchemaIrBuilder.TYPE_REF_ORDER, where + " implements");
    for (SchemaIr.TypeRef ref : impls) {
      typeRef(ref, interfaceNames, "interface", where);
    }
    properties(n.properties(), n.typeId(), n.name(), "node");
    Map<Long, SchemaIr.Property> satisfiedBy = new HashMap<>();
    Set<Long> implemented = new HashSet<>();
    impls.forEach(r -> implemented.add(r.typeId()));
    for (SchemaIr.Property p : n.properties()) {
      if (!p.declaredDirectly() && p.satisfiesInterfaceProperties().isEmpty()) {
        throw invalid(
            "injected property " + n.name() + "." + p.name() + " has no interface property link");
      }
      for (SchemaIr.PropertyRef link : p.satisfiesInterfaceProperties()) {
        SchemaIr.Interface iface = interfacesById.get(link.ownerTypeId());
        if (iface == null || !implemented.contains(link.ownerTypeId())) {
          throw invalid(
              "property "
                  + n.name()
                  + "."
                  + p.name()
                  + " links to an interface the node does not implement");
        }
        SchemaIr.Property target = propertyRef(link, iface.properties(), iface.name(), where);
        if (!target.type().equals(p.type())) {
          throw invalid(
              "property "
                  + n.name()
                  + "."
                  + p.name()
                  + " has a different type from the interface property it satisfies");
        }
        satisfiedBy.put(target.propertyId(), p);
      }
    }
    for (SchemaIr.TypeRef ref : impls) {
      for (SchemaIr.Property ip : interfacesById.get(ref.typeId()).properties()) {
        if (!satisfiedBy.containsKey(ip.propertyId())) {
          throw invalid(
              where
                  + " does not satisfy property "
                  + ref.typeName()
                  + "."
                  + ip.name()
                  + " of an interface it implements");
        }
      }
    }
    constraints(
        n.constraints(), n.typeId(), n.name(), n.tableIncarnationId(), n.properties(), false);
  }

  private void edge(SchemaIr.Edge e) {
    String where = "edge " + e.name();
    metadata(e.annotations(), where);
    typeRef(e.fromType(), nodeNames, "node", where + " source");
    typeRef(e.toType(), nodeNames, "node", where + " target");
    properties(e.properties(), e.typeId(), e.name(), "edge");
    for (SchemaIr.Property p : e.properties()) {
      if (!p.declaredDirectly()
          || !p.satisfiesInterfaceProperties().isEmpty()
          || p.embedSource().isPresent()) {
        throw invalid(
            "edge property "
                + e.name()
                + "."
                + p.name()
                + " cannot have interface links or @embed");
      }
    }
    constraints(
        e.constraints(), e.typeId(), e.name(), e.tableIncarnationId(), e.properties(), true);
  }

  private void properties(
      List<SchemaIr.Property> properties, long ownerId, String owner, String kind) {
    sortedByName(properties, SchemaIr.Property::name, "properties of " + kind + " " + owner);
    for (SchemaIr.Property p : properties) {
      String where = "property " + owner + "." + p.name();
      id(p.propertyId(), where);
      if (RESERVED_COLUMNS.contains(p.name())
          || p.name().equals("id")
          || (kind.equals("edge") && (p.name().equals("src") || p.name().equals("dst")))) {
        throw invalid(where + " uses a reserved column name");
      }
      if (p.type().isEnum()) {
        canonical(p.type().enumValues(), Comparator.naturalOrder(), where + " enum values");
      }
      metadata(p.annotations(), where);
      canonical(p.propertyConstraints(), Comparator.naturalOrder(), where + " constraints");
      for (String c : p.propertyConstraints()) {
        if (!PROPERTY_CONSTRAINTS.contains(c)) {
          throw invalid(where + " has unknown property constraint '" + c + "'");
        }
      }
      canonical(
          p.satisfiesInterfaceProperties(), SchemaIrBuilder.PROPERTY_REF_ORDER, where + " links");
      if (p.embedSource().isPresent()) {
        SchemaIr.PropertyRef src = p.embedSource().get().source();
        if (src.ownerTypeId() != ownerId || !src.ownerTypeName().equals(owner)) {
          throw invalid(where + " embeds a property of another type");
        }
        SchemaIr.Property source = propertyRef(src, properties, owner, where);
        if (!p.type().isVector()
            || source.type().list()
            || source.type().scalar() != BaseType.STRING) {
          throw invalid(where + " must be a vector embedding a String property");
        }
      }
    }
  }

  private void constraints(
      List<SchemaIr.IrConstraint> constraints,
      long ownerId,
      String owner,
      long incarnation,
      List<SchemaIr.Property> properties,
      boolean edge) {
    String where = (edge ? "edge " : "node ") + owner;
    List<String> keys = new ArrayList<>();
    int keyConstraints = 0;
    for (SchemaIr.IrConstraint c : constraints) {
      keys.add(c.identityKey());
      if (edge && !c.kind().equals("unique") && !c.kind().equals("index")) {
        throw invalid(
            where + " carries a " + c.kind() + " constraint; edges allow unique and index");
      }
      if (c.kind().equals("key") && ++keyConstraints > 1) {
        throw invalid(where + " has more than one key constraint");
      }
      if ((c.kind().equals("range") || c.kind().equals("check")) && c.fields().size() != 1) {
        throw invalid(c.kind() + " constraint on " + where + " must read exactly one field");
      }
      canonical(c.fields(), SchemaIrBuilder.FIELD_ORDER, c.kind() + " constraint on " + where);
      for (SchemaIr.FieldRef f : c.fields()) {
        switch (f) {
          case SchemaIr.PropertyField pf -> {
            if (pf.property().ownerTypeId() != ownerId
                || !pf.property().ownerTypeName().equals(owner)) {
              throw invalid("constraint on " + where + " reads a property of another type");
            }
            columnType(c.kind(), propertyRef(pf.property(), properties, owner, where), where);
          }
          case SchemaIr.SystemField sf -> {
            if (sf.stableTableId() != ownerId
                || !sf.tableTypeName().equals(owner)
                || sf.tableIncarnationId() != incarnation) {
              throw invalid("system field in a constraint on " + where + " names another table");
            }
            if (!edge && !sf.role().equals("id")) {
              throw invalid("node constraint on " + where + " uses system role " + sf.role());
            }
          }
        }
      }
    }
    canonical(keys, Comparator.naturalOrder(), "constraints of " + where);
  }

  // The types a constraint may read, as stage E admits them: a catalog built from a valid IR
  // must never meet a constraint it cannot enforce.
  private static void columnType(String kind, SchemaIr.Property p, String where) {
    PropType t = p.type();
    boolean ok =
        switch (kind) {
          case "key" -> !t.nullable() && !t.list() && !t.isVector() && !t.isBlob();
          case "unique" -> !t.list() && !t.isVector();
          case "index" -> !t.isBlob();
          case "range" -> t.scalar().isNumeric();
          case "check" -> t.scalar() == BaseType.STRING;
          default -> false;
        };
    if (!ok) {
      throw invalid(
          kind + " constraint on " + where + " reads " + p.name() + " of type " + t.displayName());
    }
  }

  private void metadata(List<AnnotationValue> annotations, String where) {
    for (AnnotationValue a : annotations) {
      if (NON_METADATA.contains(a.name())) {
        throw invalid(where + " stores @" + a.name() + " among its annotations");
      }
    }
    canonical(annotations, Comparator.naturalOrder(), "annotations of " + where);
  }

  private void typeRef(SchemaIr.TypeRef ref, Map<Long, String> names, String kind, String where) {
    String actual = names.get(ref.typeId());
    if (actual == null || !actual.equals(ref.typeName())) {
      throw invalid(
          where
              + " refers to "
              + kind
              + " '"
              + ref.typeName()
              + "' with id "
              + Long.toUnsignedString(ref.typeId())
              + ", which does not match");
    }
  }

  private static SchemaIr.Property propertyRef(
      SchemaIr.PropertyRef ref, List<SchemaIr.Property> properties, String owner, String where) {
    for (SchemaIr.Property p : properties) {
      if (p.propertyId() == ref.propertyId()) {
        if (!p.name().equals(ref.propertyName()) || !owner.equals(ref.ownerTypeName())) {
          break;
        }
        return p;
      }
    }
    throw invalid(
        where
            + " refers to property '"
            + ref.ownerTypeName()
            + "."
            + ref.propertyName()
            + "' with id "
            + Long.toUnsignedString(ref.propertyId())
            + ", which does not match");
  }

  private void id(long id, String what) {
    if (id == 0) {
      throw new CompileError(ErrorKind.ZERO_ID, what + " has id 0");
    }
    if (Long.compareUnsigned(id, ir.nextIdentityId()) >= 0) {
      throw invalid(
          what
              + " has id "
              + Long.toUnsignedString(id)
              + ", not below next_identity_id "
              + Long.toUnsignedString(ir.nextIdentityId()));
    }
    if (!ids.add(id)) {
      throw invalid("id " + Long.toUnsignedString(id) + " is used more than once (" + what + ")");
    }
  }

  private static <T> void sortedByName(
      List<T> items, java.util.function.Function<T, String> name, String what) {
    canonical(items.stream().map(name).toList(), Comparator.naturalOrder(), what);
  }

  private static <T> void canonical(List<T> items, Comparator<? super T> order, String what) {
    for (int i = 1; i < items.size(); i++) {
      if (order.compare(items.get(i - 1), items.get(i)) >= 0) {
        throw invalid(what + " are not in canonical order without duplicates");
      }
    }
  }

  private static boolean isCanonicalUlid(String s) {
    if (s.length() != 26 || s.charAt(0) > '7') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (CROCKFORD.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static CompileError invalid(String message) {
    return new CompileError(ErrorKind.INVALID_IR, message);
  }
}
