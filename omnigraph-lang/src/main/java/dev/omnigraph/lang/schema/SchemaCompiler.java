package dev.omnigraph.lang.schema;

import dev.omnigraph.lang.source.CompileError;
import dev.omnigraph.lang.source.SourceText;
import java.util.Optional;

/**
 * The entry point of the {@code .pg} schema language: parses and validates source, derives its
 * canonical {@link SchemaShape}, assigns identities ({@link SchemaIr}) and builds the {@link
 * Catalog}; every failure is a {@link CompileError} that names the problem and, where it has one,
 * its place in the source.
 */
public final class SchemaCompiler {
  // Unbound catalogs need some domain to build an IR; their ids are never exposed.
  private static final String PROVISIONAL_DOMAIN = "00000000000000000000000000";

  private SchemaCompiler() {}

  /** Parses and validates new schema source (stages A to E of the pipeline). */
  public static SchemaFile parse(SourceText source) {
    return parse(source, SchemaMode.ADMISSION);
  }

  /** Parses and validates schema source under {@code mode}. */
  public static SchemaFile parse(SourceText source, SchemaMode mode) {
    return SchemaValidator.validate(SchemaParser.parse(source), source, mode);
  }

  /** Parses and validates {@code text}, naming it {@code <schema>} in diagnostics. */
  public static SchemaFile parse(String text) {
    return parse(SourceText.of("<schema>", text));
  }

  /** Parses, validates and checks the catalog of {@code source} (stages A to F): its shape. */
  public static SchemaShape shape(SourceText source) {
    return shape(source, SchemaMode.ADMISSION);
  }

  /** As {@link #shape(SourceText)}, under {@code mode}. */
  public static SchemaShape shape(SourceText source, SchemaMode mode) {
    return ShapeCompiler.compile(parse(source, mode), source);
  }

  /** Checks the catalog of an already parsed schema (stage F) and returns its shape. */
  public static SchemaShape shape(SchemaFile file) {
    return ShapeCompiler.compile(file, null);
  }

  /**
   * The accepted IR of a new graph's first schema, with ids allocated canonically from 1 in the
   * graph's identity domain {@code identityDomain} (a canonical uppercase ULID).
   */
  public static SchemaIr initialIr(SchemaShape shape, String identityDomain) {
    SchemaIr ir = SchemaIrBuilder.initial(shape, identityDomain);
    SchemaIrValidator.validate(ir);
    Catalog.bound(ir);
    return ir;
  }

  /**
   * Plans the migration of a graph whose accepted schema is {@code accepted} to the schema {@code
   * desired} (spec §6): resolves identities ({@code @rename_from} hints, fresh ids from the
   * accepted high-water mark, new table incarnations for rewritten tables), lists the steps with
   * their verdicts and the effect on each table. Drops are soft; see {@link #plan(SchemaIr,
   * SourceText, boolean)}. Planning the accepted schema again gives an empty plan.
   *
   * @throws CompileError when {@code desired} does not compile, when a rename hint cannot be
   *     honoured (kind {@code RESOLUTION}), or when {@code accepted} is not a valid IR
   */
  public static SchemaPlan plan(SchemaIr accepted, SourceText desired) {
    return plan(accepted, desired, false);
  }

  /**
   * As {@link #plan(SchemaIr, SourceText)}; with {@code allowDataLoss} every dropped type and
   * property is dropped in hard mode (its data becomes unreachable at once).
   */
  public static SchemaPlan plan(SchemaIr accepted, SourceText desired, boolean allowDataLoss) {
    SchemaIrValidator.validate(accepted);
    SchemaFile file = parse(desired, SchemaMode.ADMISSION);
    SchemaShape shape = ShapeCompiler.compile(file, desired);
    IdentityResolver.Resolution resolution =
        IdentityResolver.resolve(accepted, shape, Optional.of(file), desired);
    Catalog.bound(resolution.ir());
    return SchemaPlan.between(accepted, resolution.ir(), allowDataLoss, resolution.notes());
  }

  /** The catalog of an accepted schema. */
  public static Catalog catalog(SchemaIr ir) {
    return Catalog.bound(ir);
  }

  /**
   * The catalog of source alone, for offline checks such as linting queries: every check of an
   * accepted schema applies, but ids are provisional and not exposed.
   */
  public static Catalog catalog(SourceText source) {
    return Catalog.unbound(SchemaIrBuilder.initial(shape(source), PROVISIONAL_DOMAIN));
  }
}
