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
import java.util.List;
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
    GraphTarget target = target(VERB, Optional.ofNullable(uri), ScopeFlags.POSITIONAL);
    try (Omnigraph graph = open(target, AccessMode.READ_ONLY)) {
      checkTypes(graph.snapshot(branch));
      if (output == null) {
        Writer out = types.isEmpty() ? out() : new TypeFilter(out(), types);
        graph.export(branch, out);
        out.flush();
      } else {
        toFile(graph);
      }
    } catch (IOException e) {
      throw new CliException("cannot write --output file " + output + ": " + e.getMessage(), e);
    }
    return ExitCode.OK;
  }

  // Written beside the target and moved over it, so a failed export leaves no partial file.
  private void toFile(Omnigraph graph) throws IOException {
    Path absolute = output.toAbsolutePath();
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    try {
      try (Writer file = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        Writer out = types.isEmpty() ? file : new TypeFilter(file, types);
        graph.export(branch, out);
        out.flush();
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
