package io.metriccare.etl.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hudi.HoodieSchemaConversionUtils;
import org.apache.hudi.common.engine.HoodieLocalEngineContext;
import org.apache.hudi.common.model.HoodieBaseFile;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.TableSchemaResolver;
import org.apache.hudi.common.table.timeline.HoodieTimeline;
import org.apache.hudi.common.table.view.HoodieTableFileSystemView;
import org.apache.hudi.hadoop.fs.HadoopFSUtils;
import org.apache.hudi.storage.StorageConfiguration;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet files of a table's latest snapshot, per tenant: Hudi's file system view over the
 * completed commits, so replaced file groups and the files of a commit that never completed are not
 * among them. On a copy-on-write table these files are the snapshot, whole: each holds every column
 * of its rows, and the record-level deletes were applied when the file was written.
 */
final class SnapshotFiles {

  private static final String PARTITION_PREFIX = Lake.TENANT_COLUMN + "=";

  private final HoodieTableMetaClient metaClient;
  private final Map<String, List<Path>> filesByTenant;

  private SnapshotFiles(HoodieTableMetaClient metaClient, Map<String, List<Path>> filesByTenant) {
    this.metaClient = metaClient;
    this.filesByTenant = filesByTenant;
  }

  /** The snapshot of the tenants {@code tenants} accepts; empty while the table has no completed commit. */
  static Optional<SnapshotFiles> of(Configuration conf, String location, Predicate<String> tenants) {
    StorageConfiguration<Configuration> storage = HadoopFSUtils.getStorageConfWithCopy(conf);
    HoodieTableMetaClient metaClient = HoodieTableMetaClient.builder().setConf(storage).setBasePath(location).build();
    HoodieTimeline completed = metaClient.getCommitsTimeline().filterCompletedInstants();
    if (completed.empty()) {
      return Optional.empty();
    }
    Map<String, List<Path>> files = new TreeMap<>();
    try (HoodieTableFileSystemView view = HoodieTableFileSystemView.fileListingBasedFileSystemView(
        new HoodieLocalEngineContext(storage), metaClient, completed)) {
      for (String partition : partitions(conf, location)) {
        String tenant = partition.substring(PARTITION_PREFIX.length());
        if (tenants.test(tenant)) {
          List<Path> latest = view.getLatestBaseFiles(partition).map(HoodieBaseFile::getPath).map(Path::new).toList();
          if (!latest.isEmpty()) {
            files.put(tenant, latest);
          }
        }
      }
    }
    return Optional.of(new SnapshotFiles(metaClient, files));
  }

  /** Tenant → its partition's latest base files; a tenant without files is absent. */
  Map<String, List<Path>> filesByTenant() {
    return filesByTenant;
  }

  List<Path> files() {
    return filesByTenant.values().stream().flatMap(List::stream).toList();
  }

  /**
   * The table's schema as of its latest commit, Hudi's meta columns left out. A file written before a
   * column was added reads it as null.
   */
  StructType schema() {
    try {
      return HoodieSchemaConversionUtils.convertHoodieSchemaToStructType(
          new TableSchemaResolver(metaClient).getTableSchema(false));
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot read lake table schema: " + e.getMessage() + " (" + metaClient.getBasePath() + ")", e);
    }
  }

  private static List<String> partitions(Configuration conf, String location) {
    Path root = new Path(location);
    try {
      FileSystem fs = root.getFileSystem(conf);
      return Arrays.stream(fs.listStatus(root))
          .filter(FileStatus::isDirectory)
          .map(status -> status.getPath().getName())
          .filter(name -> name.startsWith(PARTITION_PREFIX))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list lake partitions: " + e.getMessage() + " (" + location + ")", e);
    }
  }
}
