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

    @Option(names = "--data", description = "Extra run file(s) in the CSV format of docs/validation.md (repeatable).")
    java.util.List<Path> data = new java.util.ArrayList<>();

    @picocli.CommandLine.Mixin
    CatalogueOptions catalogue = new CatalogueOptions();

    @Override
    public Integer call() {
        if (!"training".equals(target)) {
            throw new InputException("validate: unknown target '" + target + "' (use training)");
        }
        Path dir = shared != null ? shared : Path.of(System.getProperty("nearlight.shared.dir", "../shared"));
        if (!Files.isDirectory(dir.resolve("validation"))) {
            throw new InputException("shared: " + dir + " has no validation/ directory (pass --shared PATH/TO/shared)");
        }
        // a --catalogue file's GPU numbers price every row, as they price `train` with the same file (whose band is
        // these checked rows)
        TrainingValidation v = new TrainingValidation(AcceleratorCatalog.load(catalogue.load()));
        var out = spec.commandLine().getOut();
        // Every file is read and estimated before anything is printed: bad input leaves only its one-line error.
        var calibration = v.run(dir.resolve("validation"));
        var heldOut = v.runHeldOut();
        java.util.Map<Path, java.util.List<TrainingValidation.Row>> extra = new java.util.LinkedHashMap<>();
        for (Path f : data) {
            if (!Files.isRegularFile(f)) {
                throw new InputException("--data " + f + ": no such file");
            }
            extra.put(f, v.runFile(f));
        }
        java.util.List<TrainingValidation.Row> all = new java.util.ArrayList<>();
        out.println("## Calibration rows (" + dir.resolve("validation") + ")");
        out.println();
        out.print(TrainingValidation.markdown(calibration));
        all.addAll(calibration);
        out.println();
        out.println("## Public runs outside shared/ (" + TrainingValidation.HELD_OUT_RESOURCE
                + "; role fitted = used only to fit fp8GemmEfficiency and GB300's gemmEfficiency)");
        out.println();
        out.print(TrainingValidation.markdown(heldOut));
        all.addAll(heldOut);
        for (var e : extra.entrySet()) {
            out.println();
            out.println("## " + e.getKey());
            out.println();
            out.print(TrainingValidation.markdown(e.getValue()));
            all.addAll(e.getValue());
        }
        out.println();
        out.print("## All rows" + TrainingValidation.summary(all));
        out.print("## Checked rows only (never fitted)"
                + TrainingValidation.summary(
                        all.stream().filter(r -> "checked".equals(r.role())).toList()));
        out.println();
        out.println("## By source and GPU (bias: + = predicted faster than the run)");
        out.println();
        out.print(TrainingValidation.bySource(all));
        out.flush();
        return 0;
    }
}
