package dev.nearlight.explore.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sweep files over the 1,024-GPU example scenario, written into a test's temporary directory. */
final class SweepTestFiles {
    private SweepTestFiles() {}

    static Path examples() {
        String root = System.getProperty("nearlight.root.dir");
        Path dir = root != null ? Path.of(root, "examples") : Path.of("..", "examples");
        assertThat(dir).isDirectory();
        return dir;
    }

    /** Copies the 1k example next to a sweep file with {@code body} (which should not hold base:). */
    static Path write(Path dir, String body) throws IOException {
        Files.copy(examples().resolve("npo-vs-cpo-switches-1k.yaml"), dir.resolve("base.yaml"));
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "name: test sweep\nbase: base.yaml\n" + body);
        return f;
    }
}
