package dev.omnigraph.cli;

import dev.omnigraph.api.SchemaApplyOutput;
import dev.omnigraph.api.SchemaOutput;
import dev.omnigraph.api.WireJson;
import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.txn.Committed;
import dev.omnigraph.lang.schema.Json;
import dev.omnigraph.lang.schema.SchemaPlan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code omnigraph schema show|plan|apply}: a graph's accepted schema and its migrations. */
@Command(
    name = "schema",
    description = "Show a graph's schema, plan a change to it, apply the change.",
    subcommands = {SchemaCommand.Show.class, SchemaCommand.Plan.class, SchemaCommand.Apply.class})
final class SchemaCommand {
  private SchemaCommand() {}

  /** {@code schema show|get [URI] [--json]}: the accepted {@code .pg} source of main. */
  @Command(
      name = "show",
      aliases = "get",
      description = "Print the accepted .pg schema source of main.")
  static final class Show extends VerbCommand {
    static final Verb VERB = Verb.read("schema show", Capability.ANY);

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "<URI>",
        description = "The graph: a path, file:// or s3:// URI.")
    String uri;

    @Option(names = "--json", description = "Print JSON (upstream's SchemaOutput).")
    boolean json;

    @Override
    int execute() {
      String source =
          switch (address(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL)) {
            case GraphTarget target -> {
              try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
                yield graph.snapshot("main").schema().source();
              }
            }
            case ServerGraph served -> {
              try (ServerClient server = connect(served)) {
                yield server.get("/schema", SchemaOutput.class).schemaSource();
              }
            }
          };
      if (json) {
        printJson(new SchemaOutput(source));
      } else {
        out().print(source.endsWith("\n") || source.isEmpty() ? source : source + "\n");
      }
      return ExitCode.OK;
    }
  }

  /** What both migration verbs take: the graph, the desired schema, and the drop mode. */
  static final class MigrationInput {
    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "<URI>",
        description = "The graph: a path, file:// or s3:// URI.")
    String uri;

    @Option(
        names = "--schema",
        required = true,
        paramLabel = "<file.pg>",
        description = "The desired schema.")
    Path schema;

    @Option(
        names = "--allow-data-loss",
        description = "Plan drops as hard drops (their data goes) instead of soft ones.")
    boolean allowDataLoss;
  }

  /**
   * {@code schema plan [URI] --schema F [--allow-data-loss] [--json]}: the migration, unapplied.
   */
  @Command(
      name = "plan",
      description = "Print the migration from main's schema to the schema of a .pg file.")
  static final class Plan extends VerbCommand {
    static final Verb VERB = Verb.read("schema plan", Capability.DIRECT);

    @Mixin MigrationInput input;

    @Option(names = "--json", description = "Print JSON: {uri, supported, step_count, steps}.")
    boolean json;

    @Override
    int execute() {
      GraphTarget target = target(VERB, Optional.ofNullable(input.uri), ScopeFlags.POSITIONAL);
      String source = readSchema(input.schema);
      SchemaPlan plan;
      try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
        plan = graph.planSchema("main", source, input.allowDataLoss);
      }
      if (json) {
        out().println(plan.renderJson(target.uri()));
      } else {
        out().print(plan.renderText(target.uri()));
      }
      return ExitCode.OK;
    }
  }

  /** {@code schema apply [URI] --schema F [--allow-data-loss] [--json]}: one commit on main. */
  @Command(
      name = "apply",
      description = "Apply the schema of a .pg file to main in one commit (schema and data).")
  static final class Apply extends VerbCommand {
    static final Verb VERB = Verb.write("schema apply", Capability.ANY);

    @Mixin MigrationInput input;

    @Option(
        names = "--json",
        description =
            "Print JSON: {uri, supported, applied, step_count, graph_manifest_version, steps}.")
    boolean json;

    @Override
    int execute() {
      GraphAddress address = address(VERB, Optional.ofNullable(input.uri), ScopeFlags.POSITIONAL);
      String source = readSchema(input.schema);
      echoWriteTarget(address);
      if (address instanceof ServerGraph served) {
        return served(served, source);
      }
      GraphTarget target = (GraphTarget) address;
      Committed<SchemaPlan> done;
      long version;
      try (Omnigraph graph = open(target, AccessMode.READ_WRITE)) {
        done = graph.applySchema(source, input.allowDataLoss);
        // Our graph version is the seq of main's newest commit: the apply's, or the unchanged head.
        version =
            done.record().isPresent() ? done.record().get().seq() : graph.snapshot("main").seq();
      }
      SchemaPlan plan = done.result();
      boolean applied = done.record().isPresent();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uri", target.uri());
        m.put("supported", plan.supported());
        m.put("applied", applied);
        m.put("step_count", plan.steps().size());
        m.put("graph_manifest_version", version);
        m.put("steps", plan.toJsonTree().get("steps"));
        out().println(Json.writePretty(m));
      } else {
        out().print(plan.renderText(target.uri()));
        out().println(applied ? "applied at commit " + version : "nothing to apply");
      }
      return ExitCode.OK;
    }

    // POST /schema/apply: the server plans and applies; its answer is the same record as --json
    // prints locally. Without the plan object, the human form lists the steps as JSON lines.
    private int served(ServerGraph graph, String source) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("schema_source", source);
      body.put("allow_data_loss", input.allowDataLoss);
      SchemaApplyOutput r;
      try (ServerClient server = connect(graph)) {
        r = server.post("/schema/apply", body, SchemaApplyOutput.class);
      }
      if (json) {
        printJson(r);
        return ExitCode.OK;
      }
      out()
          .println(
              "schema plan for "
                  + graph.uri()
                  + ": "
                  + r.stepCount()
                  + (r.stepCount() == 1 ? " step" : " steps")
                  + (r.supported() ? "" : " (unsupported)"));
      for (Object step : r.steps()) {
        out().println("  " + WireJson.compact(step));
      }
      out()
          .println(
              r.applied() ? "applied at commit " + r.graphManifestVersion() : "nothing to apply");
      return ExitCode.OK;
    }
  }
}
