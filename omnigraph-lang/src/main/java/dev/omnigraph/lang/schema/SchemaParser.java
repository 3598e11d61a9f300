package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.ErrorKind;
import dev.omnigraph.lang.source.Scanner;
import dev.omnigraph.lang.source.SourceText;
import dev.omnigraph.lang.source.Span;
import dev.omnigraph.lang.source.StringLiterals;
import dev.omnigraph.lang.source.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Recursive-descent parser for {@code .pg} text that makes the ordered-choice decisions of
 * upstream's PEG grammar, then builds each declaration (stage B of the validation pipeline). Syntax
 * errors win over building errors, as upstream parses the whole file before building it.
 */
final class SchemaParser {
  private static final Set<String> STORAGE_SYSTEM_COLUMNS =
      Set.of(
          "_rowid",
          "_rowaddr",
          "_rowoffset",
          "_row_created_at_version",
          "_row_last_updated_at_version");
  private static final String[] CONSTRAINT_NAMES = {"key", "unique", "index", "range", "check"};
  private static final String[] BASE_TYPES = {
    "String", "Blob", "Bool", "I32", "I64", "U32", "U64", "F32", "F64", "DateTime", "Date"
  };
  private static final long U32_MAX = 0xFFFF_FFFFL;

  /** The declaration kind that owns a property, for the system-column name checks. */
  private enum Owner {
    INTERFACE,
    NODE,
    EDGE
  }

  private final Scanner lx;

  private SchemaParser(SourceText source) {
    this.lx = new Scanner(source);
  }

  /** Parses and builds {@code source}; interfaces are not yet injected into nodes. */
  static SchemaFile parse(SourceText source) {
    return new SchemaParser(source).file();
  }

  private SchemaFile file() {
    List<Declaration> declarations = new ArrayList<>();
    while (true) {
      Scanner.Mark m = lx.mark();
      Declaration d = declaration();
      if (d == null) {
        lx.reset(m);
        break;
      }
      declarations.add(d);
    }
    if (!lx.atEnd()) {
      throw lx.syntaxError();
    }
    CompileError deferred = lx.firstDeferred();
    if (deferred != null) {
      throw deferred;
    }
    return new SchemaFile(declarations);
  }

  private Declaration declaration() {
    if (lx.symbol("interface") != null) {
      return interfaceRest();
    }
    if (lx.symbol("node") != null) {
      return nodeRest();
    }
    if (lx.symbol("edge") != null) {
      return edgeRest();
    }
    return null;
  }

  private InterfaceDecl interfaceRest() {
    Token name = lx.typeName();
    if (name == null || lx.symbol("{") == null) {
      return null;
    }
    List<PropertyDecl> properties = new ArrayList<>();
    while (true) {
      Scanner.Mark m = lx.mark();
      PropertyDecl p = property(Owner.INTERFACE, name.text());
      if (p == null) {
        lx.reset(m);
        break;
      }
      properties.add(p);
    }
    if (lx.symbol("}") == null) {
      return null;
    }
    return new InterfaceDecl(name.text(), properties, name.span());
  }

  private NodeDecl nodeRest() {
    Token name = lx.typeName();
    if (name == null) {
      return null;
    }
    List<Annotation> annotations = annotations();
    List<String> implemented = implementsClause();
    if (lx.symbol("{") == null) {
      return null;
    }
    List<PropertyDecl> properties = new ArrayList<>();
    List<Constraint> constraints = new ArrayList<>();
    if (!body(Owner.NODE, name.text(), properties, constraints)) {
      return null;
    }
    desugarPropertyConstraints(properties, constraints);
    Map<String, PropertyOrigin> origins = new HashMap<>();
    for (PropertyDecl p : properties) {
      origins.put(p.name(), new PropertyOrigin(true, List.of()));
    }
    return new NodeDecl(
        name.text(),
        annotations,
        implemented,
        properties,
        constraints,
        constraints,
        origins,
        name.span());
  }

