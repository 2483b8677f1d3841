package io.metriccare.api.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class CallerClaimsTests {

    private static CallerClaims claimNames(String tenantClaim, String rolesClaim) {
        return new CallerClaims(new SecurityProperties("metriccare-api", tenantClaim, rolesClaim,
                new SecurityProperties.Local("http://localhost:8080", Duration.ofMinutes(15), Map.of())));
    }

    private static Jwt token(Map<String, Object> claims) {
        return Jwt.withTokenValue("token").header("alg", "RS256").subject("client-1").claims(all -> all.putAll(claims)).build();
    }

    @Test
    void defaultClaimNames_giveTenantAndRoles() {
        Caller caller = claimNames("tenant_id", "roles")
                .convert(token(Map.of("tenant_id", "north", "roles", List.of("compliance_officer", "clinician")))).caller();

        assertThat(caller).isEqualTo(new Caller("client-1", "north", Set.of(Role.COMPLIANCE_OFFICER, Role.CLINICIAN)));
    }

    @Test
    void configuredClaimNames_areTheOnesRead() {
        CallerClaims claims = claimNames("org_id", "cognito:groups");

        Caller caller = claims.convert(token(Map.of("org_id", "north", "cognito:groups", List.of("tenant_admin"),
                "tenant_id", "south", "roles", List.of("platform_admin")))).caller();

        assertThat(caller.tenantId()).isEqualTo("north");
        assertThat(caller.roles()).containsExactly(Role.TENANT_ADMIN);
    }

    @Test
    void rolesAsOneString_spaceOrCommaSeparated_areRead() {
        Caller caller = claimNames("tenant_id", "roles").convert(token(Map.of("roles", "ingest, clinician tenant_admin"))).caller();

        assertThat(caller.roles()).containsExactlyInAnyOrder(Role.INGEST, Role.CLINICIAN, Role.TENANT_ADMIN);
    }

    @Test
    void unknownRoles_andABlankTenant_giveNothing() {
        Caller caller = claimNames("tenant_id", "roles")
                .convert(token(Map.of("tenant_id", " ", "roles", List.of("admin", "PLATFORM_ADMIN", "offline_access")))).caller();

        assertThat(caller.tenantId()).isNull();
        assertThat(caller.roles()).isEmpty();
        assertThat(caller.isPlatformAdmin()).isFalse();
    }

    @Test
    void rolesBecomeAuthorities() {
        CallerAuthentication authentication = claimNames("tenant_id", "roles")
                .convert(token(Map.of("tenant_id", "north", "roles", List.of("clinician"))));

        assertThat(authentication.isAuthenticated()).isTrue();
        assertThat(authentication.getName()).isEqualTo("client-1");
        assertThat(authentication.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_clinician");
    }
}
