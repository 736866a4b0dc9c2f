package dev.nearlight.app.report;

import dev.nearlight.explore.compare.ComparisonListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows the progress of a comparison on stderr: a progress bar when the output is a terminal, otherwise one log line
 * per finished evaluation (so CI logs and pipes stay readable and stdout stays clean for {@code --json}).
 */
public final class ProgressReporter implements ComparisonListener {
    private final PrintWriter log;
    private final PrintStream terminal;
    private ProgressBar bar;

    private ProgressReporter(PrintWriter log, PrintStream terminal) {
        this.log = log;
        this.terminal = terminal;
    }

    /** A reporter that draws a progress bar on {@code terminal}. */
    public static ProgressReporter bar(PrintStream terminal) {
        return new ProgressReporter(null, terminal);
    }

    /** A reporter that writes one line per step to {@code log}. */
    public static ProgressReporter lines(PrintWriter log) {
        return new ProgressReporter(log, null);
    }

    /** A bar on {@code System.err} when the console is interactive, otherwise lines on {@code err}. */
    public static ProgressReporter auto(PrintWriter err) {
        return System.console() != null ? bar(System.err) : lines(err);
    }

    @Override
    public void started(int totalSteps) {
        if (terminal != null) {
            bar = new ProgressBarBuilder()
                    .setTaskName("compare")
                    .setInitialMax(totalSteps)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal))
                    .setUpdateIntervalMillis(200)
                    .build();
        } else {
            log.println("compare: " + totalSteps + " evaluations");
            log.flush();
        }
    }

    @Override
    public void stepFinished(int done, int total, String label) {
        if (bar != null) {
            bar.setExtraMessage(label);
            bar.stepTo(done);
        } else if (log != null) {
            log.println("compare: [" + done + "/" + total + "] " + label);
            log.flush();
        }
    }

    @Override
    public void finished() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
