package io.metriccare.api;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.metriccare.api.security.Role;
import io.metriccare.api.security.SecurityProperties;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens for tests, signed with the running service's own key (its local authorization server's
 * encoder), with the claims that server issues: issuer, audience, tenant and roles under the configured
 * claim names. Also the tokens the service must refuse: expired, wrong audience or issuer, signed by a
 * key it does not know, unsigned.
 */
public final class TestTokens {

    private static final Duration LIFETIME = Duration.ofHours(2);
    /** A key the service has never seen (one, since generating an RSA key is slow). */
    private static final RSAKey STRANGER = rsaKey();

    private final JwtEncoder encoder;
    private final SecurityProperties properties;
    private final String issuer;

    /** Tokens of the local authorization server: its encoder and issuer. */
    public TestTokens(JwtEncoder encoder, SecurityProperties properties) {
        this(encoder, properties, properties.local().issuer());
    }

    /** Tokens of another issuer, e.g. an identity provider a test stands up. */
    public TestTokens(JwtEncoder encoder, SecurityProperties properties, String issuer) {
        this.encoder = encoder;
        this.properties = properties;
        this.issuer = issuer;
    }

    public String platformAdmin() {
        return of(Role.PLATFORM_ADMIN, null);
    }

    /** A token of one role for one tenant ({@code null}: no tenant claim). */
    public String of(Role role, String tenantId) {
        return mint(caller(role, tenantId));
    }

    /** A token like the service's own, changed by {@code changes} (claims can be removed or replaced). */
    public String mint(Consumer<JwtClaimsSet.Builder> changes) {
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims(changes)))
                .getTokenValue();
    }

    public String expired(Role role, String tenantId) {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        return mint(caller(role, tenantId).andThen(claims -> claims.issuedAt(past.minus(Duration.ofMinutes(15))).expiresAt(past)));
    }

    /** The right claims, signed by a key the service has never seen. */
    public String signedByUnknownKey(Role role, String tenantId) {
        JwtEncoder stranger = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(STRANGER)));
        JwtClaimsSet claims = claims(caller(role, tenantId));
        return stranger.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims)).getTokenValue();
    }

    /** The right claims with {@code "alg": "none"} and no signature (RFC 7519 §6, "unsecured JWT"). */
    public String unsigned(Role role, String tenantId) {
        JwtClaimsSet claims = claims(caller(role, tenantId));
        JsonMapper json = JsonMapper.builder().build();
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> payload = claims.getClaims().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                claim -> claim.getValue() instanceof Instant instant ? instant.getEpochSecond() : claim.getValue()));
        return header + "." + base64.encodeToString(json.writeValueAsBytes(payload)) + ".";
    }

    private Consumer<JwtClaimsSet.Builder> caller(Role role, String tenantId) {
        return claims -> {
            claims.claim(properties.rolesClaim(), List.of(role.claimValue()));
            if (tenantId != null) {
                claims.claim(properties.tenantClaim(), tenantId);
            }
        };
    }

    private JwtClaimsSet claims(Consumer<JwtClaimsSet.Builder> changes) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .audience(List.of(properties.audience()))
                .subject("test-" + UUID.randomUUID())
                .issuedAt(now)
                .expiresAt(now.plus(LIFETIME));
        changes.accept(claims);
        return claims.build();
    }

    private static RSAKey rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
