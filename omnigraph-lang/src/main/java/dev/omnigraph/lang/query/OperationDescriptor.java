package dev.omnigraph.lang.query;

import dev.omnigraph.lang.query.CheckedQuery.MutationTarget;
import dev.omnigraph.lang.query.CheckedQuery.TargetKind;
import dev.omnigraph.lang.schema.BaseType;
import dev.omnigraph.lang.schema.Catalog;
import dev.omnigraph.lang.schema.PropType;
import dev.omnigraph.lang.schema.ScalarType;
import dev.omnigraph.lang.schema.VectorType;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a compiled query returns and touches (spec §2.7): a read's result columns in projection
 * order (none for a mutation), and the node and edge types it reads and writes, each list sorted
 * node types first, then by name, without duplicates; a read query writes nothing.
 */
public record OperationDescriptor(
    List<ResultColumn> result, List<TypeAccess> reads, List<TypeAccess> writes) {
  public OperationDescriptor {
    result = List.copyOf(result);
    reads = List.copyOf(new TreeSet<>(reads));
    writes = List.copyOf(new TreeSet<>(writes));
  }

  /** The kind of a result value as clients see it, decomposed so nobody parses type names. */
  public enum ValueKind {
    STRING,
    BOOL,
    /** I32 and U32. */
    INT,
    /** I64 and U64. */
    BIGINT,
    FLOAT,
    DATE,
    DATETIME,
    BLOB,
    VECTOR,
    LIST,
    /** A bare node variable: a struct of the node's columns. */
    OBJECT;

    /** The name in JSON output: the constant in lower case ({@code bigint}, {@code datetime}). */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One result column: its name, its kind, for a list its items' kind, for a vector its dimension,
   * and whether it may be null.
   */
  public record ResultColumn(
      String name,
      ValueKind kind,
      Optional<ValueKind> itemKind,
      OptionalInt vectorDim,
      boolean nullable) {
    public ResultColumn {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(itemKind, "itemKind");
      Objects.requireNonNull(vectorDim, "vectorDim");
    }

    static ResultColumn of(ResultField field) {
      return switch (field.type()) {
        case ResultType.Node n ->
            new ResultColumn(
                field.name(),
                ValueKind.OBJECT,
                Optional.empty(),
                OptionalInt.empty(),
                field.nullable());
        case ResultType.Scalar s -> of(field.name(), s.type(), field.nullable());
        case ResultType.Aggregate a -> of(field.name(), a.type(), field.nullable());
      };
    }

    private static ResultColumn of(String name, PropType type, boolean nullable) {
      if (type.list()) {
        return new ResultColumn(
            name, ValueKind.LIST, Optional.of(kind(type.scalar())), OptionalInt.empty(), nullable);
      }
      OptionalInt dim =
          type.scalar() instanceof VectorType v
              ? OptionalInt.of(v.dimension())
              : OptionalInt.empty();
      return new ResultColumn(name, kind(type.scalar()), Optional.empty(), dim, nullable);
    }

    private static ValueKind kind(ScalarType scalar) {
      return switch (scalar) {
        case VectorType v -> ValueKind.VECTOR;
        case BaseType b ->
            switch (b) {
              case STRING -> ValueKind.STRING;
              case BLOB -> ValueKind.BLOB;
              case BOOL -> ValueKind.BOOL;
              case I32, U32 -> ValueKind.INT;
              case I64, U64 -> ValueKind.BIGINT;
              case F32, F64 -> ValueKind.FLOAT;
              case DATE_TIME -> ValueKind.DATETIME;
              case DATE -> ValueKind.DATE;
            };
      };
    }
  }

  /** One node or edge type, ordered node before edge, then by name. */
  public record TypeAccess(TargetKind kind, String typeName) implements Comparable<TypeAccess> {
    private static final Comparator<TypeAccess> ORDER =
        Comparator.comparing(TypeAccess::kind).thenComparing(TypeAccess::typeName);

    public TypeAccess {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(typeName, "typeName");
    }

    public static TypeAccess node(String typeName) {
      return new TypeAccess(TargetKind.NODE, typeName);
    }

    public static TypeAccess edge(String typeName) {
      return new TypeAccess(TargetKind.EDGE, typeName);
    }

    @Override
    public int compareTo(TypeAccess other) {
      return ORDER.compare(this, other);
    }
  }

  /**
   * What {@code checked} touches. A read reads every bound node type and every traversed edge type
   * with both its endpoint types, {@code not { }} blocks included. A mutation reads and writes each
   * statement's target; an edge insert also reads the endpoint node types (their ids must exist); a
   * node delete also reads and writes every edge type incident to the node type (it cascades).
   */
  public static OperationDescriptor describe(CheckedQuery checked) {
    Catalog catalog = checked.catalog();
    Set<TypeAccess> reads = new TreeSet<>();
    Set<TypeAccess> writes = new TreeSet<>();
    QueryDecl decl = checked.decl();
    if (!decl.isMutation()) {
      readClauses(decl.match(), checked, catalog, reads);
      List<ResultColumn> result =
          ResultSchema.of(checked).fields().stream().map(ResultColumn::of).toList();
      return new OperationDescriptor(result, List.copyOf(reads), List.of());
    }
    for (MutationTarget target : checked.mutationTargets()) {
      TypeAccess access = new TypeAccess(target.kind(), target.typeName());
      reads.add(access);
      writes.add(access);
    }
    for (int i = 0; i < decl.mutations().size(); i++) {
      Mutation m = decl.mutations().get(i);
      MutationTarget target = checked.mutationTargets().get(i);
      if (m instanceof Mutation.Insert && target.kind() == TargetKind.EDGE) {
        Catalog.EdgeType edge = edgeType(catalog, target.typeName());
        reads.add(TypeAccess.node(edge.fromType()));
        reads.add(TypeAccess.node(edge.toType()));
      } else if (m instanceof Mutation.Delete && target.kind() == TargetKind.NODE) {
        for (Catalog.EdgeType edge : catalog.edgeTypes().values()) {
          if (edge.fromType().equals(target.typeName())
              || edge.toType().equals(target.typeName())) {
            reads.add(TypeAccess.edge(edge.name()));
            writes.add(TypeAccess.edge(edge.name()));
          }
        }
      }
    }
    return new OperationDescriptor(List.of(), List.copyOf(reads), List.copyOf(writes));
  }

  private static void readClauses(
      List<Clause> clauses, CheckedQuery checked, Catalog catalog, Set<TypeAccess> reads) {
    for (Clause c : clauses) {
      switch (c) {
        case Clause.Binding b -> reads.add(TypeAccess.node(b.typeName()));
        case Clause.Traversal t -> {
          CheckedQuery.ResolvedTraversal r = checked.traversals().get(t);
          if (r == null) {
            throw new IllegalArgumentException("checked query has no resolution for " + t);
          }
          Catalog.EdgeType edge = edgeType(catalog, r.edgeType());
          reads.add(TypeAccess.edge(edge.name()));
          reads.add(TypeAccess.node(edge.fromType()));
          reads.add(TypeAccess.node(edge.toType()));
        }
        case Clause.Filter f -> {}
        case Clause.Negation n -> readClauses(n.clauses(), checked, catalog, reads);
      }
    }
  }

  private static Catalog.EdgeType edgeType(Catalog catalog, String name) {
    return catalog
        .edge(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown edge type " + name));
  }
}
