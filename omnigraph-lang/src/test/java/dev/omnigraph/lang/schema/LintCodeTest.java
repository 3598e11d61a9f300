package dev.omnigraph.lang.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LintCodeTest {
  private static final String TABLE = "/schema/lint-codes.tsv";
  private static final List<String> HEADER =
      List.of("code", "family", "tier", "severity", "emitted");

  /** One data row of the pinned table; values are kept as written so typos fail loudly. */
  record Row(String code, String family, String tier, String severity, String emitted) {
    @Override
    public String toString() {
      return code;
    }
  }

  private static List<String> tableLines() {
    InputStream in = LintCodeTest.class.getResourceAsStream(TABLE);
    assertThat(in).as("resource %s", TABLE).isNotNull();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().filter(line -> !line.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Row> rows() {
    return tableLines().stream()
        .skip(1)
        .map(line -> {
          String[] cells = line.split("\t", -1);
          assertThat(cells).as("columns of %s", line).hasSize(HEADER.size());
          return new Row(cells[0], cells[1], cells[2], cells[3], cells[4]);
        });
  }

  @Test
  void tableHasTheExpectedHeader() {
    assertThat(Arrays.asList(tableLines().getFirst().split("\t", -1))).isEqualTo(HEADER);
  }

  @Test
  void tableListsEveryCodeExactlyOnce() {
    List<String> listed = rows().map(Row::code).toList();
    List<String> catalogued = Arrays.stream(LintCode.values()).map(LintCode::code).toList();
    assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(catalogued);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void tableRowMatchesCatalogue(Row row) {
    assertThat(LintCode.lookup(row.code())).as("lookup %s", row.code()).isPresent();
    LintCode code = LintCode.lookup(row.code()).orElseThrow();
    assertThat(code.family().prefix()).isEqualTo(row.family());
    assertThat(code.tier().label()).isEqualTo(row.tier());
    assertThat(code.defaultSeverity().label()).isEqualTo(row.severity());
    assertThat(row.emitted()).isIn("true", "false");
    assertThat(code.emitted()).isEqualTo(row.emitted().equals("true"));
  }

  @Test
  void codesAreUnique() {
    Set<String> distinct =
        Arrays.stream(LintCode.values()).map(LintCode::code).collect(Collectors.toSet());
    assertThat(distinct).hasSize(LintCode.values().length);
  }

  @ParameterizedTest
  @EnumSource(LintCode.class)
  void codeStartsWithItsFamilyPrefix(LintCode code) {
    assertThat(code.code()).startsWith("OG-" + code.family().prefix() + "-");
  }

  @ParameterizedTest
  @EnumSource(LintCode.class)
  void codeEndsWithAThreeDigitSuffix(LintCode code) {
    String suffix = code.code().substring(("OG-" + code.family().prefix() + "-").length());
    assertThat(suffix).matches("[0-9]{3}");
  }

  @ParameterizedTest
  @EnumSource(LintCode.class)
  void constantNameSpellsTheCode(LintCode code) {
    assertThat(code.name()).isEqualTo(code.code().replace('-', '_'));
  }

  @ParameterizedTest
  @EnumSource(LintCode.class)
  void destructiveCodesDefaultToError(LintCode code) {
    if (code.tier() == SafetyTier.DESTRUCTIVE) {
      assertThat(code.defaultSeverity()).isEqualTo(Severity.ERROR);
    }
  }

  @ParameterizedTest
  @EnumSource(LintCode.class)
  void everyCodeHasADescription(LintCode code) {
    assertThat(code.shortDescription()).isNotBlank();
  }

  @ParameterizedTest
  @EnumSource(LintCode.class)
  void lookupFindsEveryCatalogueCode(LintCode code) {
    assertThat(LintCode.lookup(code.code())).contains(code);
  }

  @Test
  void lookupRejectsUnknownCodes() {
    assertThat(LintCode.lookup("OG-XX-999")).isEmpty();
    assertThat(LintCode.lookup("og-mf-106")).isEmpty();
    assertThat(LintCode.lookup("OG_MF_106")).isEmpty();
    assertThat(LintCode.lookup("")).isEmpty();
  }

  @Test
  void emittedCodesAreTheV0Set() {
    for (String emitted :
        List.of("OG-DS-102", "OG-DS-103", "OG-DS-104", "OG-MF-103", "OG-MF-106")) {
      assertThat(LintCode.lookup(emitted))
          .as(emitted)
          .hasValueSatisfying(c -> assertThat(c.emitted()).isTrue());
    }
    assertThat(Arrays.stream(LintCode.values()).filter(LintCode::emitted))
        .containsExactlyInAnyOrder(
            LintCode.OG_DS_102,
            LintCode.OG_DS_103,
            LintCode.OG_DS_104,
            LintCode.OG_MF_103,
            LintCode.OG_MF_106);
  }

  @Test
  void tagAndErrorPrefixFollowThePlanAndApplyFormats() {
    assertThat(LintCode.OG_MF_106.tag()).isEqualTo("[OG-MF-106, destructive]");
    assertThat(LintCode.OG_MF_103.tag()).isEqualTo("[OG-MF-103, validated]");
    assertThat(LintCode.OG_MF_106.errorPrefix()).isEqualTo("[OG-MF-106] ");
    assertThat(LintCode.OG_DS_101.errorPrefix()).isEqualTo("[OG-DS-101] ");
  }

  @ParameterizedTest
  @EnumSource(LintCode.class)
  void noCodeBelongsToAReservedFamily(LintCode code) {
    assertThat(code.family().reserved()).as("%s family %s", code, code.family()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(LintFamily.class)
  void onlyReservedFamiliesAreEmpty(LintFamily family) {
    boolean hasCodes = Arrays.stream(LintCode.values()).anyMatch(c -> c.family() == family);
    assertThat(hasCodes).as("%s has codes", family).isEqualTo(!family.reserved());
  }

  @Test
  void reservedFamiliesAreTheEightFutureOnes() {
    assertThat(Arrays.stream(LintFamily.values()).filter(LintFamily::reserved))
        .containsExactlyInAnyOrder(
            LintFamily.CD,
            LintFamily.BC,
            LintFamily.NM,
            LintFamily.OW,
            LintFamily.NL,
            LintFamily.VE,
            LintFamily.ED,
            LintFamily.LK);
  }

  @ParameterizedTest
  @EnumSource(LintFamily.class)
  void familyPrefixIsTwoUppercaseLettersAndDescribed(LintFamily family) {
    assertThat(family.prefix()).matches("[A-Z]{2}").isEqualTo(family.name());
    assertThat(family.description()).isNotBlank();
  }

  @Test
  void labelsAreLowercaseNames() {
    for (SafetyTier tier : EnumSet.allOf(SafetyTier.class)) {
      assertThat(tier.label()).isEqualTo(tier.name().toLowerCase(Locale.ROOT));
    }
    for (Severity severity : EnumSet.allOf(Severity.class)) {
      assertThat(severity.label()).isEqualTo(severity.name().toLowerCase(Locale.ROOT));
    }
  }
}
