package io.metriccare.etl.lake;

import java.util.List;
import java.util.Optional;

/**
 * A Hudi table of the lake, partitioned by {@code tenant_id}.
 *
 * @param path location relative to the lake root, also the table's name in run summaries
 * @param recordKeyFields composite record key, always starting with {@code tenant_id}
 * @param precombineField the column deciding which version of a key wins, when versions compete
 * @param deletesRecords whether commits may remove records; such a table carries Hudi's delete
 *     marker column in every write, so that its schema is the same whatever a commit does
 */
public record LakeTable(String path, List<String> recordKeyFields, Optional<String> precombineField,
    boolean deletesRecords) {

  public LakeTable {
    if (recordKeyFields.isEmpty() || !recordKeyFields.get(0).equals(Lake.TENANT_COLUMN)) {
      throw new IllegalArgumentException(
          "Cannot define lake table " + path + ": record key must start with tenant_id (" + recordKeyFields + ")");
    }
    recordKeyFields = List.copyOf(recordKeyFields);
  }

  public static LakeTable keyedBy(String path, String... recordKeyFields) {
    return new LakeTable(path, List.of(recordKeyFields), Optional.empty(), false);
  }

  public LakeTable precombinedOn(String field) {
    return new LakeTable(path, recordKeyFields, Optional.of(field), deletesRecords);
  }

  /** A table that {@link Lake#upsertAndDelete} writes. */
  public LakeTable deletingRecords() {
    return new LakeTable(path, recordKeyFields, precombineField, true);
  }

  String hudiTableName() {
    return path.replace('/', '_');
  }
}
