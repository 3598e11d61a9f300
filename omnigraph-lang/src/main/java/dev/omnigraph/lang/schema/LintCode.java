package dev.omnigraph.lang.schema;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of schema lint codes: each stable {@code OG-<FAMILY>-<NNN>} string maps to exactly
 * one constant with a fixed family, safety tier and default severity.
 */
public enum LintCode {
  OG_DS_101(
      "OG-DS-101",
      LintFamily.DS,
      SafetyTier.DESTRUCTIVE,
      Severity.ERROR,
      "drop populated graph",
      false),
  // DS-102..104 stay "emitted" to match upstream's catalogue even though the planner now turns
  // these
  // drops into supported DropType/DropProperty steps that carry no code.
  OG_DS_102(
      "OG-DS-102",
      LintFamily.DS,
      SafetyTier.DESTRUCTIVE,
      Severity.ERROR,
      "drop populated node type",
      true),
  OG_DS_103(
      "OG-DS-103",
      LintFamily.DS,
      SafetyTier.DESTRUCTIVE,
      Severity.ERROR,
      "drop populated edge type",
      true),
  OG_DS_104(
      "OG-DS-104",
      LintFamily.DS,
      SafetyTier.DESTRUCTIVE,
      Severity.ERROR,
      "drop property of populated type",
      true),
  OG_DS_105(
      "OG-DS-105",
      LintFamily.DS,
      SafetyTier.DESTRUCTIVE,
      Severity.ERROR,
      "drop populated vector column",
      false),
  OG_MF_103(
      "OG-MF-103",
      LintFamily.MF,
      SafetyTier.VALIDATED,
      Severity.ERROR,
      "add required property without a default to a populated type",
      true),
  // Reserved: upstream reports a nullable-to-required tightening as OG-MF-106 today.
  OG_MF_104(
      "OG-MF-104",
      LintFamily.MF,
      SafetyTier.VALIDATED,
      Severity.ERROR,
      "tighten nullable to required",
      false),
  OG_MF_106(
      "OG-MF-106",
      LintFamily.MF,
      SafetyTier.DESTRUCTIVE,
      Severity.ERROR,
      "change property type",
      true);

  private static final Map<String, LintCode> BY_CODE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(LintCode::code, Function.identity()));

  private final String code;
  private final LintFamily family;
  private final SafetyTier tier;
  private final Severity defaultSeverity;
  private final String shortDescription;
  private final boolean emitted;

  LintCode(
      String code,
      LintFamily family,
      SafetyTier tier,
      Severity defaultSeverity,
      String shortDescription,
      boolean emitted) {
    this.code = code;
    this.family = family;
    this.tier = tier;
    this.defaultSeverity = defaultSeverity;
    this.shortDescription = shortDescription;
    this.emitted = emitted;
  }

  public String code() {
    return code;
  }

  public LintFamily family() {
    return family;
  }

  public SafetyTier tier() {
    return tier;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  public String shortDescription() {
    return shortDescription;
  }

  public boolean emitted() {
    return emitted;
  }

  public static Optional<LintCode> lookup(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /** The plan-output tag, e.g. {@code [OG-MF-106, destructive]}. */
  public String tag() {
    return "[" + code + ", " + tier.label() + "]";
  }

  /** The prefix of an apply error, e.g. {@code [OG-MF-106] } (note the trailing space). */
  public String errorPrefix() {
    return "[" + code + "] ";
  }
}
