package dev.nearlight.app;

import java.util.List;
import picocli.CommandLine.Command;

/**
 * Root command: lists the subcommands, each of which lives in its own class. They are added by {@link Main} rather
 * than declared here, so that a run of one subcommand builds only that command's model (picocli reflects over every
 * option of every subcommand it is given, a large part of the JVM's start-up).
 */
@Command(
        name = "nearlight",
        mixinStandardHelpOptions = true,
        version = "nearlight 0.1.0",
        description = "Turns the case for near-packaged optics into numbers: links, fabrics, collectives, training,"
                + " reliability and cost.")
public final class NearlightCommand implements Runnable {
    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            picocli.CommandLine.HelpCommand.class,
            CompareCommand.class,
            StudioCommand.class,
            SweepCommand.class,
            LinkCommand.class,
            CatalogueCommand.class,
            FabricCommand.class,
            CollectiveCommand.class,
            TrainCommand.class,
            ValidateCommand.class,
            ReliabilityCommand.class,
            DisaggCommand.class,
            PoolCommand.class,
            ServeCommand.class);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
