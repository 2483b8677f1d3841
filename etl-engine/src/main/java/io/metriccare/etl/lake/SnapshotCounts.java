package io.metriccare.etl.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Row and null counts of a table's latest snapshot, summed from the Parquet footers of the snapshot's
 * base files: a footer holds each row group's row count and each column's null count, so counting
 * reads no data and runs no Spark job. The files are the ones a read of the table scans ({@link SnapshotFiles}).
 */
final class SnapshotCounts {

  private SnapshotCounts() {}

  /** Per tenant with at least one row: its rows and the nulls of each of {@code columns}. */
  static Map<String, TenantCounts> byTenant(Configuration conf, String location, List<String> columns) {
    Map<String, TenantCounts> counts = new TreeMap<>();
    SnapshotFiles.of(conf, location, tenant -> true).ifPresent(snapshot -> snapshot.filesByTenant()
        .forEach((tenant, files) -> {
          TenantCounts tenantCounts = files.stream()
              .map(file -> footerCounts(conf, file, columns))
              .reduce(TenantCounts.none(columns), TenantCounts::plus);
          if (tenantCounts.rows() > 0) {
            counts.put(tenant, tenantCounts);
          }
        }));
    return counts;
  }

  private static TenantCounts footerCounts(Configuration conf, Path path, List<String> columns) {
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
