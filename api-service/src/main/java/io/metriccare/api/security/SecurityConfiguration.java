package io.metriccare.api.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The API as an OAuth 2.0 resource server: every request is authorized by {@link Permissions}, with
 * a bearer JWT whose signature, expiry, issuer and audience are checked. The token validators below
 * join the issuer check in whichever decoder is in use: the one Spring Boot builds from
 * {@code spring.security.oauth2.resourceserver.jwt.*} for an external identity provider, or the
 * local authorization server's.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, Permissions permissions, CallerClaims callers, SecurityProblems problems) {
        // Bearer tokens only, no cookies or sessions: there is no ambient credential a forged request could ride on.
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.anyRequest().access(permissions))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(callers))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /** A token without {@code exp} would never expire: refuse it (Spring accepts it by default). */
    @Bean
    OAuth2TokenValidator<Jwt> expiryRequired() {
        JwtTimestampValidator validator = new JwtTimestampValidator();
        validator.setAllowEmptyExpiryClaim(false);
        return validator;
    }

    @Bean
    OAuth2TokenValidator<Jwt> audienceRequired(SecurityProperties properties) {
        return new TokenAudience(properties.audience());
    }

    /** Plain JWTs and RFC 9068 access tokens ({@code at+jwt}, as some identity providers type them). */
    @Bean
    OAuth2TokenValidator<Jwt> accessTokenType() {
        JwtTypeValidator validator = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
        validator.setAllowEmpty(true);
        return validator;
    }
}
