package dev.nearlight.app;

import picocli.CommandLine.Command;

/** Root command: lists the subcommands, each of which lives in its own class. */
@Command(
        name = "nearlight",
        mixinStandardHelpOptions = true,
        version = "nearlight 0.1.0",
        description = "Turns the case for near-packaged optics into numbers: links, fabrics, collectives, training,"
                + " reliability and cost.",
        subcommands = {
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
            ServeCommand.class
        })
public final class NearlightCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
