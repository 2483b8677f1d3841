package io.metriccare.api.etl;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.metriccare.api.problems.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/etl/runs")
@Tag(name = "ETL runs")
class EtlRunController {

    /**
     * @param tenantIds        tenants to recompute; all tenants when empty
     * @param dataThroughDates per tenant, the data-through date of KPI-SPEC §2 (default: the latest discharge)
     */
    record StartRunRequest(List<String> tenantIds, Map<String, LocalDate> dataThroughDates) {
    }

    private final EtlRuns runs;
    private final RunExecution execution;

    EtlRunController(EtlRuns runs, RunExecution execution) {
        this.runs = runs;
        this.execution = execution;
    }

    @Operation(summary = "Start an ETL run over the submissions not yet processed")
    @PostMapping
    ResponseEntity<EtlRun> start(@RequestBody(required = false) StartRunRequest request) {
        EtlRun run = request == null ? runs.start(List.of(), Map.of()) : runs.start(request.tenantIds(), request.dataThroughDates());
        return ResponseEntity.accepted().location(URI.create("/api/v1/etl/runs/" + run.runId())).body(run);
    }

    @Operation(summary = "List recent ETL runs, newest first")
    @GetMapping
    List<EtlRun> list(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return runs.recent(limit);
    }

    @Operation(summary = "Get an ETL run: status, stage and progress while running, counts per table, stage timings, error")
    @GetMapping("/{runId}")
    EtlRun get(@PathVariable UUID runId) {
        return runs.get(runId);
    }

    @Operation(summary = "Cancel a queued or running ETL run: its engine is stopped, nothing is published and its "
            + "submissions stay unprocessed for the next run; 409 when the run has already ended")
    @PostMapping("/{runId}/cancel")
    EtlRun cancel(@PathVariable UUID runId) {
        return runs.cancel(runId);
    }

    @Operation(summary = "Get the engine log of an ETL run")
    @GetMapping(path = "/{runId}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<Resource> log(@PathVariable UUID runId) {
        runs.get(runId);
        Path log = execution.logOf(runId);
        if (!Files.isRegularFile(log)) {
            throw new NotFoundException("Cannot find engine log: the run has not started its engine (%s)".formatted(runId));
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(new FileSystemResource(log));
    }
}
