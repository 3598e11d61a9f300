package dev.omnigraph.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Upstream's argv shim for renamed verbs: {@code check} and {@code query lint|check} run {@code
 * lint}, and {@code read} runs {@code query} and {@code change} runs {@code mutate}, with a
 * one-line warning on stderr. Only the verb position is rewritten, found by skipping global flags
 * and their values.
 */
final class DeprecatedVerbs {
  // Global flags that take a value as the next argument (unless written --flag=value).
  private static final Set<String> VALUE_FLAGS =
      Set.of("--as", "--server", "--graph", "--profile", "--store", "--cluster");

  private DeprecatedVerbs() {}

  /** {@code args} with a deprecated verb replaced by its successor; warnings go to {@code warn}. */
  static List<String> rewrite(String[] args, Consumer<String> warn) {
    List<String> out = new ArrayList<>(Arrays.asList(args));
    int verb = verbIndex(out);
    if (verb < 0) {
      return out;
    }
    if (out.get(verb).equals("read")) {
      warn.accept("`omnigraph read` is deprecated; use `omnigraph query`");
      out.set(verb, "query");
    } else if (out.get(verb).equals("change")) {
      warn.accept("`omnigraph change` is deprecated; use `omnigraph mutate`");
      out.set(verb, "mutate");
    } else if (out.get(verb).equals("check")) {
      warn.accept("`omnigraph check` is deprecated; use `omnigraph lint`");
      out.set(verb, "lint");
    } else if (out.get(verb).equals("query")
        && verb + 1 < out.size()
        && (out.get(verb + 1).equals("lint") || out.get(verb + 1).equals("check"))) {
      warn.accept(
          "`omnigraph query " + out.get(verb + 1) + "` is deprecated; use `omnigraph lint`");
      out.remove(verb + 1);
      out.set(verb, "lint");
    }
    return out;
  }

  private static int verbIndex(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        return -1;
      }
      if (!a.startsWith("-")) {
        return i;
      }
      if (VALUE_FLAGS.contains(a)) {
        i++;
      }
    }
    return -1;
  }
}
