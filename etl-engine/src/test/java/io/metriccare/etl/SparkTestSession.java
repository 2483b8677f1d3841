package io.metriccare.etl;

import io.metriccare.etl.lake.EngineProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** The one Spark session all tests share: starting Spark costs seconds, a test should not. */
public final class SparkTestSession {

  private SparkTestSession() {}

  public static SparkSession spark() {
    return Holder.SPARK;
  }

  /** A fresh directory under {@code target/}, removed by {@code mvn clean}. */
  public static Path newTargetDirectory(String prefix) {
    try {
      Path target = Files.createDirectories(Path.of("target", "test-lakes"));
      return Files.createTempDirectory(target, prefix).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Holder {
    static final SparkSession SPARK = create();

    private static SparkSession create() {
      SparkSession spark = EngineSession.start(EngineProfile.LOCAL, Optional.of("local[2]"));
      spark.conf().set("spark.sql.shuffle.partitions", "2");
      return spark;
    }
  }
}
