package io.metriccare.api.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded PostgreSQL server used when no external database is configured.
 *
 * @param enabled  start the embedded server (turn off and set {@code spring.datasource.*} for any other PostgreSQL)
 * @param dataDir  where its data lives across restarts; empty for a throw-away directory (tests)
 * @param port     its port; 0 picks a free one
 */
@ConfigurationProperties("metriccare.database.embedded")
public record EmbeddedDatabaseProperties(boolean enabled, Path dataDir, int port) {
}
