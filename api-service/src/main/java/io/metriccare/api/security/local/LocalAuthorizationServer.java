package io.metriccare.api.security.local;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.metriccare.api.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The embedded OAuth 2.0 authorization server of the {@code local} profile (Spring Authorization
 * Server): client credentials for the configured demo clients and the registered ingest clients, at
 * {@code /oauth2/token}, with a fixed issuer so tokens stay valid whatever the port. Its RSA key is
 * generated at each start, so tokens do not survive a restart. The API validates its tokens against
 * that key without a network round trip, with the same checks as for an external issuer.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class LocalAuthorizationServer {

    private static final Logger log = LoggerFactory.getLogger(LocalAuthorizationServer.class);

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerSecurity(HttpSecurity http) {
        http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(SecurityProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.local().issuer()).build();
    }

    @Bean
    RegisteredClientRepository localClients(SecurityProperties properties, IngestClientRegistry ingestClients) {
        log.info("Local authorization server: client credentials at POST /oauth2/token for the configured clients {}",
                properties.local().clients().keySet().stream().sorted().toList());
        return new LocalClients(properties.local(), ingestClients);
    }

    @Bean
    PasswordEncoder clientSecretEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(SecurityProperties properties) {
        return ClientIdentity.tokenClaims(properties);
    }

    @Bean
    JWKSource<SecurityContext> signingKeys() {
        KeyPair pair = rsaKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    JwtEncoder jwtEncoder(JWKSource<SecurityContext> signingKeys) {
        return new NimbusJwtEncoder(signingKeys);
    }

    /** Signature, then expiry, audience and type (the shared validators) and this server as the issuer. */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> signingKeys, List<OAuth2TokenValidator<Jwt>> validators,
                          SecurityProperties properties) {
        List<OAuth2TokenValidator<Jwt>> all = new ArrayList<>(validators);
        all.add(new JwtIssuerValidator(properties.local().issuer()));
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(signingKeys).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(all));
        return decoder;
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot generate the local authorization server's key: no RSA", e);
        }
    }
}