  private List<String> implementsClause() {
    Scanner.Mark m = lx.mark();
    List<String> names = new ArrayList<>();
    if (lx.symbol("implements") == null) {
      lx.reset(m);
      return names;
    }
    Token first = lx.typeName();
    if (first == null) {
      lx.reset(m);
      return names;
    }
    names.add(first.text());
    while (true) {
      Scanner.Mark more = lx.mark();
      Token next = lx.symbol(",") == null ? null : lx.typeName();
      if (next == null) {
        lx.reset(more);
        return names;
      }
      names.add(next.text());
    }
  }

  private EdgeDecl edgeRest() {
    Token name = lx.typeName();
    if (name == null || lx.symbol(":") == null) {
      return null;
    }
    Token from = lx.typeName();
    if (from == null || lx.symbol("->") == null) {
      return null;
    }
    Token to = lx.typeName();
    if (to == null) {
      return null;
    }
    Scanner.Mark beforeCard = lx.mark();
    Cardinality cardinality = cardinality();
    if (cardinality == null) {
      lx.reset(beforeCard);
      cardinality = Cardinality.UNBOUNDED;
    }
    List<Annotation> annotations = annotations();
    List<PropertyDecl> properties = new ArrayList<>();
    List<Constraint> constraints = new ArrayList<>();
    Scanner.Mark beforeBody = lx.mark();
    if (lx.symbol("{") == null || !body(Owner.EDGE, name.text(), properties, constraints)) {
      lx.reset(beforeBody);
      properties.clear();
      constraints.clear();
    }
    desugarPropertyConstraints(properties, constraints);
    return new EdgeDecl(
        name.text(),
        from.text(),
        to.text(),
        cardinality,
        annotations,
        properties,
        constraints,
        name.span());
  }

  /** {@code (property | bodyConstraint)* "}"} after an opening brace. */
  private boolean body(
      Owner owner, String ownerName, List<PropertyDecl> properties, List<Constraint> constraints) {
    while (true) {
      Scanner.Mark m = lx.mark();
      PropertyDecl p = property(owner, ownerName);
      if (p != null) {
        properties.add(p);
        continue;
      }
      lx.reset(m);
      Constraint c = bodyConstraint();
      if (c != null) {
        constraints.add(c);
        continue;
      }
      lx.reset(m);
      break;
    }
    return lx.symbol("}") != null;
  }

  private Cardinality cardinality() {
    Token at = lx.symbol("@card");
    if (at == null || lx.symbol("(") == null) {
      return null;
    }
    Token min = lx.integer();
    if (min == null || lx.symbol("..") == null) {
      return null;
    }
    Scanner.Mark beforeMax = lx.mark();
    Token max = lx.integer();
    if (max == null) {
      lx.reset(beforeMax);
    }
    Token close = lx.symbol(")");
    if (close == null) {
      return null;
    }
    Span span = at.span().to(close.span());
    OptionalLong minValue = parseU32(min.text());
    if (minValue.isEmpty()) {
      deferError(
          "invalid cardinality min: " + shown(min.text()) + " (must fit in 0..4294967295)", span);
      return Cardinality.UNBOUNDED;
    }
    OptionalLong maxValue = OptionalLong.empty();
    if (max != null) {
      maxValue = parseU32(max.text());
      if (maxValue.isEmpty()) {
        deferError(
            "invalid cardinality max: " + shown(max.text()) + " (must fit in 0..4294967295)", span);
        return Cardinality.UNBOUNDED;
      }
      if (minValue.getAsLong() > maxValue.getAsLong()) {
        deferError(
            "cardinality min ("
                + minValue.getAsLong()
                + ") exceeds max ("
                + maxValue.getAsLong()
                + ")",
            span);
        return Cardinality.UNBOUNDED;
      }
    }
    return new Cardinality(minValue.getAsLong(), maxValue);
  }

