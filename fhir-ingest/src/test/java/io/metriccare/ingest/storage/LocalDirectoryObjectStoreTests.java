package io.metriccare.ingest.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalDirectoryObjectStoreTests {

    private static final byte[] BUNDLE = "{\"resourceType\":\"Bundle\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    @Test
    void list_returnsTheKeysUnderThePrefix_butNoSiblingOrUnfinishedWrite() throws IOException {
        LocalDirectoryObjectStore store = new LocalDirectoryObjectStore(root);
        List.of("raw/tenant=a/dt=2024-07-01/1.json", "raw/tenant=a/dt=2024-07-02/2.json.gz", "raw/tenant=ab/3.json")
                .forEach(key -> store.put(key, BUNDLE));
        Files.write(root.resolve("raw/tenant=a/dt=2024-07-01/.partial-123.tmp"), BUNDLE);

        assertThat(store.list("raw/tenant=a/"))
                .containsExactlyInAnyOrder("raw/tenant=a/dt=2024-07-01/1.json", "raw/tenant=a/dt=2024-07-02/2.json.gz");
    }

    @Test
    void deleteAll_removesThePrefixDirectory_andCountsItsObjects() throws IOException {
        LocalDirectoryObjectStore store = new LocalDirectoryObjectStore(root);
        List.of("raw/tenant=a/dt=2024-07-01/1.json", "raw/tenant=a/dt=2024-07-02/2.json", "raw/tenant=ab/3.json")
                .forEach(key -> store.put(key, BUNDLE));
        Files.write(root.resolve("raw/tenant=a/dt=2024-07-01/.partial-123.tmp"), BUNDLE);

        assertThat(store.deleteAll("raw/tenant=a/")).isEqualTo(2);
        assertThat(root.resolve("raw/tenant=a")).doesNotExist();
        assertThat(store.list("raw/")).containsExactly("raw/tenant=ab/3.json");
    }

    @Test
    void deleteAll_ofAPrefixWithNothingUnderIt_deletesNothing() {
        LocalDirectoryObjectStore store = new LocalDirectoryObjectStore(root);
        store.put("raw/tenant=b/1.json", BUNDLE);

        assertThat(store.deleteAll("raw/tenant=a/")).isZero();
        assertThat(store.list("raw/")).containsExactly("raw/tenant=b/1.json");
    }

    @Test
    void deleteAll_withAPrefixThatIsNoDirectory_isRejectedAndDeletesNothing() {
        LocalDirectoryObjectStore store = new LocalDirectoryObjectStore(root);
        store.put("raw/tenant=a/1.json", BUNDLE);

        for (String prefix : List.of("raw/tenant=a", "raw/tenant=a/../", "./", "/raw/", "")) {
            assertThatThrownBy(() -> store.deleteAll(prefix))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Cannot address objects: a prefix is one or more path segments ending with '/' (%s)", prefix);
        }
        assertThat(store.list("raw/")).containsExactly("raw/tenant=a/1.json");
    }
}
