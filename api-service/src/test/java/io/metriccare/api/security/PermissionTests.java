package io.metriccare.api.security;

import java.util.Map;
import java.util.Set;

import io.metriccare.api.security.Permission.TenantScope;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.http.HttpMethod.GET;

class PermissionTests {

    @Test
    void rolesOnAnEndpointThatNamesNoTenant_areRejected_soNoRoleCanCrossTenants() {
        assertThatThrownBy(() -> Permission.of(GET, "/api/v1/etl/runs", TenantScope.PLATFORM, Role.CLINICIAN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Only an endpoint that names its tenant can admit tenant roles, and it must admit one (/api/v1/etl/runs)");
    }

    @Test
    void tenantInPath_needsTheTenantIdVariable() {
        assertThatThrownBy(() -> Permission.of(GET, "/api/v1/hospitals/{hospitalId}", TenantScope.PATH, Role.CLINICIAN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A tenant-in-path endpoint needs a {tenantId} path variable (/api/v1/hospitals/{hospitalId})");
    }

    @Test
    void platformAdmin_isNeverListed() {
        assertThatThrownBy(() -> Permission.of(GET, "/api/v1/tenants/{tenantId}", TenantScope.PATH, Role.PLATFORM_ADMIN))
                .hasMessage("platform_admin may call every endpoint; do not list it (/api/v1/tenants/{tenantId})");
    }

    @Test
    void tenantWall_comparesThePathTenant_withTheTokens() {
        Permission permission = Permission.of(GET, "/api/v1/tenants/{tenantId}", TenantScope.PATH, Role.TENANT_ADMIN);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/tenants/south");

        Decision own = permission.decide(new Caller("c", "south", Set.of(Role.TENANT_ADMIN)), request, Map.of("tenantId", "south"));
        Decision other = permission.decide(new Caller("c", "north", Set.of(Role.TENANT_ADMIN)), request, Map.of("tenantId", "south"));
        Decision platform = permission.decide(new Caller("c", null, Set.of(Role.PLATFORM_ADMIN)), request, Map.of("tenantId", "south"));

        assertThat(own.isGranted()).isTrue();
        assertThat(other.isGranted()).isFalse();
        assertThat(other.reason()).isEqualTo("Cannot GET /api/v1/tenants/south: the token is for tenant north, the request names tenant south");
        assertThat(platform.isGranted()).isTrue();
    }

    @Test
    void describe_saysWhoMayCall() {
        assertThat(Permission.of(GET, "/api/v1/ingestions", TenantScope.QUERY, Role.INGEST, Role.TENANT_ADMIN).describe())
                .isEqualTo("Roles: platform_admin; tenant_admin, ingest of the tenant in the tenantId parameter.");
        assertThat(Permission.of(GET, "/fhir/{tenantId}/metadata", TenantScope.PUBLIC).describe()).isEqualTo("Public: no token needed.");
    }
}