  private PropertyDecl property(Owner owner, String ownerName) {
    Token name = lx.ident();
    if (name == null || lx.symbol(":") == null) {
      return null;
    }
    // Upstream checks the name before building the type and the annotations.
    checkPropertyName(owner, ownerName, name);
    PropType type = typeRef();
    if (type == null) {
      return null;
    }
    List<Annotation> annotations = annotations();
    return new PropertyDecl(name.text(), type, annotations, name.span());
  }

  private void checkPropertyName(Owner owner, String ownerName, Token name) {
    String n = name.text();
    String message = null;
    if (STORAGE_SYSTEM_COLUMNS.contains(n)) {
      message =
          "property name '"
              + n
              + "' is reserved for a virtual storage system column; rename the property (a graph"
              + " that already stores it must be exported, renamed, and rebuilt)";
    } else if (n.equals("id") || (owner == Owner.EDGE && (n.equals("src") || n.equals("dst")))) {
      String where =
          switch (owner) {
            case INTERFACE -> "interface " + ownerName;
            case NODE -> "node " + ownerName;
            case EDGE -> "edge " + ownerName;
          };
      message =
          "property name '"
              + n
              + "' on "
              + where
              + " is reserved for the system column '"
              + n
              + "'"
              + (n.equals("id") ? " that holds each row's identity" : " that holds an endpoint id")
              + "; rename the property";
    }
    if (message != null) {
      deferError(message, name.span());
    }
  }

  private PropType typeRef() {
    PropType core = coreType();
    if (core == null) {
      return null;
    }
    Scanner.Mark m = lx.mark();
    if (lx.symbol("?") == null) {
      lx.reset(m);
      return core;
    }
    return core.withNullable(true);
  }

  private PropType coreType() {
    Scanner.Mark m = lx.mark();
    PropType t = listType();
    if (t != null) {
      return t;
    }
    lx.reset(m);
    t = enumType();
    if (t != null) {
      return t;
    }
    lx.reset(m);
    t = vectorType();
    if (t != null) {
      return t;
    }
    lx.reset(m);
    Token base = baseType();
    return base == null ? null : PropType.of(BaseType.named(base.text()).orElseThrow(), false);
  }

  private Token baseType() {
    return firstSymbol(BASE_TYPES);
  }

  /** The first of {@code symbols} that matches, tried in order as a PEG choice does. */
  private Token firstSymbol(String[] symbols) {
    for (String symbol : symbols) {
      Scanner.Mark m = lx.mark();
      Token t = lx.symbol(symbol);
      if (t != null) {
        return t;
      }
      lx.reset(m);
    }
    return null;
  }

  private PropType listType() {
    Token open = lx.symbol("[");
    if (open == null) {
      return null;
    }
    Token element = baseType();
    if (element == null) {
      return null;
    }
    Token close = lx.symbol("]");
    if (close == null) {
      return null;
    }
    BaseType base = BaseType.named(element.text()).orElseThrow();
    if (base == BaseType.BLOB) {
      deferError(
          "list of Blob is not supported; declare a single Blob property or a list of another"
              + " type",
          open.span().to(close.span()));
      return PropType.of(BaseType.STRING, false);
    }
    return PropType.listOf(base, false);
  }

