package dev.omnigraph.cli;

/** The process entry point of {@code omnigraph}: runs one command and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(OmnigraphCli.run(args, CliEnvironment.system()));
  }
}
