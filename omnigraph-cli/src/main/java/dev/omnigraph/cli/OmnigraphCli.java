package dev.omnigraph.cli;

import dev.omnigraph.engine.log.CommitRecord;
import dev.omnigraph.lang.source.CompileError;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;

/**
 * Runs one {@code omnigraph} command line in-process against a {@link CliEnvironment} and returns
 * its exit code: usage errors exit 2 with one line, failures exit 1 (or 4) with one line from
 * {@link Failure}, never a stack trace unless {@code --verbose}.
 */
final class OmnigraphCli {
  private OmnigraphCli() {}

  static int run(String[] args, CliEnvironment env) {
    List<String> argv = DeprecatedVerbs.rewrite(args, w -> env.err().println("warning: " + w));
    OmnigraphCommand root = new OmnigraphCommand(env);
    CommandLine cli = new CommandLine(root);
    cli.setOut(env.out());
    cli.setErr(env.err());
    IVersionProvider version = () -> versionLines();
    setVersionProvider(cli, version);
    cli.setParameterExceptionHandler((e, a) -> {
      env.err()
          .println(
              "error: "
                  + e.getMessage()
                  + " (see `"
                  + e.getCommandLine().getCommandSpec().qualifiedName(" ")
                  + " --help`)");
      return ExitCode.USAGE;
    });
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      Failure failure = Failure.of(e);
      env.err().println(failure.display().stripTrailing());
      if (root.verbose) {
        env.err().println("kind: " + failure.kind());
        if (!(e instanceof CompileError)) {
          e.printStackTrace(env.err());
        }
      }
      return failure.exitCode();
    });
    try {
      return cli.execute(argv.toArray(String[]::new));
    } finally {
      env.out().flush();
      env.err().flush();
    }
  }

  // Each subcommand answers -v/--version itself, so each needs the provider.
  private static void setVersionProvider(CommandLine cli, IVersionProvider provider) {
    cli.getCommandSpec().versionProvider(provider);
    for (CommandLine sub : cli.getSubcommands().values()) {
      setVersionProvider(sub, provider);
    }
  }

  /** {@code omnigraph <version>} and {@code internal-schema <n>}, as {@code version} prints. */
  static String[] versionLines() {
    return new String[] {
      "omnigraph " + buildVersion(), "internal-schema " + CommitRecord.FORMAT_VERSION
    };
  }

  /** This build's version, from the properties Maven filtered at build time. */
  static String buildVersion() {
    Properties p = new Properties();
    try (InputStream in = OmnigraphCli.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the CLI jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read version.properties", e);
    }
    return p.getProperty("version");
  }
}
