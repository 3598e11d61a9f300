package dev.omnigraph.engine.failpoint;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failpoint registry: {@link #hit} is a no-op unless failpoints were enabled when this class
 * was initialised (system property {@code omnigraph.failpoints=enabled}, or a non-empty {@code
 * OMNIGRAPH_FAILPOINTS} environment variable for subprocess tests), and otherwise counts the hit
 * and performs the action a test {@link #arm armed} for that failpoint, if any.
 */
public final class Failpoints {
  /** The system property that enables failpoints when set to {@code enabled}. */
  public static final String PROPERTY = "omnigraph.failpoints";

  /**
   * The environment variable that enables failpoints when non-empty and arms, for the life of the
   * process, the failpoints it names: {@code name=action;name=action}, each action {@code
   * [n*]kind[.after(k)][.times(n)]} with kind {@code error}, {@code crash}, {@code ack-lost} or
   * {@code count}, as {@code Action.toString()} spells them; the value {@code enabled} arms none.
   */
  public static final String ENV_VARIABLE = "OMNIGRAPH_FAILPOINTS";

  /** One failpoint's armed scope and hit count. */
  private record Slot(AtomicReference<Armed> armed, AtomicLong hits) {
    Slot() {
      this(new AtomicReference<>(), new AtomicLong());
    }
  }

  // Filled once at class initialisation and only read after, so plain EnumMap reads are safe; the
  // atomics inside make arm, disarm and lookup lock-free, so a paused thread holds nothing that
  // another thread arming, disarming or hitting a failpoint could wait for.
  private static final Map<Failpoint, Slot> SLOTS = slots();

  private static Map<Failpoint, Slot> slots() {
    EnumMap<Failpoint, Slot> slots = new EnumMap<>(Failpoint.class);
    for (Failpoint fp : Failpoint.values()) {
      slots.put(fp, new Slot());
    }
    return Collections.unmodifiableMap(slots);
  }

  private static Slot slot(Failpoint fp) {
    return SLOTS.get(fp);
  }

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  // Declared before the static block that parses the environment's spec with them.
  private static final Pattern ENTRY =
      Pattern.compile(
          "(?<name>[a-z0-9_.]+)=(?:(?<times>\\d+)\\*)?(?<kind>[a-z-]+)(?<mods>(?:\\.(?:after|times)\\(\\d+\\))*)");
  private static final Pattern MODIFIER = Pattern.compile("\\.(after|times)\\((\\d+)\\)");

  private static final String ENV_SPEC =
      Objects.requireNonNullElse(System.getenv(ENV_VARIABLE), "");

  /**
   * Whether failpoints are on in this JVM, fixed at class initialisation: a static final so that in
   * production the JIT folds {@link #hit} to nothing.
   */
  public static final boolean ENABLED =
      "enabled".equals(System.getProperty(PROPERTY)) || !ENV_SPEC.isBlank();

  static {
    // Armed for the life of the process: a subprocess test has no scope to close.
    parseSpec(ENV_SPEC).forEach(Failpoints::arm);
  }

  private Failpoints() {}

  /**
   * Marks that execution reached {@code fp}: returns at once when failpoints are disabled;
   * otherwise counts the hit and performs the armed action, which may throw {@link FailpointError},
   * {@link FailpointAckLost} or {@link FailpointCrash}, or block until a test releases a {@link
   * Rendezvous}.
   */
  public static void hit(Failpoint fp) {
    if (!ENABLED) {
      return;
    }
    hitEnabled(fp);
  }

  private static void hitEnabled(Failpoint fp) {
    Slot slot = slot(fp);
    slot.hits().incrementAndGet();
    Armed armed = slot.armed().get();
    if (armed == null || !armed.onHit(callSite())) {
      return;
    }
    switch (armed.action().effect()) {
      case Action.Fail _ -> throw new FailpointError(fp);
      case Action.Crash _ -> throw new FailpointCrash(fp);
      case Action.AckLost _ -> throw new FailpointAckLost(fp);
      case Action.Count _ -> {}
      case Action.Pause(Rendezvous rendezvous) -> {
        try {
          rendezvous.arriveAndAwaitRelease();
        } catch (InterruptedException e) {
          // Going on would perform the step the test meant to hold back; fail it instead.
          Thread.currentThread().interrupt();
          throw new FailpointError(fp, "interrupted while paused at " + rendezvous.name(), e);
        }
      }
      case Action.Limited l -> throw new AssertionError("effect() never returns Limited: " + l);
    }
  }

  private static Class<?> callSite() {
    return WALKER.walk(frames ->
        frames
            .map(StackWalker.StackFrame::getDeclaringClass)
            .filter(c -> c != Failpoints.class)
            .findFirst()
            .orElse(Failpoints.class));
  }

  /**
   * Arms {@code fp} with {@code action} until the returned scope is closed; use it in
   * try-with-resources.
   *
   * @throws IllegalStateException if failpoints are disabled, or {@code fp} is already armed (one
   *     scope per failpoint at a time, so two tests cannot silently override each other)
   * @throws IllegalArgumentException for {@link Action#ackLost()} on a failpoint that precedes its
   *     operation's durable effect, where an acknowledgement cannot be lost
   */
  public static Armed arm(Failpoint fp, Action action) {
    Objects.requireNonNull(fp, "fp");
    Objects.requireNonNull(action, "action");
    if (!ENABLED) {
      throw new IllegalStateException(
          "failpoints are disabled; run with -D" + PROPERTY + "=enabled");
    }
    checkApplicable(fp, action);
    Armed armed = new Armed(fp, action);
    if (!slot(fp).armed().compareAndSet(null, armed)) {
      throw new IllegalStateException(
          "failpoint "
              + fp.id()
              + " is already armed ("
              + slot(fp).armed().get()
              + "); close that scope first");
    }
    return armed;
  }

  private static void checkApplicable(Failpoint fp, Action action) {
    if (action.effect() instanceof Action.AckLost && !fp.afterEffect()) {
      throw new IllegalArgumentException(
          "ack-lost needs a failpoint after a durable effect; "
              + fp.id()
              + " comes before one: arm error instead");
    }
  }

  static void disarm(Armed armed) {
    slot(armed.failpoint()).armed().compareAndSet(armed, null);
  }

  /** Whether {@code fp} is armed now. */
  public static boolean isArmed(Failpoint fp) {
    return slot(fp).armed().get() != null;
  }

  /**
   * How many times {@code fp} was hit in this JVM, armed or not; 0 when failpoints are disabled.
   */
  public static long hitCount(Failpoint fp) {
    return slot(fp).hits().get();
  }

  /** A snapshot of {@link #hitCount} for every failpoint, in declaration order. */
  public static Map<Failpoint, Long> hitCounts() {
    EnumMap<Failpoint, Long> counts = new EnumMap<>(Failpoint.class);
    for (Failpoint fp : Failpoint.values()) {
      counts.put(fp, slot(fp).hits().get());
    }
    return Collections.unmodifiableMap(counts);
  }

  /**
   * Parses an {@code OMNIGRAPH_FAILPOINTS} spec: entries {@code name=action} separated by {@code
   * ;}, where {@code action} is {@code [n*]kind} followed by any of {@code .after(k)} and {@code
   * .times(n)}, and {@code kind} is {@code error}, {@code crash}, {@code ack-lost} or {@code count}
   * ({@code pause} needs a {@link Rendezvous} in the same JVM); blank entries and the spec {@code
   * enabled} arm nothing.
   *
   * @throws IllegalArgumentException naming the offending entry
   */
  static Map<Failpoint, Action> parseSpec(String spec) {
    Map<Failpoint, Action> actions = new LinkedHashMap<>();
    if (spec.isBlank() || spec.strip().equals("enabled")) {
      return actions;
    }
    for (String raw : spec.split(";", -1)) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw badEntry(entry, "expected name=[n*]kind[.after(k)][.times(n)]");
      }
      Failpoint fp =
          Failpoint.byId(m.group("name"))
              .orElseThrow(() -> badEntry(entry, "no failpoint is named " + m.group("name")));
      Action action =
          switch (m.group("kind")) {
            case "error" -> Action.error();
            case "crash" -> Action.crash();
            case "ack-lost" -> Action.ackLost();
            case "count" -> Action.count();
            case "pause" ->
                throw badEntry(
                    entry, "pause needs a Rendezvous in the same JVM; use it in-process");
            default -> throw badEntry(entry, "unknown action " + m.group("kind"));
          };
      try {
        if (m.group("times") != null) {
          action = action.times(Long.parseLong(m.group("times")));
        }
        Matcher mod = MODIFIER.matcher(m.group("mods"));
        while (mod.find()) {
          long n = Long.parseLong(mod.group(2));
          action = mod.group(1).equals("after") ? action.after(n) : action.times(n);
        }
        checkApplicable(fp, action);
      } catch (IllegalArgumentException e) {
        throw badEntry(entry, e.getMessage());
      }
      if (actions.putIfAbsent(fp, action) != null) {
        throw badEntry(entry, fp.id() + " is named twice");
      }
    }
    return actions;
  }

  private static IllegalArgumentException badEntry(String entry, String why) {
    return new IllegalArgumentException(ENV_VARIABLE + " entry '" + entry + "': " + why);
  }
}
