package io.metriccare.etl.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;

import io.metriccare.etl.RunManifest.Input;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The entries of the run's raw bundles, one row per resource, with the resource kept as its JSON
 * text. The bundle schema declares {@code resource} as a string, which makes Spark hand back the
 * nested object verbatim instead of inferring a schema across every resource type.
 */
final class BundleEntries {

  static final StructType SCHEMA = StructType.fromDDL(
      "tenant_id STRING, ingestion_id STRING, source_object STRING, received_at TIMESTAMP,"
          + " full_url STRING, resource_type STRING, resource_json STRING");

  private static final StructType BUNDLE_SCHEMA = StructType.fromDDL(
      "resourceType STRING, type STRING, entry ARRAY<STRUCT<fullUrl: STRING, resource: STRING>>");

  private static final StructType INPUT_SCHEMA = StructType.fromDDL(
      "file_path STRING, tenant_id STRING, ingestion_id STRING, source_object STRING, received_at TIMESTAMP");

  private BundleEntries() {}

  static Dataset<Row> read(SparkSession spark, String lakeRoot, List<Input> inputs) {
    if (inputs.isEmpty()) {
      return empty(spark);
    }
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    List<Row> inputRows = new ArrayList<>();
    for (Input input : inputs) {
      inputRows.add(RowFactory.create(
          qualifiedPath(lakeRoot + "/" + input.objectKey(), hadoopConf),
          input.tenantId(),
          input.ingestionId(),
          input.objectKey(),
          Timestamp.from(input.receivedAt())));
    }
    String[] paths = inputRows.stream().map(row -> row.getString(0)).toArray(String[]::new);
    // wholetext keeps each bundle in one row; Hadoop's codec lookup decompresses *.gz on the way.
    Dataset<Row> bundles = spark.read().option("wholetext", "true").text(paths)
        .select(col("_metadata.file_path").as("file_path"), col("value").as("bundle_json"));
    return bundles
        .join(spark.createDataFrame(inputRows, INPUT_SCHEMA), "file_path")
        .withColumn("bundle", from_json(col("bundle_json"), BUNDLE_SCHEMA, Map.of("mode", "FAILFAST")))
        .select(
            col("tenant_id"), col("ingestion_id"), col("source_object"), col("received_at"),
            explode(col("bundle.entry")).as("entry"))
        .select(
            col("tenant_id"), col("ingestion_id"), col("source_object"), col("received_at"),
            col("entry.fullUrl").as("full_url"),
            get_json_object(col("entry.resource"), "$.resourceType").as("resource_type"),
            col("entry.resource").as("resource_json"))
        .filter(col("resource_json").isNotNull());
  }

  static Dataset<Row> empty(SparkSession spark) {
    return spark.createDataFrame(List.of(), SCHEMA);
  }

  private static String qualifiedPath(String location, Configuration hadoopConf) {
    Path path = new Path(location);
    try {
      return path.getFileSystem(hadoopConf).makeQualified(path).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read input: " + e.getMessage() + " (" + location + ")", e);
    }
  }
}
