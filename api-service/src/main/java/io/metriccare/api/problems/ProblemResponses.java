package io.metriccare.api.problems;

import java.net.URI;
import java.util.List;

import io.metriccare.api.etl.IllegalRunRequestException;
import io.metriccare.api.fhir.FhirResourceMessageConverter;
import io.metriccare.api.fhir.OperationOutcomes;
import io.metriccare.api.metrics.InvalidMetricsRequestException;
import io.metriccare.api.ingest.PayloadTooLargeException;
import io.metriccare.api.notifications.InvalidWebhookException;
import io.metriccare.ingest.bundle.IdempotencyKeyReusedException;
import io.metriccare.ingest.bundle.InvalidSubmissionException;
import io.metriccare.tenancy.InvalidTenantIdException;
import io.metriccare.tenancy.TenantAlreadyExistsException;
import io.metriccare.tenancy.TenantNotActiveException;
import io.metriccare.tenancy.UnknownTenantException;
import io.metriccare.tenancy.hospital.InvalidHospitalEditException;
import io.metriccare.tenancy.hospital.InvalidHospitalIdException;
import io.metriccare.tenancy.settings.InvalidTenantSettingsException;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The one place where failures become responses: FHIR endpoints answer an OperationOutcome,
 * every other endpoint RFC 9457 problem details. Faults log at error, everything else at warn.
 * A tenant that is not active is refused with its own problem type ({@value #PROBLEM_TYPES}tenant-suspended,
 * -deleting, -deleted), also given as the issue's details code in an OperationOutcome.
 */
@RestControllerAdvice
class ProblemResponses {

    static final String PROBLEM_TYPES = "urn:metriccare:problem:";
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final List<Class<? extends Exception>> INCORRECT_INPUT = List.of(
            InvalidTenantIdException.class, InvalidHospitalIdException.class, InvalidHospitalEditException.class,
            IllegalRunRequestException.class, InvalidMetricsRequestException.class,
            MethodArgumentTypeMismatchException.class, InvalidTenantSettingsException.class,
            HttpMessageNotReadableException.class, InvalidWebhookException.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handle(Exception exception, HttpServletRequest request) {
        Anomaly anomaly = classify(exception);
        String message = message(exception, anomaly);
        if (anomaly == Anomaly.FAULT) {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), exception);
        } else {
            log.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), message);
        }
        if (request.getRequestURI().startsWith("/fhir/")) {
            OperationOutcome outcome = exception instanceof InvalidSubmissionException invalid
                    ? OperationOutcomes.errors(invalid.issues())
                    : OperationOutcomes.error(anomaly.issueType(), message);
            if (exception instanceof TenantNotActiveException notActive) {
                outcome.getIssueFirstRep().getDetails().addCoding().setSystem("urn:metriccare:problem").setCode(notActive.problemType());
            }
            return ResponseEntity.status(anomaly.status()).contentType(FhirResourceMessageConverter.FHIR_JSON).body(outcome);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(anomaly.status(), message);
        problem.setProperty("category", anomaly.name().toLowerCase());
        if (exception instanceof TenantNotActiveException notActive) {
            problem.setType(URI.create(PROBLEM_TYPES + notActive.problemType()));
            problem.setProperty("tenantStatus", notActive.status().code());
        }
        return ResponseEntity.status(anomaly.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static Anomaly classify(Exception exception) {
        if (exception instanceof ErrorResponse response) {
            return Anomaly.of(response.getStatusCode().value());
        }
        if (exception instanceof InvalidSubmissionException invalid) {
            boolean unparseable = invalid.issues().stream().anyMatch(issue -> "structure".equals(issue.code()));
            return unparseable ? Anomaly.INCORRECT : Anomaly.UNPROCESSABLE;
        }
        return INCORRECT_INPUT.stream().anyMatch(type -> type.isInstance(exception)) ? Anomaly.INCORRECT
                : exception instanceof UnknownTenantException || exception instanceof NotFoundException ? Anomaly.NOT_FOUND
                : exception instanceof TenantAlreadyExistsException || exception instanceof IdempotencyKeyReusedException
                        || exception instanceof TenantNotActiveException || exception instanceof ConflictException ? Anomaly.CONFLICT
                : exception instanceof PayloadTooLargeException ? Anomaly.TOO_LARGE
                : exception instanceof AuthenticationException ? Anomaly.UNAUTHENTICATED
                : exception instanceof AccessDeniedException ? Anomaly.FORBIDDEN
                : Anomaly.FAULT;
    }

    private static String message(Exception exception, Anomaly anomaly) {
        if (anomaly == Anomaly.FAULT) {
            return "Cannot complete the request: an internal error occurred";
        }
        if (exception instanceof MethodArgumentTypeMismatchException mismatch) {
            return "Cannot read parameter '%s': it is not a valid %s (%s)".formatted(mismatch.getName(),
                    mismatch.getRequiredType() == null ? "value" : mismatch.getRequiredType().getSimpleName(), mismatch.getValue());
        }
        if (exception instanceof HttpMessageNotReadableException) {
            // Spring's own message names our handler method; the caller only needs to know the body was unusable
            return "Cannot read request body: it is missing or not valid JSON of the expected shape";
        }
        if (exception instanceof ErrorResponse response && response.getBody().getDetail() != null) {
            return response.getBody().getDetail();
        }
        return exception.getMessage();
    }
}
