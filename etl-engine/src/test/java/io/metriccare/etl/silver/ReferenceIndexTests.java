package io.metriccare.etl.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.metriccare.etl.SparkTestSession;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Every way a sender points at a resource, resolved the same whether the index is whole or looked up per use. */
class ReferenceIndexTests {

  private static final StructType ORGANIZATION =
      StructType.fromDDL("tenant_id STRING, resource_id STRING, full_url STRING, identifier ARRAY<STRING>");
  private static final StructType FACT = StructType.fromDDL("tenant_id STRING, fact_id STRING, hospital_ref STRING");

  private static final List<String> RESOLVED = List.of(
      "F1 O1", // relative Type/id
      "F2 O2", // absolute URL with _history
      "F3 O2", // urn:uuid fullUrl of a transaction
      "F4 O1", // conditional identifier, '|' percent-encoded; O1 and O3 share it, the lowest id wins
      "F5 null", // no such organization
      "F6 null"); // another tenant's organization

  @Test
  void wholeIndex_resolvesEveryKindOfReference() {
    assertThat(resolved(ReferenceIndex::materialised)).containsExactlyInAnyOrderElementsOf(RESOLVED);
  }

  @Test
  void indexLookingUpOnlyWhatIsUsed_resolvesTheSame() {
    assertThat(resolved(ReferenceIndex::lookingUpOnlyWhatIsUsed)).containsExactlyInAnyOrderElementsOf(RESOLVED);
  }

  /** A use whose references are all of one kind scans only that kind's keys, and must still find them. */
  @Test
  void indexLookingUpOnlyWhatIsUsed_resolvesEachReferenceAlone() {
    for (String expected : RESOLVED) {
      String factId = expected.split(" ")[0];
      assertThat(resolved(ReferenceIndex::lookingUpOnlyWhatIsUsed, factId)).as(factId).containsExactly(expected);
    }
  }

  private static List<String> resolved(UnaryOperator<ReferenceIndex> lookup, String... onlyFactIds) {
    SparkSession spark = SparkTestSession.spark();
    Dataset<Row> organizations = spark.createDataFrame(List.of(
        RowFactory.create("t1", "O1", null, List.of("urn:oid:ccn|100001")),
        RowFactory.create("t1", "O2", "urn:uuid:7f1c", List.of()),
        RowFactory.create("t1", "O3", null, List.of("urn:oid:ccn|100001")),
        RowFactory.create("t2", "O4", null, List.of())), ORGANIZATION);
    Dataset<Row> facts = spark.createDataFrame(List.of(
        RowFactory.create("t1", "F1", "Organization/O1"),
        RowFactory.create("t1", "F2", "https://fhir.example.org/Organization/O2/_history/3"),
        RowFactory.create("t1", "F3", "urn:uuid:7f1c"),
        RowFactory.create("t1", "F4", "Organization?identifier=urn:oid:ccn%7C100001"),
        RowFactory.create("t1", "F5", "Organization/O9"),
        RowFactory.create("t1", "F6", "Organization/O4")), FACT)
        .filter(onlyFactIds.length == 0 ? lit(true) : col("fact_id").isin((Object[]) onlyFactIds));

    return ReferenceIndex.withResolvedReferences(facts, new ReferenceIndex.Resolution(
            lookup.apply(ReferenceIndex.of("Organization", organizations)), "hospital_ref", "hospital_id"))
        .collectAsList().stream()
        .map(row -> row.getAs("fact_id") + " " + row.getAs("hospital_id"))
        .toList();
  }
}
