package dev.omnigraph.cli;

import java.io.Console;
import java.util.Optional;

/** Where the CLI can ask a person to confirm something, when a person is there to answer. */
interface Terminal {
  /** Whether both input and output are an interactive terminal. */
  boolean interactive();

  /** Shows {@code prompt} and reads one answer line; empty at end of input. */
  Optional<String> ask(String prompt);

  /** The process's terminal: interactive only when the JVM's console is a real terminal. */
  static Terminal system() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        return console().map(Console::isTerminal).orElse(false);
      }

      @Override
      public Optional<String> ask(String prompt) {
        return console().filter(Console::isTerminal).map(c -> c.readLine("%s", prompt));
      }

      // Since JDK 22 there is a console object even without a terminal; isTerminal() tells.
      private Optional<Console> console() {
        return Optional.ofNullable(System.console());
      }
    };
  }

  /** No terminal: nobody to ask (pipes, CI, tests). */
  static Terminal none() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        return false;
      }

      @Override
      public Optional<String> ask(String prompt) {
        return Optional.empty();
      }
    };
  }
}
