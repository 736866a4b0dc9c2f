package dev.nearlight.sim.train;

import java.nio.file.Path;
import java.util.List;

/** The published-run files under {@code examples/validation/} (the {@code --data} files), replayed as shipped. */
final class ExampleRuns {
    private ExampleRuns() {}

    /** The path of {@code examples/validation/name} from a module's working directory. */
    static Path file(String name) {
        return Path.of("..", "examples", "validation", name);
    }

    /** Every row of {@code examples/validation/name} through the shipped catalogue and calibration. */
    static List<TrainingValidation.Row> replay(String name) {
        return new TrainingValidation(AcceleratorCatalog.load()).runFile(file(name));
    }
}
