package dev.nearlight.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void linesModeLogsOneLinePerStep() {
        StringWriter sw = new StringWriter();
        ProgressReporter p = ProgressReporter.lines(new PrintWriter(sw));
        p.started(2);
        p.stepFinished(1, 2, "npo / llama3-70b");
        p.stepFinished(2, 2, "cpo / llama3-70b");
        p.finished();
        assertThat(sw.toString().lines())
                .containsExactly(
                        "compare: 2 evaluations", "compare: [1/2] npo / llama3-70b", "compare: [2/2] cpo / llama3-70b");
    }

    @Test
    void barModeDrawsAProgressBar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter p = ProgressReporter.bar(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.started(4);
        p.stepFinished(4, 4, "cpo / w");
        p.finished();
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertThat(drawn).contains("compare").contains("4/4");
    }
}
