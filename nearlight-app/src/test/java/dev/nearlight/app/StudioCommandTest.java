package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The option checks of {@code nearlight studio}: each bad option is one located line and exit 2, before binding. */
class StudioCommandTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--port|-1|--port -1: use 0..65535",
                "--port|70000|--port 70000: use 0..65535",
                "--threads|0|--threads: 0 is out of range (use 1 to 1024)",
                "--db|jdbc:mysql://x/y|--db jdbc:mysql://x/y: use jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB",
                "--tls-keystore|/nonexistent/k.p12|--tls-keystore /nonexistent/k.p12: file not found or not readable",
            })
    void badOptionsAreOneLineAndExit2(String option, String value, String message) {
        CliRunner.Result r = CliRunner.run("studio", option, value);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: " + message);
    }

    @Test
    void aNonLoopbackAddressNeedsTlsUnlessForced() {
        CliRunner.Result r = CliRunner.run("studio", "--host", "0.0.0.0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("error: --host 0.0.0.0: a non-loopback address needs --tls-keystore FILE.p12")
                .contains("--insecure-allow-remote")
                .doesNotContain("Exception");
    }
}
