package io.metriccare.etl.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hudi.common.engine.HoodieLocalEngineContext;
import org.apache.hudi.common.model.HoodieBaseFile;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.view.HoodieTableFileSystemView;
import org.apache.hudi.hadoop.fs.HadoopFSUtils;
import org.apache.hudi.storage.StorageConfiguration;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Row and null counts of a table's latest snapshot, summed from the Parquet footers of the snapshot's
 * base files: a footer holds each row group's row count and each column's null count, so counting
 * reads no data and runs no Spark job. The snapshot is Hudi's file system view over the completed
 * commits, the same files a snapshot read scans: replaced file groups and the files of a commit that
 * never completed are not in it.
 */
final class SnapshotCounts {

  private static final String PARTITION_PREFIX = Lake.TENANT_COLUMN + "=";

  private SnapshotCounts() {}

  /** Per tenant with at least one row: its rows and the nulls of each of {@code columns}. */
  static Map<String, TenantCounts> byTenant(Configuration conf, String location, List<String> columns) {
    StorageConfiguration<Configuration> storage = HadoopFSUtils.getStorageConfWithCopy(conf);
    HoodieTableMetaClient metaClient = HoodieTableMetaClient.builder().setConf(storage).setBasePath(location).build();
    Map<String, TenantCounts> counts = new TreeMap<>();
    try (HoodieTableFileSystemView view = HoodieTableFileSystemView.fileListingBasedFileSystemView(
        new HoodieLocalEngineContext(storage), metaClient, metaClient.getCommitsTimeline().filterCompletedInstants())) {
      for (String partition : partitions(conf, location)) {
        TenantCounts tenant = view.getLatestBaseFiles(partition)
            .map(file -> footerCounts(conf, file, columns))
            .reduce(TenantCounts.none(columns), TenantCounts::plus);
        if (tenant.rows() > 0) {
          counts.put(partition.substring(PARTITION_PREFIX.length()), tenant);
        }
      }
    }
    return counts;
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

  private static TenantCounts footerCounts(Configuration conf, HoodieBaseFile file, List<String> columns) {
    Path path = new Path(file.getPath());
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
      TenantCounts counts = TenantCounts.none(columns);
      for (BlockMetaData rowGroup : reader.getFooter().getBlocks()) {
        Map<String, Long> nulls = new HashMap<>();
        for (String column : columns) {
          nulls.put(column, nullsIn(rowGroup, column, path));
        }
        counts = counts.plus(new TenantCounts(rowGroup.getRowCount(), nulls));
      }
      return counts;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Parquet footer: " + e.getMessage() + " (" + path + ")", e);
    }
  }

  private static long nullsIn(BlockMetaData rowGroup, String column, Path path) {
    for (ColumnChunkMetaData chunk : rowGroup.getColumns()) {
      if (chunk.getPath().toDotString().equals(column)) {
        Statistics<?> statistics = chunk.getStatistics();
        if (statistics == null || !statistics.isNumNullsSet()) {
          throw new IllegalStateException("Cannot count nulls: the footer has no null count for column "
              + column + " (" + path + ")");
        }
        return statistics.getNumNulls();
      }
    }
    // A file written before the column existed: a snapshot read gives null for each of its rows.
    return rowGroup.getRowCount();
  }
}
