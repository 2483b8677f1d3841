package io.metriccare.ingest.bulk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.metriccare.ingest.bundle.InvalidSubmissionException;
import io.metriccare.ingest.bundle.SubmissionIssue;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Reads NDJSON (one FHIR R4 resource per line), parses each line strictly, and hands the accepted
 * resources on as collection Bundles of at most {@code batchSize} resources. Each entry is the line's
 * text as received: HAPI accepts a line only when it is exactly one JSON object (it fails on trailing
 * tokens), so the text can be embedded without re-encoding it. A line that cannot be
 * imported is rejected on its own and never stops the rest; so is a line the intake rejects, when
 * the intake's issue names its Bundle entry. A batch the intake already holds (same bytes) yields
 * its earlier ingestion id, listed once.
 */
final class NdjsonReader {

    static final int MAX_ERRORS_KEPT = 100;
    static final int MAX_LINE_CHARS = 32 * 1024 * 1024;
    private static final int MAX_BATCH_CHARS = 32 * 1024 * 1024;
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private final FhirContext fhirContext;
    private final int batchSize;

    NdjsonReader(FhirContext fhirContext, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Cannot read NDJSON: the batch size must be positive (%d)".formatted(batchSize));
        }
        this.fhirContext = fhirContext;
        this.batchSize = batchSize;
    }

    /**
     * Reads every line of {@code input}.
     *
     * @param intake   stores one collection Bundle (JSON bytes) and returns its ingestion id; throws
     *                 {@link InvalidSubmissionException} when it refuses the Bundle
     * @param progress told the counts after every batch and every {@code batchSize} lines
     * @return the final counts
     */
    ImportProgress read(Reader input, Function<byte[], UUID> intake, Consumer<ImportProgress> progress) throws IOException {
        Run run = new Run(intake, progress);
        Lines lines = new Lines(input);
        for (Line line = lines.next(); line != null; line = lines.next()) {
            if (Thread.interrupted()) {
                throw new InterruptedIOException("Cannot read NDJSON: interrupted at line " + line.number());
            }
            run.offer(line);
        }
        run.flush();
        return run.snapshot();
    }

    /** One import's state: the batch being filled and the counts so far. */
    private final class Run {

        private final IParser parser = fhirContext.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        private final Function<byte[], UUID> intake;
        private final Consumer<ImportProgress> progress;
        private final List<Pending> batch = new ArrayList<>();
        private final StringBuilder bundleJson = new StringBuilder();
        private final List<UUID> ingestionIds = new ArrayList<>();
        private final List<RejectedLine> errors = new ArrayList<>();
        private long batchChars;
        private long linesRead;
        private long accepted;
        private long rejected;
        private long reportedAtLine;

        Run(Function<byte[], UUID> intake, Consumer<ImportProgress> progress) {
            this.intake = intake;
            this.progress = progress;
        }

        void offer(Line line) {
            if (!line.isTooLong() && line.text().isBlank()) {
                return;
            }
            linesRead++;
            if (line.isTooLong()) {
                reject(line.number(), "Cannot import line: it is longer than the limit (%d characters)".formatted(MAX_LINE_CHARS));
            } else {
                parse(line);
            }
            if (batch.size() >= batchSize || batchChars >= MAX_BATCH_CHARS) {
                flush();
            } else if (linesRead - reportedAtLine >= batchSize) {
                report();
            }
        }

        private void parse(Line line) {
            String text = line.number() == 1 && line.text().startsWith(BYTE_ORDER_MARK) ? line.text().substring(1) : line.text();
            IBaseResource resource;
            try {
                resource = parser.parseResource(text);
            } catch (RuntimeException e) {
                reject(line.number(), e.getMessage() != null ? e.getMessage() : e.toString());
                return;
            }
            if (resource instanceof Bundle) {
                reject(line.number(), "Cannot import line: a Bundle is not a resource to import from NDJSON (Bundle)");
            } else if (!resource.getIdElement().hasIdPart()) {
                reject(line.number(), "Cannot import line: the resource has no id (%s)".formatted(resource.fhirType()));
            } else {
                batch.add(new Pending(line.number(), text));
                batchChars += text.length();
            }
        }

        void flush() {
            while (!batch.isEmpty()) {
                byte[] json = collectionBundle();
                try {
                    UUID ingestionId = intake.apply(json);
                    if (!ingestionIds.contains(ingestionId)) {
                        ingestionIds.add(ingestionId);
                    }
                    accepted += batch.size();
                    batch.clear();
                } catch (InvalidSubmissionException e) {
                    rejectRefused(e.issues());
                }
            }
            batchChars = 0;
            report();
        }

        private byte[] collectionBundle() {
            bundleJson.setLength(0);
            bundleJson.append("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
            for (int i = 0; i < batch.size(); i++) {
                bundleJson.append(i == 0 ? "" : ",").append("{\"resource\":").append(batch.get(i).json()).append('}');
            }
            return bundleJson.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Drops the entries the intake's issues name; when they name none, the whole batch. */
        private void rejectRefused(List<SubmissionIssue> issues) {
            Map<Integer, String> refused = new TreeMap<>();
            for (SubmissionIssue issue : issues) {
                OptionalInt entry = issue.entryIndex();
                if (entry.isPresent() && entry.getAsInt() < batch.size()) {
                    refused.merge(entry.getAsInt(), issue.diagnostics(), (a, b) -> a + "; " + b);
                }
            }
            if (refused.isEmpty()) {
                String reason = issues.get(0).diagnostics();
                batch.forEach(pending -> reject(pending.line(), reason));
                batch.clear();
                return;
            }
            List<Integer> indexes = new ArrayList<>(refused.keySet());
            for (int i = indexes.size() - 1; i >= 0; i--) {
                int index = indexes.get(i);
                reject(batch.remove(index).line(), refused.get(index));
            }
        }

        private void reject(long line, String message) {
            rejected++;
            if (errors.size() < MAX_ERRORS_KEPT) {
                errors.add(new RejectedLine(line, message));
            }
        }

        private void report() {
            reportedAtLine = linesRead;
            progress.accept(snapshot());
        }

        ImportProgress snapshot() {
            List<RejectedLine> sorted = errors.stream().sorted((a, b) -> Long.compare(a.line(), b.line())).toList();
            return new ImportProgress(linesRead, accepted, rejected, List.copyOf(ingestionIds), sorted);
        }
    }

    private record Pending(long line, String json) {
    }

    /** One physical line: its 1-based number and text without the terminator, or no text when it was too long. */
    private record Line(long number, String text) {

        boolean isTooLong() {
            return text == null;
        }
    }

    /** Splits a character stream at '\n' (dropping a '\r' before it), never holding more than one line of limited length. */
    private static final class Lines {

        private final Reader input;
        private final char[] buffer = new char[64 * 1024];
        private int position;
        private int end;
        private long number;

        Lines(Reader input) {
            this.input = input;
        }

        Line next() throws IOException {
            StringBuilder text = null;
            boolean tooLong = false;
            while (true) {
                if (position == end) {
                    int read = input.read(buffer);
                    if (read < 0) {
                        if (text == null) {
                            return null;
                        }
                        break;
                    }
                    position = 0;
                    end = read;
                    continue;
                }
                if (text == null) {
                    text = new StringBuilder();
                }
                int start = position;
                while (position < end && buffer[position] != '\n') {
                    position++;
                }
                if (!tooLong && text.length() + (position - start) > MAX_LINE_CHARS) {
                    tooLong = true;
                    text.setLength(0);
                } else if (!tooLong) {
                    text.append(buffer, start, position - start);
                }
                if (position < end) {
                    position++;
                    break;
                }
            }
            number++;
            if (tooLong) {
                return new Line(number, null);
            }
            int length = text.length();
            return new Line(number, length > 0 && text.charAt(length - 1) == '\r' ? text.substring(0, length - 1) : text.toString());
        }
    }
}
