package io.metriccare.api.isolation;

import java.security.Principal;
import java.util.Set;

import io.metriccare.api.security.Caller;
import io.metriccare.api.security.CallerAuthentication;
import io.metriccare.api.security.Role;
import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTenantResolverTests {

    private final RequestTenantResolver resolver = new RequestTenantResolver();

    @Test
    void tenantInTheFhirPath_isTheScope() {
        assertThat(resolve("POST", "/fhir/north", null)).isEqualTo(Scope.of(new TenantId("north")));
        assertThat(resolve("GET", "/fhir/north/$import-status/42", null)).isEqualTo(Scope.of(new TenantId("north")));
    }

    @Test
    void tenantInTheTenantsPath_isTheScope() {
        assertThat(resolve("GET", "/api/v1/tenants/north", null)).isEqualTo(Scope.of(new TenantId("north")));
        assertThat(resolve("GET", "/api/v1/tenants/north/hospitals", null)).isEqualTo(Scope.of(new TenantId("north")));
    }

    @Test
    void tenantIdQueryParameter_isTheScope() {
        assertThat(resolve("GET", "/api/v1/metrics/hospitals/H1", "from=2024-01-01&tenantId=north"))
                .isEqualTo(Scope.of(new TenantId("north")));
        assertThat(resolve("GET", "/api/v1/ingestions", "tenantId=n%6Frth")).isEqualTo(Scope.of(new TenantId("north")));
    }

    @Test
    void requestNamingNoTenant_isInPlatformScope() {
        assertThat(resolve("POST", "/api/v1/tenants", null)).isEqualTo(Scope.PLATFORM);
        assertThat(resolve("GET", "/api/v1/etl/runs", "limit=5")).isEqualTo(Scope.PLATFORM);
    }

    @Test
    void tenantThatIsNotATenantId_orTwoDifferentTenants_seeNothing() {
        assertThat(resolve("POST", "/fhir/Bad..Tenant", null)).isEqualTo(Scope.NONE);
        assertThat(resolve("GET", "/api/v1/ingestions", "tenantId=")).isEqualTo(Scope.NONE);
        assertThat(resolve("GET", "/api/v1/ingestions", "tenantId=north&tenantId=south")).isEqualTo(Scope.NONE);
        assertThat(resolve("GET", "/api/v1/tenants/north", "tenantId=south")).isEqualTo(Scope.NONE);
        assertThat(resolve("GET", "/api/v1/tenants/north", "tenantId=north")).isEqualTo(Scope.of(new TenantId("north")));
    }

    @Test
    void tenantCaller_worksInItsOwnTenant_whateverTheRequestNames() {
        Principal northClinician = caller("north", Role.CLINICIAN);

        assertThat(resolve("GET", "/api/v1/metrics/hospitals/H1", "tenantId=south", northClinician))
                .isEqualTo(Scope.of(new TenantId("north")));
        assertThat(resolve("GET", "/api/v1/tenants/south", null, northClinician)).isEqualTo(Scope.of(new TenantId("north")));
        assertThat(resolve("GET", "/api/v1/etl/runs", null, northClinician)).isEqualTo(Scope.of(new TenantId("north")));
        assertThat(resolve("GET", "/api/v1/etl/runs", null, caller(null, Role.COMPLIANCE_OFFICER))).isEqualTo(Scope.NONE);
    }

    @Test
    void anonymousCall_namingNoTenant_seesNothing() {
        assertThat(resolve("GET", "/api/v1/etl/runs", null, null)).isEqualTo(Scope.NONE);
        assertThat(resolve("GET", "/fhir/north/metadata", null, null)).isEqualTo(Scope.of(new TenantId("north")));
    }

    /** As a platform admin, who works in the scope of the tenant the request addresses. */
    private Scope resolve(String method, String path, String query) {
        return resolve(method, path, query, caller(null, Role.PLATFORM_ADMIN));
    }

    private Scope resolve(String method, String path, String query, Principal principal) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setQueryString(query);
        request.setUserPrincipal(principal);
        return resolver.resolve(request);
    }

    private static Principal caller(String tenant, Role role) {
        Jwt token = Jwt.withTokenValue("token").header("alg", "RS256").subject("client-1").build();
        return new CallerAuthentication(token, new Caller("client-1", tenant, Set.of(role)));
    }
}
