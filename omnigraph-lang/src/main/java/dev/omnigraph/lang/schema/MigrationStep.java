package dev.omnigraph.lang.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One change between an accepted and a desired schema, as the migration planner reports it: each
 * step knows whether it can be applied ({@link #verdict()}), what it does to table data ({@link
 * #dataEffect()}), and how upstream's {@code schema plan} renders it as a line and as JSON.
 */
public sealed interface MigrationStep {

  /** Whether a step can be applied. */
  enum Verdict {
    /** Applied as is; no data becomes unreachable. */
    SUPPORTED,
    /** Applied, but the data it removes becomes unreachable at once ({@code allow_data_loss}). */
    DATA_LOSS,
    /** Refused: the whole plan cannot be applied. */
    UNSUPPORTED
  }

  /** What a step does to the table of its node or edge type. */
  enum DataEffect {
    /** No table data is touched: interface changes, index intents, enum widening, metadata. */
    NONE,
    /** A new, empty table is created. */
    CREATE_TABLE,
    /** Every row is copied into a new table incarnation with the desired columns. */
    REWRITE_TABLE,
    /** Only the type's name changes; same table, same rows. */
    RENAME_TABLE,
    /** The table leaves the graph. */
    DROP_TABLE
  }

  /** Whether this step can be applied. */
  Verdict verdict();

  /** What this step does to table data; several steps on one table make one rewrite. */
  DataEffect dataEffect();

  /** The step as one line of {@code schema plan} output (without the leading {@code "- "}). */
  String describe();

  /** The step as upstream's JSON object: {@code kind} first, then its fields in snake_case. */
  Map<String, Object> toJsonTree();

  /** Adds an interface, node or edge type. */
  record AddType(TypeKind typeKind, String name) implements MigrationStep {
    public AddType {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public Verdict verdict() {
      return Verdict.SUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return typeKind.hasTable() ? DataEffect.CREATE_TABLE : DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "add " + typeKind.label() + " type '" + name + "'";
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = start("add_type", typeKind);
      m.put("name", name);
      return m;
    }
  }

  /** Renames a node or edge type that {@code @rename_from} matched to its accepted identity. */
  record RenameType(TypeKind typeKind, String from, String to) implements MigrationStep {
    public RenameType {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override
    public Verdict verdict() {
      return Verdict.SUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return typeKind.hasTable() ? DataEffect.RENAME_TABLE : DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "rename " + typeKind.label() + " type '" + from + "' -> '" + to + "'";
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = start("rename_type", typeKind);
      m.put("from", from);
      m.put("to", to);
      return m;
    }
  }

  /** Adds a nullable property; existing rows hold null in it. */
  record AddProperty(TypeKind typeKind, String typeName, String propertyName, PropType propertyType)
      implements MigrationStep {
    public AddProperty {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(propertyName, "propertyName");
      Objects.requireNonNull(propertyType, "propertyType");
    }

    @Override
    public Verdict verdict() {
      return Verdict.SUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return typeKind.hasTable() ? DataEffect.REWRITE_TABLE : DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "add property '"
          + typeName
          + "."
          + propertyName
          + "' ("
          + planTypeName(propertyType)
          + ") on "
          + typeKind.label()
          + " '"
          + typeName
          + "'";
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = start("add_property", typeKind);
      m.put("type_name", typeName);
      m.put("property_name", propertyName);
      m.put("property_type", propTypeJson(propertyType));
      return m;
    }
  }

  /** Renames a property that {@code @rename_from} matched; {@code typeName} is the desired name. */
  record RenameProperty(TypeKind typeKind, String typeName, String from, String to)
      implements MigrationStep {
    public RenameProperty {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override
    public Verdict verdict() {
      return Verdict.SUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return typeKind.hasTable() ? DataEffect.REWRITE_TABLE : DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "rename property '"
          + typeName
          + "."
          + from
          + "' -> '"
          + typeName
          + "."
          + to
          + "' on "
          + typeKind.label()
          + " '"
          + typeName
          + "'";
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = start("rename_property", typeKind);
      m.put("type_name", typeName);
      m.put("from", from);
      m.put("to", to);
      return m;
    }
  }

  /**
   * Adds an index intent on {@code columns} (the only constraint a migration may add): recorded in
   * the schema, built later by maintenance.
   */
  record AddConstraint(TypeKind typeKind, String typeName, List<String> columns)
      implements MigrationStep {
    public AddConstraint {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(typeName, "typeName");
      columns = List.copyOf(columns);
    }

    @Override
    public Verdict verdict() {
      return Verdict.SUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "add constraint @index("
          + String.join(", ", columns)
          + ") on "
          + typeKind.label()
          + " '"
          + typeName
          + "'";
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = start("add_constraint", typeKind);
      m.put("type_name", typeName);
      Map<String, Object> constraint = new LinkedHashMap<>();
      constraint.put("Index", columns);
      m.put("constraint", constraint);
      return m;
    }
  }

  /** Adds values to an enum property; every stored value stays valid. */
  record ExtendEnum(
      TypeKind typeKind, String typeName, String propertyName, List<String> addedValues)
      implements MigrationStep {
    public ExtendEnum {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(propertyName, "propertyName");
      addedValues = List.copyOf(addedValues);
    }

    @Override
    public Verdict verdict() {
      return Verdict.SUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "extend enum '"
          + typeName
          + "."
          + propertyName
          + "' (+"
          + String.join(", +", addedValues)
          + ") on "
          + typeKind.label()
          + " '"
          + typeName
          + "'";
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = start("extend_enum", typeKind);
      m.put("type_name", typeName);
      m.put("property_name", propertyName);
      m.put("added_values", addedValues);
      return m;
    }
  }

  /** Replaces a type's {@code @description}/{@code @instruction} with {@code annotations}. */
  record UpdateTypeMetadata(TypeKind typeKind, String name, List<AnnotationValue> annotations)
      implements MigrationStep {
    public UpdateTypeMetadata {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(name, "name");
      annotations = List.copyOf(annotations);
    }

    @Override
    public Verdict verdict() {
      return Verdict.SUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "update metadata on "
          + typeKind.label()
          + " '"
          + name
          + "' ("
          + planAnnotations(annotations)
          + ")";
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = start("update_type_metadata", typeKind);
      m.put("name", name);
      m.put("annotations", SchemaShape.annotationsJson(annotations));
      return m;
    }
  }

  /** Replaces a property's {@code @description} with {@code annotations}. */
  record UpdatePropertyMetadata(
      TypeKind typeKind, String typeName, String propertyName, List<AnnotationValue> annotations)
      implements MigrationStep {
    public UpdatePropertyMetadata {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(propertyName, "propertyName");
      annotations = List.copyOf(annotations);
    }

    @Override
    public Verdict verdict() {
      return Verdict.SUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "update metadata on property '"
          + typeName
          + "."
          + propertyName
          + "' of "
          + typeKind.label()
          + " '"
          + typeName
          + "' ("
          + planAnnotations(annotations)
          + ")";
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = start("update_property_metadata", typeKind);
      m.put("type_name", typeName);
      m.put("property_name", propertyName);
      m.put("annotations", SchemaShape.annotationsJson(annotations));
      return m;
    }
  }

  /** Removes a node or edge type and its table. */
  record DropType(TypeKind typeKind, String name, DropMode mode) implements MigrationStep {
    public DropType {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(mode, "mode");
    }

    @Override
    public Verdict verdict() {
      return mode == DropMode.HARD ? Verdict.DATA_LOSS : Verdict.SUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return typeKind.hasTable() ? DataEffect.DROP_TABLE : DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "drop " + typeKind.label() + " type '" + name + "' (" + mode.label() + " mode)";
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = start("drop_type", typeKind);
      m.put("name", name);
      m.put("mode", mode.label());
      return m;
    }
  }

  /** Removes a property; its column leaves the table. */
  record DropProperty(TypeKind typeKind, String typeName, String propertyName, DropMode mode)
      implements MigrationStep {
    public DropProperty {
      Objects.requireNonNull(typeKind, "typeKind");
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(propertyName, "propertyName");
      Objects.requireNonNull(mode, "mode");
    }

    @Override
    public Verdict verdict() {
      return mode == DropMode.HARD ? Verdict.DATA_LOSS : Verdict.SUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return typeKind.hasTable() ? DataEffect.REWRITE_TABLE : DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "drop property '"
          + typeName
          + "."
          + propertyName
          + "' of "
          + typeKind.label()
          + " '"
          + typeName
          + "' ("
          + mode.label()
          + " mode)";
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = start("drop_property", typeKind);
      m.put("type_name", typeName);
      m.put("property_name", propertyName);
      m.put("mode", mode.label());
      return m;
    }
  }

  /**
   * A change the planner refuses; the plan still lists every such step.
   *
   * @param entity what changed: {@code node:Person}, {@code node:Person.age} or {@code schema}
   * @param reason why it is refused and what to do instead
   * @param code the lint code, for the changes that have one
   */
  record UnsupportedChange(String entity, String reason, Optional<LintCode> code)
      implements MigrationStep {
    public UnsupportedChange {
      Objects.requireNonNull(entity, "entity");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(code, "code");
    }

    @Override
    public Verdict verdict() {
      return Verdict.UNSUPPORTED;
    }

    @Override
    public DataEffect dataEffect() {
      return DataEffect.NONE;
    }

    @Override
    public String describe() {
      return "unsupported change on "
          + entity
          + code.map(c -> " " + c.tag()).orElse("")
          + ": "
          + reason;
    }

    /** The message a refused apply reports: the reason, prefixed with {@code [CODE] } if coded. */
    public String errorMessage() {
      return code.map(LintCode::errorPrefix).orElse("") + reason;
    }

    @Override
    public Map<String, Object> toJsonTree() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", "unsupported_change");
      m.put("entity", entity);
      m.put("reason", reason);
      code.ifPresent(c -> m.put("code", c.code()));
      return m;
    }
  }

  private static Map<String, Object> start(String kind, TypeKind typeKind) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("type_kind", typeKind.label());
    return m;
  }

  /** A property type as plan lines show it: {@code I32?}, {@code [String]}, {@code Enum(a|b)}. */
  private static String planTypeName(PropType type) {
    String base =
        type.isEnum()
            ? "Enum(" + String.join("|", type.enumValues()) + ")"
            : type.scalar().displayName();
    if (type.list()) {
      base = "[" + base + "]";
    }
    return type.nullable() ? base + "?" : base;
  }

  /**
   * Annotations as plan lines show them, e.g. {@code @description("x"), @note}; values are quoted
   * as they are, without escaping, as upstream prints them.
   */
  private static String planAnnotations(List<AnnotationValue> annotations) {
    return annotations.stream()
        .map(a -> {
          StringBuilder args = new StringBuilder();
          a.value().ifPresent(v -> args.append('"').append(v).append('"'));
          a.kwargs()
              .forEach((k, v) -> {
                if (!args.isEmpty()) {
                  args.append(", ");
                }
                args.append(k).append("=\"").append(v).append('"');
              });
          return args.isEmpty() ? "@" + a.name() : "@" + a.name() + "(" + args + ")";
        })
        .collect(Collectors.joining(", "));
  }

  /**
   * A property type as upstream's JSON: scalar name or {@code {"Vector":d}}, flags, enum values.
   */
  private static Map<String, Object> propTypeJson(PropType type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "scalar",
        switch (type.scalar()) {
          case BaseType b -> b.displayName();
          case VectorType v -> {
            Map<String, Object> vector = new LinkedHashMap<>();
            vector.put("Vector", v.dimension());
            yield vector;
          }
        });
    m.put("nullable", type.nullable());
    m.put("list", type.list());
    m.put("enum_values", type.isEnum() ? type.enumValues() : null);
    return m;
  }
}
