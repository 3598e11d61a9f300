package dev.omnigraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnigraph.api.ReadOutput;
import dev.omnigraph.api.ReadTargetOutput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The five read formats against golden text, and the format cascade. */
class ReadPrinterTest {
  static Map<String, Object> row(Object... keyValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      row.put((String) keyValues[i], keyValues[i + 1]);
    }
    return row;
  }

  /** Upstream's get_person shape plus the awkward cells: nulls, lists, commas, quotes, newlines. */
  static ReadOutput people() {
    return new ReadOutput(
        "people",
        ReadTargetOutput.ofBranch("main"),
        3,
        List.of("p.name", "p.age", "p.tags"),
        List.of(
            row("p.name", "Alice", "p.age", 30, "p.tags", List.of("a", "b")),
            row("p.name", "Bob, \"the\" builder", "p.age", null, "p.tags", List.of()),
            row(
                "p.name",
                "Line one\nline two of a name far longer than any column should be allowed",
                "p.age",
                9007199254740993L,
                "p.tags",
                Map.of("k", true))),
        "01K0000000000000000000000A");
  }

  static ReadOutput empty() {
    return new ReadOutput(
        "nobody",
        ReadTargetOutput.ofSnapshot("01K0000000000000000000000A"),
        0,
        List.of(),
        List.of(),
        null);
  }

  @Test
  void tableFitsColumnsTruncatesLongCellsAndEscapesNewlines() {
    assertThat(
            ReadPrinter.print(people(), ReadFormat.TABLE, new TableStyle(30, CellLayout.TRUNCATE)))
        .isEqualTo(CliRunner.resource("golden/read-table.txt"));
  }

  @Test
  void tableWrapsLongCellsOnTheFollowingLines() {
    assertThat(ReadPrinter.print(people(), ReadFormat.TABLE, new TableStyle(30, CellLayout.WRAP)))
        .isEqualTo(CliRunner.resource("golden/read-table-wrap.txt"));
  }

  @Test
  void tableColumnsAreNeverNarrowerThanEight() {
    ReadOutput out =
        new ReadOutput(
            "q",
            ReadTargetOutput.ofBranch("main"),
            1,
            List.of("name"),
            List.of(row("name", "abcdefghijkl")),
            null);
    assertThat(ReadPrinter.print(out, ReadFormat.TABLE, new TableStyle(3, CellLayout.TRUNCATE)))
        .isEqualTo("1 rows from branch main via q\nname\n--------\nabcdefg…\n");
  }

  @Test
  void tableWithoutColumnsSaysNoRows() {
    assertThat(ReadPrinter.print(empty(), ReadFormat.TABLE, TableStyle.DEFAULT))
        .isEqualTo("0 rows from snapshot 01K0000000000000000000000A via nobody\n(no rows)\n");
  }

  @Test
  void tableColumnsFallBackToTheSortedUnionOfRowKeys() {
    ReadOutput out =
        new ReadOutput(
            "q",
            ReadTargetOutput.ofBranch("main"),
            2,
            List.of(),
            List.of(row("b", 1), row("a", 2)),
            null);
    assertThat(ReadPrinter.print(out, ReadFormat.TABLE, TableStyle.DEFAULT))
        .isEqualTo(
            """
            2 rows from branch main via q
            a    | b
            -----+-----
            null | 1
            2    | null
            """);
  }

  @Test
  void kvPrintsOneBlockPerRow() {
    assertThat(ReadPrinter.print(people(), ReadFormat.KV, TableStyle.DEFAULT))
        .isEqualTo(CliRunner.resource("golden/read-kv.txt"));
    assertThat(ReadPrinter.print(empty(), ReadFormat.KV, TableStyle.DEFAULT))
        .isEqualTo("0 rows from snapshot 01K0000000000000000000000A via nobody\n(no rows)\n");
  }

  @Test
  void csvQuotesFieldsWithCommasQuotesAndNewlines() {
    assertThat(ReadPrinter.print(people(), ReadFormat.CSV, TableStyle.DEFAULT))
        .isEqualTo(CliRunner.resource("golden/read.csv"));
  }

  @Test
  void jsonlStartsWithAMetadataLine() {
    assertThat(ReadPrinter.print(people(), ReadFormat.JSONL, TableStyle.DEFAULT))
        .isEqualTo(CliRunner.resource("golden/read.jsonl"));
  }

  @Test
  void jsonIsTheWholeReadOutputIndented() {
    assertThat(ReadPrinter.print(people(), ReadFormat.JSON, TableStyle.DEFAULT))
        .isEqualTo(CliRunner.resource("golden/read.json"));
  }

  @Test
  void theCascadeIsJsonThenFormatThenAliasThenConfigThenTable() {
    Optional<ReadFormat> none = Optional.empty();
    assertThat(ReadFormat.choose(false, none, none, none)).isEqualTo(ReadFormat.TABLE);
    assertThat(ReadFormat.choose(false, none, none, Optional.of(ReadFormat.CSV)))
        .isEqualTo(ReadFormat.CSV);
    assertThat(
            ReadFormat.choose(false, none, Optional.of(ReadFormat.KV), Optional.of(ReadFormat.CSV)))
        .isEqualTo(ReadFormat.KV);
    assertThat(
            ReadFormat.choose(
                false,
                Optional.of(ReadFormat.JSONL),
                Optional.of(ReadFormat.KV),
                Optional.of(ReadFormat.CSV)))
        .isEqualTo(ReadFormat.JSONL);
    assertThat(
            ReadFormat.choose(
                true,
                Optional.of(ReadFormat.JSONL),
                Optional.of(ReadFormat.KV),
                Optional.of(ReadFormat.CSV)))
        .isEqualTo(ReadFormat.JSON);
  }

  /** A stand-in read verb: the mixin as the query verb will use it. */
  @Command(name = "read-verb")
  static final class ReadVerb implements java.util.concurrent.Callable<Integer> {
    @Mixin ReadFormatOptions format;
    OperatorConfig config;
    ReadFormat chosen;

    @Override
    public Integer call() {
      chosen = format.choose(Optional.empty(), config);
      return 0;
    }
  }

  static ReadFormat chosen(OperatorConfig config, String... args) {
    ReadVerb verb = new ReadVerb();
    verb.config = config;
    CommandLine cli = new CommandLine(verb);
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute(args)).as("%s", err).isZero();
    return verb.chosen;
  }

  @Test
  void theFormatFlagsMixinAppliesTheCascadeWithTheOperatorConfig() {
    OperatorConfig csvDefault =
        OperatorConfig.parse(Path.of("c.yaml"), "defaults:\n  output: csv\n", w -> {});
    OperatorConfig none = OperatorConfig.empty(Path.of("c.yaml"));
    assertThat(chosen(none)).isEqualTo(ReadFormat.TABLE);
    assertThat(chosen(csvDefault)).isEqualTo(ReadFormat.CSV);
    assertThat(chosen(csvDefault, "--format", "jsonl")).isEqualTo(ReadFormat.JSONL);
    assertThat(chosen(csvDefault, "--format", "kv", "--json")).isEqualTo(ReadFormat.JSON);

    ReadVerb verb = new ReadVerb();
    verb.config = none;
    CommandLine cli = new CommandLine(verb);
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("--format", "xml")).isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown format 'xml'; use one of table, kv, csv, jsonl, json");
  }
}
