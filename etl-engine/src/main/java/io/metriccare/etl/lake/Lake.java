package io.metriccare.etl.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.metriccare.etl.KeyJoins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that reads and writes Hudi tables: every Hudi option lives here, so transforms
 * never touch storage and the profile decides tuning in one spot.
 */
public final class Lake {

  public static final String TENANT_COLUMN = "tenant_id";

  private static final Logger LOG = LoggerFactory.getLogger(Lake.class);
  private static final String HUDI = "hudi";
  private static final String HUDI_META_PREFIX = "_hoodie_";
  private static final String DELETED_MARKER = "_hoodie_is_deleted";
  private static final Pattern SAFE_TENANT = Pattern.compile("[A-Za-z0-9_-]+");

  private final SparkSession spark;
  private final String root;
  private final EngineProfile profile;
  private final String glueDatabase;

  /**
   * @param glueDatabase the Glue Data Catalog database the aws profile syncs every written table to
   */
  public Lake(SparkSession spark, String root, EngineProfile profile, String glueDatabase) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.profile = profile;
    this.glueDatabase = glueDatabase;
  }

  /** Latest version of each record key wins, by the table's precombine field. */
  public void upsert(LakeTable table, Dataset<Row> rows) {
    write(table, kept(table, rows), "upsert");
  }

  /**
   * Writes rows none of whose keys the table holds yet. Hudi's insert skips the index lookup of an
   * upsert, a scan of every key in the tenant's partition; a key already present would be stored
   * twice, so only a caller that has read the keys' previous rows may use it.
   */
  public void insertNew(LakeTable table, Dataset<Row> rows) {
    write(table, kept(table, rows), "insert");
  }

  /**
   * Upserts the rows, or inserts them when none of their keys is in the table yet: new resources,
   * the usual increment, and every first write. An upsert looks each key up in the bloom filters of
   * every file of the tenant's partition, a cost that grows with the table; finding out that the keys
   * are new reads only the table's key columns. Either way, versions of one key within {@code rows}
   * are combined on the table's precombine field.
   */
  public void upsertOrInsertNew(LakeTable table, Dataset<Row> rows) {
    if (holdsAnyKeyOf(table, rows)) {
      upsert(table, rows);
    } else {
      insertNew(table, rows);
    }
  }

  /**
   * Upserts {@code rows} and removes the records of {@code removed} (rows of the same shape) in one
   * commit: Hudi drops a record whose {@code _hoodie_is_deleted} is true, so readers never see the
   * table between the two.
   */
  public void upsertAndDelete(LakeTable table, Dataset<Row> rows, Dataset<Row> removed) {
    if (!table.deletesRecords()) {
      throw new IllegalArgumentException("Cannot delete lake records: table keeps every record (" + table.path() + ")");
    }
    Column[] columns = Arrays.stream(rows.columns()).map(name -> col(name)).toArray(Column[]::new);
    write(table, kept(table, rows)
        .unionByName(removed.select(columns).withColumn(DELETED_MARKER, lit(true))), "upsert");
  }

  /**
   * Replaces the tenant partitions present in {@code rows}. Recomputed tables use this rather than
   * upsert so that rows which no longer derive from Bronze disappear instead of lingering.
   */
  public void replaceTenants(LakeTable table, Dataset<Row> rows) {
    write(table, kept(table, rows), "insert_overwrite");
  }

  public boolean exists(LakeTable table) {
    Path hoodieDir = new Path(location(table), ".hoodie");
    try {
      FileSystem fs = hoodieDir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(hoodieDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check lake table: " + e.getMessage() + " (" + table.path() + ")", e);
    }
  }

  /**
   * Snapshot of the table's data columns for the given tenants, or empty when it was never written.
   *
   * <p>Read as plain Parquet, the snapshot's files listed through Hudi's file system view
   * ({@link SnapshotFiles}): a copy-on-write snapshot is its latest base files, so Spark's own Parquet
   * source reads the same rows as Hudi's snapshot query. It costs less: Hudi's query ran a small Spark
   * job to list the files of each read, and each of its scan tasks took about 40 ms to deserialise
   * the reader's configuration, together about 3.7 s of a 25 s incremental run at 100k patients
   * (docs/benchmarks.md).
   */
  public Optional<Dataset<Row>> read(LakeTable table, Collection<String> tenants) {
    if (!exists(table)) {
      return Optional.empty();
    }
    return SnapshotFiles.of(spark.sparkContext().hadoopConfiguration(), location(table), tenants::contains)
        .map(snapshot -> {
          StructType schema = new StructType(Arrays.stream(snapshot.schema().fields())
              .filter(field -> !field.name().startsWith(HUDI_META_PREFIX))
              .toArray(StructField[]::new));
          List<Path> files = snapshot.files();
          return files.isEmpty()
              ? spark.createDataFrame(List.of(), schema)
              : spark.read().schema(schema)
                  // Hudi writes dates and times in the proleptic Gregorian calendar, as Spark 3 does, but its
                  // files do not say so: without this, Spark would refuse a date before 1582 as ambiguous.
                  .option("datetimeRebaseMode", "CORRECTED")
                  .option("int96RebaseMode", "CORRECTED")
                  .parquet(files.stream().map(Path::toString).toArray(String[]::new));
        });
  }

  /**
   * Deletes the tenant's partition ({@code tenant_id=<tenant>}) with a Hudi {@code delete_partition}
   * commit, then cleans at once so that the partition's files are gone from storage, not only from
   * the latest snapshot: with {@code KEEP_LATEST_FILE_VERSIONS} the cleaner removes every replaced file
   * group. Nothing happens when the table or the partition does not exist, which makes a repeat a no-op.
   *
   * @return the rows the partition held in the latest snapshot before the delete
   */
  public long deleteTenantPartition(LakeTable table, String tenant) {
    if (!exists(table) || !partitionExists(table, tenant)) {
      return 0;
    }
    long rows = rowCountsByTenant(table).getOrDefault(tenant, 0L);
    // No rows, only the table's columns: the partition to delete is named in the options.
    Dataset<Row> tableShape = read(table, List.of(tenant)).orElseThrow().limit(0);
    write(table, tableShape, "delete_partition", Map.of(
        "hoodie.datasource.write.partitions.to.delete", partitionPath(tenant),
        "hoodie.clean.automatic", "true",
        // Now, not when the profile's cadence of commits comes round.
        "hoodie.clean.trigger.max.commits", "1",
        "hoodie.clean.async.enabled", "false",
        "hoodie.clean.policy", "KEEP_LATEST_FILE_VERSIONS",
        "hoodie.clean.fileversions.retained", "1"));
    return rows;
  }

  /** Rows per tenant as committed. */
  public Map<String, Long> rowCountsByTenant(LakeTable table) {
    Map<String, Long> rows = new TreeMap<>();
    countsByTenant(table, List.of()).forEach((tenant, counts) -> rows.put(tenant, counts.rows()));
    return rows;
  }

  /**
   * Per tenant with rows, its rows and the nulls of each of {@code nullCountColumns} as committed,
   * from the files' Parquet footers (see {@link SnapshotCounts}); empty when the table was never written.
   */
  public Map<String, TenantCounts> countsByTenant(LakeTable table, List<String> nullCountColumns) {
    if (!exists(table)) {
      return Map.of();
    }
    return SnapshotCounts.byTenant(spark.sparkContext().hadoopConfiguration(), location(table), nullCountColumns);
  }

  private boolean holdsAnyKeyOf(LakeTable table, Dataset<Row> rows) {
    if (!exists(table)) {
      return false;
    }
    String[] keyFields = table.recordKeyFields().toArray(String[]::new);
    Column[] keyColumns = Arrays.stream(keyFields).map(name -> col(name)).toArray(Column[]::new);
    Dataset<Row> keys = rows.select(keyColumns).distinct().localCheckpoint();
    List<String> tenants = keys.select(col(TENANT_COLUMN)).distinct().as(Encoders.STRING()).collectAsList();
    Dataset<Row> committedKeys = read(table, tenants).orElseThrow().select(keyColumns);
    return !KeyJoins.withKeysIn(committedKeys, keys, keyFields).isEmpty();
  }

  /** The rows as records to keep: with the delete marker, false, on a table that deletes records. */
  private static Dataset<Row> kept(LakeTable table, Dataset<Row> rows) {
    return table.deletesRecords() ? rows.withColumn(DELETED_MARKER, lit(false)) : rows;
  }

  private void write(LakeTable table, Dataset<Row> rows, String operation) {
    write(table, rows, operation, Map.of());
  }

  private void write(LakeTable table, Dataset<Row> rows, String operation, Map<String, String> operationOptions) {
    Map<String, String> options = writeOptions(profile, glueDatabase, table, operation);
    options.putAll(operationOptions);
    long start = System.nanoTime();
    rows.write().format(HUDI).options(options).mode(SaveMode.Append).save(location(table));
    LOG.info("Committed {} ({}) in {} ms", table.path(), operation, (System.nanoTime() - start) / 1_000_000);
  }

  /** The Hudi options of one write: table layout, the profile's tuning and, on aws, the Glue catalog sync. */
  static Map<String, String> writeOptions(EngineProfile profile, String glueDatabase, LakeTable table, String operation) {
    Map<String, String> options = new HashMap<>(profile.hudiTuning());
    options.put("hoodie.table.name", table.hudiTableName());
    options.put("hoodie.datasource.write.table.type", "COPY_ON_WRITE");
    options.put("hoodie.datasource.write.operation", operation);
    options.put("hoodie.datasource.write.recordkey.field", String.join(",", table.recordKeyFields()));
    options.put("hoodie.datasource.write.keygenerator.class", "org.apache.hudi.keygen.ComplexKeyGenerator");
    options.put("hoodie.datasource.write.partitionpath.field", TENANT_COLUMN);
    // tenant_id=<id> directories keep the tenant visible in every path, a second isolation wall.
    options.put("hoodie.datasource.write.hive_style_partitioning", "true");
    table.precombineField().ifPresent(field -> {
      options.put("hoodie.datasource.write.precombine.field", field);
      // An upsert combines versions of a key within the batch by default, an insert only when told to.
      options.put("hoodie.combine.before.insert", "true");
    });
    if (profile.syncsGlueCatalog()) {
      options.putAll(glueCatalogSync(glueDatabase, table));
    }
    return options;
  }

  /**
   * Hudi meta sync of the table to the AWS Glue Data Catalog after each commit, so Athena can query it
   * as {@code <database>.<bronze_patient|...>}, partitioned by {@code tenant_id} from the hive-style paths.
   */
  private static Map<String, String> glueCatalogSync(String database, LakeTable table) {
    return Map.of(
        "hoodie.datasource.meta.sync.enable", "true",
        "hoodie.meta.sync.client.tool.class", "org.apache.hudi.aws.sync.AwsGlueCatalogSyncTool",
        "hoodie.datasource.hive_sync.database", database,
        "hoodie.datasource.hive_sync.table", table.hudiTableName(),
        "hoodie.datasource.hive_sync.partition_fields", TENANT_COLUMN,
        "hoodie.datasource.hive_sync.partition_extractor_class", "org.apache.hudi.hive.HiveStylePartitionValueExtractor",
        // Glue keeps a table version per sync; Hudi's docs advise syncing only on schema or partition changes.
        "hoodie.datasource.meta_sync.condition.sync", "true");
  }

  private boolean partitionExists(LakeTable table, String tenant) {
    Path partition = new Path(location(table), partitionPath(tenant));
    try {
      return partition.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(partition);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check lake partition: " + e.getMessage() + " (" + partition + ")", e);
    }
  }

  /** The hive-style partition of a tenant; every table keeps a tenant's rows under it and nowhere else. */
  private static String partitionPath(String tenant) {
    // partitions.to.delete reads ',' as a separator and '*' as a wildcard: only plain ids may get here.
    if (!SAFE_TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException("Cannot address lake partition: invalid tenant id (" + tenant + ")");
    }
    return TENANT_COLUMN + "=" + tenant;
  }

  private String location(LakeTable table) {
    return root + "/" + table.path();
  }
}
