package io.metriccare.etl.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LakeTests {

  private static final LakeTable PATIENT = LakeTable.keyedBy("bronze/patient", "tenant_id", "resource_id")
      .precombinedOn("precombine_ts");

  @Test
  void writeOptions_onAws_syncEveryTableToTheGlueDatabase_partitionedByTenant() {
    Map<String, String> options = Lake.writeOptions(EngineProfile.AWS, "quality_lake", PATIENT, "upsert");

    assertThat(options).contains(
        entry("hoodie.datasource.meta.sync.enable", "true"),
        entry("hoodie.meta.sync.client.tool.class", "org.apache.hudi.aws.sync.AwsGlueCatalogSyncTool"),
        entry("hoodie.datasource.hive_sync.database", "quality_lake"),
        entry("hoodie.datasource.hive_sync.table", "bronze_patient"),
        entry("hoodie.datasource.hive_sync.partition_fields", "tenant_id"),
        entry("hoodie.datasource.hive_sync.partition_extractor_class", "org.apache.hudi.hive.HiveStylePartitionValueExtractor"),
        entry("hoodie.datasource.meta_sync.condition.sync", "true"),
        entry("hoodie.datasource.write.hive_style_partitioning", "true"));
  }

  @Test
  void writeOptions_onAws_keepHudisTableServiceDefaults() {
    Map<String, String> options = Lake.writeOptions(EngineProfile.AWS, "metriccare", PATIENT, "upsert");

    assertThat(options).doesNotContainKeys("hoodie.metadata.enable", "hoodie.clean.automatic",
        "hoodie.archive.automatic", "hoodie.index.type", "hoodie.parquet.small.file.limit");
  }

  @Test
  void writeOptions_onLocal_areTheTableLayoutAndTuning_withoutCatalogSync() {
    Map<String, String> options = Lake.writeOptions(EngineProfile.LOCAL, "metriccare", PATIENT, "insert_overwrite");

    assertThat(options).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        entry("hoodie.table.name", "bronze_patient"),
        entry("hoodie.datasource.write.table.type", "COPY_ON_WRITE"),
        entry("hoodie.datasource.write.operation", "insert_overwrite"),
        entry("hoodie.datasource.write.recordkey.field", "tenant_id,resource_id"),
        entry("hoodie.datasource.write.keygenerator.class", "org.apache.hudi.keygen.ComplexKeyGenerator"),
        entry("hoodie.datasource.write.partitionpath.field", "tenant_id"),
        entry("hoodie.datasource.write.hive_style_partitioning", "true"),
        entry("hoodie.datasource.write.precombine.field", "precombine_ts"),
        entry("hoodie.combine.before.insert", "true"),
        entry("hoodie.metadata.enable", "false"),
        entry("hoodie.embed.timeline.server", "false"),
        entry("hoodie.insert.shuffle.parallelism", "4"),
        entry("hoodie.upsert.shuffle.parallelism", "4"),
        entry("hoodie.index.type", "BLOOM"),
        entry("hoodie.parquet.small.file.limit", "0"),
        entry("hoodie.clustering.inline", "true"),
        entry("hoodie.clustering.inline.max.commits", "20"),
        entry("hoodie.clustering.plan.strategy.single.group.clustering.enabled", "false"),
        entry("hoodie.clustering.updates.strategy",
            "org.apache.hudi.client.clustering.update.strategy.SparkAllowUpdateStrategy"),
        entry("hoodie.clustering.rollback.pending.replacecommit.on.conflict", "true"),
        entry("hoodie.clean.trigger.max.commits", "10")));
  }
}
