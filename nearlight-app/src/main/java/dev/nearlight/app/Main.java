package dev.nearlight.app;

import dev.nearlight.core.InputException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** Entry point of the {@code nearlight} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (0 ok, 1 internal error, 2 bad input). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = newCommandLine(out, err, args.length > 0 ? args[0] : null);
        return cmd.execute(args);
    }

    /** Builds the configured picocli command tree; tests use it to run commands in-process. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        return newCommandLine(out, err, null);
    }

    /**
     * As above; when {@code first} (the first argument) names a subcommand exactly, only that one is added, since
     * building every subcommand's model costs more start-up time than most simulations (anything else, such as
     * {@code help}, {@code --help} or a mistyped name, gets all of them, so usage and suggestions are complete).
     */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err, String first) {
        CommandLine cmd = new CommandLine(new NearlightCommand());
        Class<?> only = null;
        for (Class<?> c : NearlightCommand.SUBCOMMANDS) {
            CommandLine.Command a = c.getAnnotation(CommandLine.Command.class);
            if (a != null
                    && first != null
                    && c != CommandLine.HelpCommand.class
                    && (a.name().equals(first) || List.of(a.aliases()).contains(first))) {
                only = c;
            }
        }
        for (Class<?> c : NearlightCommand.SUBCOMMANDS) {
            if (only == null || c == only) {
                cmd.addSubcommand(c);
            }
        }
        // NaN and infinities parse as doubles; no option means them, and range checks written x < lo || x > hi let
        // NaN through, so every double option refuses them at parse time
        cmd.registerConverter(Double.class, FINITE_DOUBLE);
        cmd.registerConverter(double.class, FINITE_DOUBLE);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage() + " (see '" + commandPath(ex.getCommandLine()) + " --help')");
            return 2;
        });
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof InputException)) {
                t = t.getCause();
            }
            if (t != null) {
                err.println("error: " + t.getMessage());
                return 2;
            }
            err.println("internal error: " + ex + " (please report it)");
            return 1;
        });
        return cmd;
    }

    /**
     * A class, not a lambda: the launcher's class-data-sharing dump (-XX:ArchiveClassesAtExit) crashes JDK 17.0.15 in
     * SystemDictionaryShared::adjust_lambda_proxy_class_dictionary with this converter as a method reference.
     */
    private static final CommandLine.ITypeConverter<Double> FINITE_DOUBLE = new CommandLine.ITypeConverter<>() {
        @Override
        public Double convert(String text) {
            return finiteDouble(text);
        }
    };

    private static Double finiteDouble(String text) {
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a finite number");
        }
        return v;
    }

    private static String commandPath(CommandLine c) {
        return c.getCommandSpec().qualifiedName(" ");
    }
}
