package dev.omnigraph.cli;

import dev.omnigraph.engine.AccessMode;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code omnigraph export [URI] [--branch B] [--type T]... [--output F]}: streams a branch's newest
 * state as JSONL in the load format (edge types, then node types, each by name; rows by id) to
 * stdout, or to a file that appears only once it is complete.
 */
@Command(name = "export", description = "Write a branch's newest state as JSONL.")
final class ExportCommand extends VerbCommand {
  static final Verb VERB = Verb.read("export", Capability.ANY);

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<URI>",
      description = "The graph: a path, file:// or s3:// URI.")
  String uri;

  @Option(
      names = "--branch",
      paramLabel = "<B>",
      description = "The branch to export (default: main).")
  String branch = "main";

  @Option(
      names = "--type",
      paramLabel = "<T>",
      description = "Export only this node or edge type (repeatable).")
  List<String> types = new ArrayList<>();

  @Option(
      names = "--output",
      paramLabel = "<F>",
      description = "Write to this file (replaced once complete) instead of stdout.")
  Path output;

  @Override
  int execute() {
    switch (address(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL)) {
      case GraphTarget target -> {
        try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
          checkTypes(graph.snapshot(branch));
          write(out -> {
            Writer filtered = types.isEmpty() ? out : new TypeFilter(out, types);
            graph.export(branch, filtered);
            filtered.flush();
          });
        }
      }
      case ServerGraph served -> {
        // The server checks the types against the branch's schema and filters by them.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("branch", branch);
        if (!types.isEmpty()) {
          body.put("type_names", types);
        }
        try (ServerClient server = connect(served)) {
          write(out -> server.postStreaming("/export", body, out));
        }
      }
    }
    return ExitCode.OK;
  }

  /** Writes the export lines to a writer. */
  @FunctionalInterface
  private interface Lines {
    void writeTo(Writer out) throws IOException;
  }

  // To stdout, or to --output: written beside the target and moved over it, so a failed export
  // leaves no partial file.
  private void write(Lines lines) {
    try {
      if (output == null) {
        lines.writeTo(out());
        out().flush();
      } else {
        toFile(lines);
      }
    } catch (IOException e) {
      throw new CliException("cannot write --output file " + output + ": " + e.getMessage(), e);
    }
  }

  private void toFile(Lines lines) throws IOException {
    Path absolute = output.toAbsolutePath();
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    try {
      try (Writer file = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        lines.writeTo(file);
        file.flush();
      }
      Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
  }

  private void checkTypes(Snapshot snapshot) {
    for (String type : types) {
      if (snapshot.table(Snapshot.EntityKind.NODE, type).isEmpty()
          && snapshot.table(Snapshot.EntityKind.EDGE, type).isEmpty()) {
        throw new CliException(
            "--type "
                + type
                + ": the schema of branch '"
                + branch
                + "' has no node or edge type of that name; `omnigraph schema show` lists them");
      }
    }
  }

  /** Passes on only the export lines of the named types; lines arrive whole or in pieces. */
  static final class TypeFilter extends Writer {
    private final Writer out;
    private final List<String> prefixes;
    private final StringBuilder line = new StringBuilder();

    TypeFilter(Writer out, List<String> types) {
      this.out = out;
      // Export lines start with the type or edge name, written as a plain JSON string.
      this.prefixes = new ArrayList<>();
      for (String t : types) {
        prefixes.add("{\"type\":\"" + t + "\"");
        prefixes.add("{\"edge\":\"" + t + "\"");
      }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        line.append(cbuf[i]);
        if (cbuf[i] == '\n') {
          String whole = line.toString();
          line.setLength(0);
          if (prefixes.stream().anyMatch(whole::startsWith)) {
            out.write(whole);
          }
        }
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
