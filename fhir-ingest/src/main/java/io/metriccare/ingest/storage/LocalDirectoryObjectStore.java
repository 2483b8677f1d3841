package io.metriccare.ingest.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The lake on a local directory: the embedded default. */
public class LocalDirectoryObjectStore implements ObjectStore {

    /** Files {@link #put} is still writing; they become objects when moved into place. */
    private static final String PARTIAL_PREFIX = ".partial-";

    private final Path root;

    public LocalDirectoryObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, byte[] content) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), PARTIAL_PREFIX, ".tmp");
            Files.write(partial, content);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write object: " + e.getMessage() + " (" + key + ")", e);
        }
    }

    @Override
    public byte[] get(String key) {
        try {
            return Files.readAllBytes(resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read object: " + e.getMessage() + " (" + key + ")", e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete object: " + e.getMessage() + " (" + key + ")", e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        Path directory = resolve(ObjectKeys.requirePrefix(prefix));
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(LocalDirectoryObjectStore::isObject).map(this::keyOf).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list objects: " + e.getMessage() + " (" + prefix + ")", e);
        }
    }

    /** Removes the prefix's whole directory tree, unfinished writes included; counts the objects in it. */
    @Override
    public long deleteAll(String prefix) {
        Path directory = resolve(ObjectKeys.requirePrefix(prefix));
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        long deleted = 0;
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                deleted += isObject(path) ? 1 : 0;
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete object: " + e.getMessage() + " (" + prefix + ")", e);
        }
        return deleted;
    }

    public Path root() {
        return root;
    }

    private static boolean isObject(Path path) {
        return Files.isRegularFile(path) && !path.getFileName().toString().startsWith(PARTIAL_PREFIX);
    }

    private String keyOf(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("Cannot address object: key leaves the lake root (" + key + ")");
        }
        return path;
    }
}
