package io.metriccare.api.problems;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpStatus;

/** The few kinds of failure the API reports, each with one HTTP status and one FHIR issue type. */
public enum Anomaly {
    INCORRECT(HttpStatus.BAD_REQUEST, IssueType.INVALID),
    /** Well-formed input that breaks a rule (FHIR: parsed, but structurally or semantically invalid). */
    UNPROCESSABLE(HttpStatus.UNPROCESSABLE_ENTITY, IssueType.PROCESSING),
    TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, IssueType.TOOCOSTLY),
    /** No valid bearer token. */
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, IssueType.LOGIN),
    FORBIDDEN(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND, IssueType.NOTFOUND),
    CONFLICT(HttpStatus.CONFLICT, IssueType.CONFLICT),
    UNSUPPORTED(HttpStatus.UNSUPPORTED_MEDIA_TYPE, IssueType.NOTSUPPORTED),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, IssueType.TRANSIENT),
    /** Something this deployment leaves to another system (e.g. ingest clients to an external identity provider). */
    NOT_IMPLEMENTED(HttpStatus.NOT_IMPLEMENTED, IssueType.NOTSUPPORTED),
    FAULT(HttpStatus.INTERNAL_SERVER_ERROR, IssueType.EXCEPTION);

    private final HttpStatus status;
    private final IssueType issueType;

    Anomaly(HttpStatus status, IssueType issueType) {
        this.status = status;
        this.issueType = issueType;
    }

    public HttpStatus status() {
        return status;
    }

    IssueType issueType() {
        return issueType;
    }

    static Anomaly of(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404, 405 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 413 -> TOO_LARGE;
            case 422 -> UNPROCESSABLE;
            case 415, 406 -> UNSUPPORTED;
            case 501 -> NOT_IMPLEMENTED;
            case 503 -> UNAVAILABLE;
            default -> status < 500 ? INCORRECT : FAULT;
        };
    }
}
