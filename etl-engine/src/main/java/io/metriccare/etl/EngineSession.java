package io.metriccare.etl;

import io.metriccare.etl.lake.EngineProfile;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Builds the Spark session every engine run uses, whatever the profile. */
public final class EngineSession {

  private EngineSession() {}

  /**
   * @param master the manifest's master; when absent, the profile's default (none for aws)
   */
  public static SparkSession start(EngineProfile profile, Optional<String> master) {
    SparkSession.Builder builder = SparkSession.builder()
        .appName("metriccare-etl")
        // Hudi refuses to write with Java serialization and registers its own classes with Kryo.
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", "org.apache.spark.HoodieSparkKryoRegistrar")
        .config("spark.sql.extensions", "org.apache.spark.sql.hudi.HoodieSparkSessionExtension")
        .config("spark.ui.enabled", "false")
        // Hospital-local dates are derived explicitly from each hospital's time zone; UTC keeps
        // every other timestamp conversion independent of the machine the engine runs on.
        .config("spark.sql.session.timeZone", "UTC");
    profile.sparkTuning().forEach(builder::config);
    master.or(profile::defaultMaster).ifPresent(builder::master);
    return builder.getOrCreate();
  }
}
