package io.metriccare.etl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts engine JVMs the way the api-service's local engine does: a manifest file and a {@code java} command. */
public final class EngineLauncher {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineLauncher() {}

  /** {@code java -Xmx<heap>} with this JVM's module openings, running {@code mainClass} from {@code classPath}. */
  public static List<String> command(String classPath, String heap, Class<?> mainClass, String... arguments) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("--add-opens"))
        .forEach(command::add);
    command.addAll(List.of("-cp", classPath, mainClass.getName()));
    command.addAll(List.of(arguments));
    return command;
  }

  /** Writes the manifest as the api-service does: the fields {@link RunManifest#read} reads. */
  public static Path writeManifest(RunManifest manifest, Path file) throws IOException {
    ObjectNode json = JSON.createObjectNode()
        .put("runId", manifest.runId())
        .put("profile", manifest.profile().manifestName())
        .put("lakeRoot", manifest.lakeRoot())
        .put("outputLocation", manifest.outputLocation());
    json.set("tenants", JSON.valueToTree(manifest.tenants()));
    ObjectNode dataThrough = json.putObject("dataThroughDates");
    manifest.dataThroughDates().forEach((tenant, date) -> dataThrough.put(tenant, date.toString()));
    json.set("hospitalTimeZones", JSON.valueToTree(manifest.hospitalTimeZones()));
    ArrayNode inputs = json.putArray("inputs");
    manifest.inputs().forEach(input -> inputs.addObject()
        .put("ingestionId", input.ingestionId())
        .put("tenantId", input.tenantId())
        .put("objectKey", input.objectKey())
        .put("receivedAt", input.receivedAt().toString()));
    json.set("lineageDeltaTenants", JSON.valueToTree(manifest.lineageDeltaTenants()));
    JSON.writeValue(file.toFile(), json);
    return file;
  }
}
