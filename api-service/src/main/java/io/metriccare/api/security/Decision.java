package io.metriccare.api.security;

import org.springframework.security.authorization.AuthorizationResult;

/** A permission decision; a denial says why, and the 403 body repeats it. */
record Decision(boolean isGranted, String reason) implements AuthorizationResult {

    static final Decision GRANTED = new Decision(true, null);

    static Decision denied(String reason) {
        return new Decision(false, reason);
    }
}
