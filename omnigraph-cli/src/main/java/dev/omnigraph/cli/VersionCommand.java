package dev.omnigraph.cli;

import picocli.CommandLine.Command;

/** {@code omnigraph version}: this build's version and the storage format version it writes. */
@Command(name = "version", description = "Print the version and the internal schema version.")
final class VersionCommand extends VerbCommand {
  static final Verb VERB = Verb.read("version", Capability.LOCAL);

  @Override
  int execute() {
    Addressing.checkLocal(VERB, root().scopeFlags());
    for (String line : OmnigraphCli.versionLines()) {
      out().println(line);
    }
    return ExitCode.OK;
  }
}
