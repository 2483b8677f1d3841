package io.metriccare.api.security.local;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A revoked ingest client stays revoked: register a new one instead. */
public class RevokedIngestClientException extends ErrorResponseException {

    RevokedIngestClientException(String clientId) {
        super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Cannot issue a secret: the ingest client is revoked; register a new one (%s)".formatted(clientId)), null);
    }
}
