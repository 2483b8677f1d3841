package io.metriccare.api.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Reads the caller from a validated access token, with the claim names of {@code metriccare.security}
 * (identity providers name them differently). The roles claim may be a list or one string of
 * space- or comma-separated values.
 */
@Component
class CallerClaims implements Converter<Jwt, CallerAuthentication> {

    private final SecurityProperties properties;

    CallerClaims(SecurityProperties properties) {
        this.properties = properties;
    }

    @Override
    public CallerAuthentication convert(Jwt token) {
        return new CallerAuthentication(token, new Caller(Objects.toString(token.getSubject(), ""), tenant(token), roles(token)));
    }

    private String tenant(Jwt token) {
        Object value = token.getClaims().get(properties.tenantClaim());
        return value instanceof String tenant && !tenant.isBlank() ? tenant : null;
    }

    private Set<Role> roles(Jwt token) {
        Object value = token.getClaims().get(properties.rolesClaim());
        Stream<String> values = value instanceof Collection<?> list ? list.stream().map(String::valueOf)
                : value instanceof String text ? Arrays.stream(text.split("[\\s,]+"))
                : Stream.empty();
        return values.map(Role::fromClaimValue).flatMap(Optional::stream).collect(Collectors.toUnmodifiableSet());
    }
}
