package dev.nearlight.app;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.train.AcceleratorCatalog;
import dev.nearlight.sim.train.TrainingValidation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nearlight validate training}: replays the published runs of {@code shared/validation} through the training
 * model and prints the per-row Markdown table of {@code docs/validation.md}.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Compare a model with published measurements (target: training).")
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "What to validate: training.")
    String target;

    @Option(names = "--shared", description = "The shared/ directory (default: -Dnearlight.shared.dir or ../shared).")
    Path shared;

    @Override
    public Integer call() {
        if (!"training".equals(target)) {
            throw new InputException("validate: unknown target '" + target + "' (use training)");
        }
        Path dir = shared != null ? shared : Path.of(System.getProperty("nearlight.shared.dir", "../shared"));
        if (!Files.isDirectory(dir.resolve("validation"))) {
            throw new InputException("shared: " + dir + " has no validation/ directory (pass --shared PATH/TO/shared)");
        }
        var rows = new TrainingValidation(AcceleratorCatalog.load()).run(dir.resolve("validation"));
        spec.commandLine().getOut().print(TrainingValidation.markdown(rows));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
