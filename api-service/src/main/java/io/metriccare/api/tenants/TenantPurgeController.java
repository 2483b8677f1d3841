package io.metriccare.api.tenants;

import java.net.URI;

import io.metriccare.tenancy.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Deleting a tenant: the request that starts its purge, and the purge's status. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}")
@Tag(name = "Tenants")
class TenantPurgeController {

    private final TenantPurges purges;

    TenantPurgeController(TenantPurges purges) {
        this.purges = purges;
    }

    @Operation(summary = "Delete a tenant and purge its data (asynchronous)",
            description = "The tenant turns 'deleting' at once: its ingest and queries are refused (409, tenant-deleting). "
                    + "The purge then deletes its lake partitions, raw objects and database rows, and leaves the tenant "
                    + "row as a tombstone with status 'deleted', so the id is never reused. Repeating the request "
                    + "returns the same purge, and resumes it when it failed.")
    @ApiResponse(responseCode = "202", description = "The purge is running; poll the Location",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The purge's status URL", schema = @Schema(type = "string")),
            content = @Content(schema = @Schema(implementation = TenantPurge.class)))
    @ApiResponse(responseCode = "200", description = "The tenant was already deleted: its completed purge",
            content = @Content(schema = @Schema(implementation = TenantPurge.class)))
    @DeleteMapping
    ResponseEntity<TenantPurge> deleteTenant(@PathVariable String tenantId) {
        TenantPurge purge = purges.request(new TenantId(tenantId));
        return ResponseEntity.status(purge.isCompleted() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/tenants/%s/purge".formatted(purge.tenantId())))
                .body(purge);
    }

    @Operation(summary = "Get the purge of a deleted tenant: its steps, what each removed, and the errors of failed attempts")
    @GetMapping("/purge")
    TenantPurge getPurge(@PathVariable String tenantId) {
        return purges.status(new TenantId(tenantId));
    }
}
