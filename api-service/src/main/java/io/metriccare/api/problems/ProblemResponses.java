package io.metriccare.api.problems;

import java.util.List;

import io.metriccare.api.etl.IllegalRunRequestException;
import io.metriccare.api.fhir.FhirResourceMessageConverter;
import io.metriccare.api.fhir.OperationOutcomes;
import io.metriccare.api.metrics.InvalidMetricsRequestException;
import io.metriccare.api.ingest.PayloadTooLargeException;
import io.metriccare.ingest.bundle.IdempotencyKeyReusedException;
import io.metriccare.ingest.bundle.InvalidSubmissionException;
import io.metriccare.tenancy.InvalidTenantIdException;
import io.metriccare.tenancy.TenantAlreadyExistsException;
import io.metriccare.tenancy.UnknownTenantException;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one place where failures become responses: FHIR endpoints answer an OperationOutcome,
 * every other endpoint RFC 9457 problem details. Faults log at error, everything else at warn.
 */
@RestControllerAdvice
class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final List<Class<? extends Exception>> INCORRECT_INPUT = List.of(
            InvalidTenantIdException.class, IllegalRunRequestException.class, InvalidMetricsRequestException.class);

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
            return ResponseEntity.status(anomaly.status()).contentType(FhirResourceMessageConverter.FHIR_JSON).body(outcome);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(anomaly.status(), message);
        problem.setProperty("category", anomaly.name().toLowerCase());
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
                        || exception instanceof ConflictException ? Anomaly.CONFLICT
                : exception instanceof PayloadTooLargeException ? Anomaly.TOO_LARGE
                : Anomaly.FAULT;
    }

    private static String message(Exception exception, Anomaly anomaly) {
        if (anomaly == Anomaly.FAULT) {
            return "Cannot complete the request: an internal error occurred";
        }
        if (exception instanceof ErrorResponse response && response.getBody().getDetail() != null) {
            return response.getBody().getDetail();
        }
        return exception.getMessage();
    }
}
