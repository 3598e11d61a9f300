package dev.omnigraph.server;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code omnigraph-server} process: reads the command line, starts the server, prints {@code
 * OMNIGRAPH_LISTEN_ADDR=<host:port>} once listening, and on SIGINT or SIGTERM stops gracefully
 * (requests in flight finish) before exiting.
 */
public final class Main {
  /** Exit status for a start-up refusal. */
  static final int FAILURE = 1;

  /** Exit status for a malformed command line. */
  static final int USAGE = 2;

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    configureLogging(System.getenv());
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    BootArguments.Command command;
    try {
      command = BootArguments.parse(List.of(args), System.getenv());
    } catch (BootArguments.UsageException e) {
      err.println("omnigraph-server: error: " + e.getMessage());
      System.exit(USAGE);
      return;
    }
    switch (command) {
      case BootArguments.Command.Help h -> out.print(BootArguments.USAGE);
      case BootArguments.Command.Version v ->
          out.println("omnigraph-server " + OmnigraphServer.version());
      case BootArguments.Command.Serve serve -> {
        OmnigraphServer server;
        try {
          server = OmnigraphServer.start(serve.settings(), System.getenv());
        } catch (ServerBootException e) {
          err.println("omnigraph-server: error: " + e.getMessage());
          System.exit(FAILURE);
          return;
        }
        // SIGINT and SIGTERM run shutdown hooks: stop gracefully there. The main thread then
        // returns from join() and must not call System.exit, which would wait on this very hook.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "omnigraph-shutdown"));
        out.println("OMNIGRAPH_LISTEN_ADDR=" + server.listenAddress());
        server.join();
      }
    }
  }

  // slf4j-simple reads these once, when the first logger is made: set them before that.
  private static void configureLogging(Map<String, String> env) {
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", env.getOrDefault("OMNIGRAPH_LOG", "info"));
    setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    setDefault("org.slf4j.simpleLogger.log.org.apache.arrow", "warn");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  }

  private static void setDefault(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
