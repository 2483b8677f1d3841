package io.metriccare.ingest.bundle;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A Bundle's JSON as received, minus its rejected entries: every other byte, including each accepted
 * entry, is copied unchanged, so the raw zone keeps what the client sent of the data it accepted.
 */
final class AcceptedEntries {

    private static final JsonFactory JSON = new JsonFactory();

    private AcceptedEntries() {
    }

    /** @param bundleJson a Bundle that {@link BundleReader} parsed: one object with an {@code entry} array */
    static byte[] of(byte[] bundleJson, List<RejectedEntry> rejected) {
        Set<Integer> left = rejected.stream().map(RejectedEntry::index).collect(Collectors.toSet());
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), bundleJson)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean isEntries = "entry".equals(parser.currentName());
                if (parser.nextToken() == JsonToken.START_ARRAY && isEntries) {
                    return withoutEntries(bundleJson, parser, left);
                }
                parser.skipChildren();
            }
        }
        throw new IllegalStateException("Cannot leave out Bundle entries: the Bundle has no entry array");
    }

    /**
     * Copies everything but the left-out entries; each kept entry is followed by the separator that
     * followed it as received, so the layout stays as sent. The parser is at the entry array's '['.
     */
    private static byte[] withoutEntries(byte[] json, JsonParser parser, Set<Integer> left) {
        List<int[]> entries = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            int start = offset(parser.currentTokenLocation().getByteOffset());
            parser.skipChildren();
            entries.add(new int[] {start, offset(parser.currentLocation().getByteOffset())});
        }
        List<Integer> kept = IntStream.range(0, entries.size()).filter(index -> !left.contains(index)).boxed().toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
        out.write(json, 0, entries.get(0)[0]);
        for (int k = 0; k < kept.size(); k++) {
            int[] entry = entries.get(kept.get(k));
            boolean last = k == kept.size() - 1;
            int through = last ? entry[1] : entries.get(kept.get(k) + 1)[0];
            out.write(json, entry[0], through - entry[0]);
        }
        int end = entries.get(entries.size() - 1)[1];
        out.write(json, end, json.length - end);
        return out.toByteArray();
    }

    private static int offset(long byteOffset) {
        if (byteOffset < 0) {
            throw new IllegalStateException("Cannot leave out Bundle entries: the JSON parser reports no byte offsets");
        }
        return Math.toIntExact(byteOffset);
    }
}
