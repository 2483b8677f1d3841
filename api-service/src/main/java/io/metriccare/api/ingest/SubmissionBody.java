package io.metriccare.api.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a request body once, within the size limit, decoding {@code Content-Encoding: gzip}.
 * Reading stops at the limit, so an oversized body is never held in memory whole.
 */
record SubmissionBody(byte[] json, byte[] gzipped) {

    static SubmissionBody read(HttpServletRequest request, long limitBytes) {
        if (request.getContentLengthLong() > limitBytes && !isGzip(request)) {
            throw new PayloadTooLargeException(limitBytes);
        }
        try {
            if (!isGzip(request)) {
                return new SubmissionBody(readAtMost(request.getInputStream(), limitBytes), null);
            }
            byte[] gzipped = readAtMost(request.getInputStream(), limitBytes);
            try (InputStream json = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
                return new SubmissionBody(readAtMost(json, limitBytes), gzipped);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read request body: " + e.getMessage(), e);
        }
    }

    private static boolean isGzip(HttpServletRequest request) {
        return "gzip".equalsIgnoreCase(request.getHeader("Content-Encoding"));
    }

    private static byte[] readAtMost(InputStream in, long limitBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
            total += read;
            if (total > limitBytes) {
                throw new PayloadTooLargeException(limitBytes);
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
