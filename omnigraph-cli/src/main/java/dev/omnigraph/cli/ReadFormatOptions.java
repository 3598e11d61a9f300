package dev.omnigraph.cli;

import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The output flags of a read verb, {@code --format table|kv|csv|jsonl|json} and {@code --json}: a
 * verb mixes this in ({@code @Mixin ReadFormatOptions format}) and asks {@link #choose} for the
 * format, which applies upstream's cascade with the operator config.
 */
final class ReadFormatOptions {
  @Option(
      names = "--format",
      paramLabel = "<FORMAT>",
      converter = Names.class,
      description = "table, kv, csv, jsonl or json (default: defaults.output, else table).")
  ReadFormat format;

  @Option(names = "--json", description = "The same as --format json.")
  boolean json;

  /** The format to print in: these flags, else the alias's format, else {@code defaults.output}. */
  ReadFormat choose(Optional<ReadFormat> alias, OperatorConfig config) {
    return ReadFormat.choose(json, Optional.ofNullable(format), alias, config.defaults().output());
  }

  /** Parses a format name, refusing others with the list of valid ones. */
  static final class Names implements ITypeConverter<ReadFormat> {
    @Override
    public ReadFormat convert(String value) {
      return ReadFormat.named(value)
          .orElseThrow(() ->
              new TypeConversionException(
                  "unknown format '" + value + "'; use one of " + ReadFormat.names()));
    }
  }
}
