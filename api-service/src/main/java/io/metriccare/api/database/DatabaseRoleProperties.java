package io.metriccare.api.database;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param appRole the PostgreSQL role the application connects as: the migrations grant it table access
 *                ({@code spring.flyway.placeholders.app_role}); never a superuser, never BYPASSRLS, never the
 *                tables' owner, so row-level security holds for it. The embedded database creates it; an external
 *                database's operator does (README: Tenant isolation). A plain lower-case name, as it is written
 *                into SQL unquoted.
 */
@ConfigurationProperties("metriccare.database")
@Validated
public record DatabaseRoleProperties(@NotNull @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}") String appRole) {
}
