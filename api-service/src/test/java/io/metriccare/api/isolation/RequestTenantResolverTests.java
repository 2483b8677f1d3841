package io.metriccare.api.isolation;

import io.metriccare.tenancy.TenantId;
import io.metriccare.tenancy.database.DatabaseTenantScope.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

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

    private Scope resolve(String method, String path, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setQueryString(query);
        return resolver.resolve(request);
    }
}
