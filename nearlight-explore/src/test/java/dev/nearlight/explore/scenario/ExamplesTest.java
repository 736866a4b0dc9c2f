package dev.nearlight.explore.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario under {@code examples/} parses and validates. */
class ExamplesTest {
    static Path examplesDir() {
        String root = System.getProperty("nearlight.root.dir");
        Path dir = root != null ? Path.of(root, "examples") : Path.of("..", "examples");
        assertThat(dir).as("examples directory").isDirectory();
        return dir;
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(examplesDir())) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void parses(Path example) {
        Scenario s = new ScenarioLoader().load(example).scenario();
        assertThat(s.alternatives()).isNotEmpty();
        assertThat(s.workloads()).isNotEmpty();
        for (Workload w : s.workloads()) {
            assertThat(w.tp() * w.pp() * w.dp() * w.cp()).isEqualTo(s.cluster().gpus());
        }
    }

    @Test
    void theThreeRequiredExamplesExist() throws IOException {
        List<String> names = examples().map(p -> p.getFileName().toString()).toList();
        assertThat(names).contains("llama3-405b-16k-gpus.yaml", "npo-vs-cpo-switches-1k.yaml", "whatif-3.2t.yaml");
        Scenario main = new ScenarioLoader()
                .load(examplesDir().resolve("llama3-405b-16k-gpus.yaml"))
                .scenario();
        assertThat(main.cluster().gpus()).isEqualTo(16_384);
        assertThat(main.alternatives()).extracting(Alternative::name).containsExactly("pluggable", "lpo", "npo", "cpo");
    }
}