  private PropType enumType() {
    Token kw = lx.symbol("enum");
    if (kw == null || lx.symbol("(") == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    Token first = lx.enumValue();
    if (first == null) {
      return null;
    }
    values.add(first.text());
    while (true) {
      Scanner.Mark m = lx.mark();
      Token next = lx.symbol(",") == null ? null : lx.enumValue();
      if (next == null) {
        lx.reset(m);
        break;
      }
      values.add(next.text());
    }
    Token close = lx.symbol(")");
    if (close == null) {
      return null;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String v : values) {
      if (!seen.add(v)) {
        deferError(
            "enum type cannot include duplicate values (\"" + v + "\" appears more than once)",
            kw.span().to(close.span()));
        break;
      }
    }
    return PropType.enumOf(values, false);
  }

  private PropType vectorType() {
    Token kw = lx.symbol("Vector");
    if (kw == null || lx.symbol("(") == null) {
      return null;
    }
    Token dim = lx.integer();
    if (dim == null) {
      return null;
    }
    Token close = lx.symbol(")");
    if (close == null) {
      return null;
    }
    Span span = kw.span().to(close.span());
    OptionalLong value = parseU32(dim.text());
    if (value.isEmpty()) {
      deferError(
          "invalid Vector dimension: "
              + shown(dim.text())
              + " is too large (the maximum is "
              + Integer.MAX_VALUE
              + ")",
          span);
    } else if (value.getAsLong() == 0) {
      deferError("Vector dimension must be greater than zero", span);
    } else if (value.getAsLong() > Integer.MAX_VALUE) {
      deferError(
          "Vector dimension "
              + value.getAsLong()
              + " exceeds maximum supported "
              + Integer.MAX_VALUE,
          span);
    } else {
      return PropType.of(new VectorType((int) value.getAsLong()), false);
    }
    return PropType.of(new VectorType(1), false);
  }

  private List<Annotation> annotations() {
    List<Annotation> annotations = new ArrayList<>();
    while (true) {
      Scanner.Mark m = lx.mark();
      Annotation a = annotation();
      if (a == null) {
        lx.reset(m);
        return annotations;
      }
      annotations.add(a);
    }
  }

  private Annotation annotation() {
    Token at = lx.symbol("@");
    if (at == null || startsBodyConstraint()) {
      return null;
    }
    Token name = lx.ident();
    if (name == null) {
      return null;
    }
    Scanner.Mark beforeArgs = lx.mark();
    Token value = null;
    Map<String, Token> kwargs = new TreeMap<>();
    Span span = at.span().to(name.span());
    if (lx.symbol("(") != null && (value = annotationArgument()) != null) {
      while (true) {
        Scanner.Mark m = lx.mark();
        Token key = lx.symbol(",") == null ? null : lx.ident();
        Token kwValue = key == null || lx.symbol("=") == null ? null : literal();
        if (kwValue == null) {
          lx.reset(m);
          break;
        }
        // Upstream keeps kwargs in a sorted map: a repeated key silently keeps the last value.
        kwargs.put(key.text(), kwValue);
      }
      Token close = lx.symbol(")");
      if (close == null) {
        value = null;
      } else {
        span = span.to(close.span());
      }
    }
    if (value == null) {
      lx.reset(beforeArgs);
      kwargs.clear();
    }
    TreeMap<String, String> decodedKwargs = new TreeMap<>();
    String decodedValue = value == null ? null : decodeOrDefer(value);
    for (Map.Entry<String, Token> e : kwargs.entrySet()) {
      decodedKwargs.put(e.getKey(), decodeOrDefer(e.getValue()));
    }
    return new Annotation(name.text(), Optional.ofNullable(decodedValue), decodedKwargs, span);
  }

  // The grammar's negative lookahead !(constraint_name ~ "("): such text is a body constraint.
  private boolean startsBodyConstraint() {
    Scanner.Mark m = lx.mark();
    lx.beginSilent();
    try {
      return constraintName() != null && lx.symbol("(") != null;
    } finally {
      lx.endSilent();
      lx.reset(m);
    }
  }

  private Token constraintName() {
    return firstSymbol(CONSTRAINT_NAMES);
  }

  private Token annotationArgument() {
    Scanner.Mark m = lx.mark();
    Token t = literal();
    if (t != null) {
      return t;
    }
    lx.reset(m);
    return lx.ident();
  }

  /** {@code string | float | integer | bool}, tried in that order. */
  private Token literal() {
    Scanner.Mark m = lx.mark();
    Token t = lx.string();
    if (t == null) {
      lx.reset(m);
      t = lx.floatLiteral();
    }
    if (t == null) {
      lx.reset(m);
      t = lx.integer();
    }
    if (t == null) {
      lx.reset(m);
      t = lx.bool();
    }
    return t;
  }

  /** A body constraint argument: a range, a literal or a name, tried in that order. */
  private sealed interface ConstraintArg {
    Span span();
  }

  private record RangeArg(Optional<Bound> min, Optional<Bound> max, Span span)
      implements ConstraintArg {}

  private record LiteralArg(Token token) implements ConstraintArg {
    @Override
    public Span span() {
      return token.span();
    }
  }

  private record NameArg(Token token) implements ConstraintArg {
    @Override
    public Span span() {
      return token.span();
    }
  }

  private Constraint bodyConstraint() {
    Token at = lx.symbol("@");
    if (at == null) {
      return null;
    }
    Token name = constraintName();
    if (name == null || lx.symbol("(") == null) {
      return null;
    }
    List<ConstraintArg> args = new ArrayList<>();
    ConstraintArg first = constraintArg();
    if (first == null) {
      return null;
    }
    args.add(first);
    while (true) {
      Scanner.Mark m = lx.mark();
      ConstraintArg next = lx.symbol(",") == null ? null : constraintArg();
      if (next == null) {
        lx.reset(m);
        break;
      }
      args.add(next);
    }
    Token close = lx.symbol(")");
    if (close == null) {
      return null;
    }
    return buildConstraint(name.text(), args, at.span().to(close.span()));
  }

  private ConstraintArg constraintArg() {
    Scanner.Mark m = lx.mark();
    RangeArg range = rangeBound();
    if (range != null) {
      return range;
    }
    lx.reset(m);
    Token lit = literal();
    if (lit != null) {
      return new LiteralArg(lit);
    }
    lx.reset(m);
    Token name = lx.ident();
    return name == null ? null : new NameArg(name);
  }

  private RangeArg rangeBound() {
    Scanner.Mark m = lx.mark();
    Token low = signedNumber();
    if (low != null) {
      Token dots = lx.symbol("..");
      if (dots != null) {
        Scanner.Mark beforeHigh = lx.mark();
        Token high = signedNumber();
        if (high == null) {
          lx.reset(beforeHigh);
        }
        Span span = low.span().to(high == null ? dots.span() : high.span());
        return new RangeArg(
            Optional.of(bound(low)), Optional.ofNullable(high).map(SchemaParser::bound), span);
      }
    }
    lx.reset(m);
    Token dots = lx.symbol("..");
    if (dots == null) {
      return null;
    }
    Token high = signedNumber();
    if (high == null) {
      return null;
    }
    // Upstream stores a lone upper bound ("..200") as the minimum, a bug; we keep it as the
    // maximum, which is what the text says (see docs/schema-language.md, "Differences").
    return new RangeArg(Optional.empty(), Optional.of(bound(high)), dots.span().to(high.span()));
  }

  private Token signedNumber() {
    Scanner.Mark m = lx.mark();
    Token t = lx.signedFloat();
    if (t != null) {
      return t;
    }
    lx.reset(m);
    return lx.signedInteger();
  }

  private static Bound bound(Token number) {
    String text = number.text();
    try {
      return new Bound.IntegerBound(Long.parseLong(text));
    } catch (NumberFormatException tooLargeForLong) {
      return new Bound.FloatBound(Double.parseDouble(text));
    }
  }

  // A constraint whose arguments are wrong defers its error and yields an empty index: the file
  // then fails, so the placeholder is never seen.
  private Constraint buildConstraint(String name, List<ConstraintArg> args, Span span) {
    return switch (name) {
      case "key", "unique", "index" -> columnsConstraint(name, args, span);
      case "range" -> rangeConstraint(args, span);
      default -> checkConstraint(args, span);
    };
  }

  private Constraint columnsConstraint(String name, List<ConstraintArg> args, Span span) {
    List<String> columns = new ArrayList<>();
    for (ConstraintArg arg : args) {
      String column = propertyName(arg, name);
      if (column == null) {
        return new Constraint.Index(List.of(), span);
      }
      columns.add(column);
    }
    return switch (name) {
      case "key" -> new Constraint.Key(columns, span);
      case "unique" -> new Constraint.Unique(columns, span);
      default -> new Constraint.Index(columns, span);
    };
  }

  private Constraint rangeConstraint(List<ConstraintArg> args, Span span) {
    if (args.size() < 2) {
      deferError("@range requires property name and bounds: @range(prop, min..max)", span);
      return new Constraint.Index(List.of(), span);
    }
    String property = propertyName(args.get(0), "range");
    if (property == null) {
      return new Constraint.Index(List.of(), span);
    }
    if (!(args.get(1) instanceof RangeArg range)) {
      deferError(
          "expected range bounds (min..max) in @range constraint, for example @range("
              + property
              + ", 0..100)",
          args.get(1).span());
      return new Constraint.Index(List.of(), span);
    }
    return new Constraint.Range(property, range.min(), range.max(), span);
  }

  private Constraint checkConstraint(List<ConstraintArg> args, Span span) {
    if (args.size() < 2) {
      deferError("@check requires property name and pattern: @check(prop, \"regex\")", span);
      return new Constraint.Index(List.of(), span);
    }
    String property = propertyName(args.get(0), "check");
    if (property == null) {
      return new Constraint.Index(List.of(), span);
    }
    if (!(args.get(1) instanceof LiteralArg lit) || lit.token().kind() != Token.Kind.STRING) {
      deferError(
          "expected string argument in constraint: the pattern of @check must be a quoted"
              + " regular expression",
          args.get(1).span());
      return new Constraint.Index(List.of(), span);
    }
    return new Constraint.Check(property, decodeOrDefer(lit.token()), span);
  }

  private String propertyName(ConstraintArg arg, String constraint) {
    if (arg instanceof NameArg(Token token)) {
      return token.text();
    }
    deferError(
        "expected property name in constraint @"
            + constraint
            + ": write the property's name unquoted, for example @"
            + constraint
            + "(name)",
        arg.span());
    return null;
  }

  private String decodeOrDefer(Token token) {
    try {
      return StringLiterals.decode(token.text());
    } catch (CompileError e) {
      lx.defer(e.withSpan(token.span(), lx.source()));
      return token.text();
    }
  }

  private void deferError(String message, Span span) {
    lx.defer(new CompileError(ErrorKind.PARSE, message, span, lx.source()));
  }

  private static OptionalLong parseU32(String digits) {
    // Strip leading zeros and bound the length first: parsing an arbitrarily long digit run is
    // quadratic, and anything over ten significant digits is out of range anyway.
    int first = 0;
    while (first < digits.length() - 1 && digits.charAt(first) == '0') {
      first++;
    }
    if (digits.length() - first > 10) {
      return OptionalLong.empty();
    }
    long value = Long.parseLong(digits.substring(first));
    return value <= U32_MAX ? OptionalLong.of(value) : OptionalLong.empty();
  }

  /** A number as messages show it: long digit runs are shortened. */
  private static String shown(String digits) {
    return digits.length() <= 24
        ? digits
        : digits.substring(0, 12) + "..." + " (" + digits.length() + " digits)";
  }

  /** Appends {@code Key/Unique/Index([p])} for each valueless property-level annotation. */
  static void desugarPropertyConstraints(
      List<PropertyDecl> properties, List<Constraint> constraints) {
    for (PropertyDecl p : properties) {
      for (Annotation a : p.annotations()) {
        if (a.value().isPresent()) {
          continue;
        }
        switch (a.name()) {
          case "key" -> constraints.add(new Constraint.Key(List.of(p.name()), a.span()));
          case "unique" -> constraints.add(new Constraint.Unique(List.of(p.name()), a.span()));
          case "index" -> constraints.add(new Constraint.Index(List.of(p.name()), a.span()));
          default -> {}
        }
      }
    }
  }
}
