package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The root command: a named subcommand is built alone, everything else sees the whole tree. */
class MainTest {
    private static final PrintWriter SINK = new PrintWriter(new StringWriter());

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertThat(Main.newCommandLine(SINK, SINK, "collective").getSubcommands())
                .containsOnlyKeys("collective");
    }

    @Test
    void helpAndUnknownNamesGetEverySubcommand() {
        int all = NearlightCommand.SUBCOMMANDS.size();
        assertThat(Main.newCommandLine(SINK, SINK, "help").getSubcommands()).hasSize(all);
        assertThat(Main.newCommandLine(SINK, SINK, "colective").getSubcommands())
                .hasSize(all);
        assertThat(Main.newCommandLine(SINK, SINK, null).getSubcommands()).hasSize(all);
    }

    @Test
    void usageListsEverySubcommandAndHelpFindsOne() {
        CliRunner.Result usage = CliRunner.run("--help");
        assertThat(usage.exit()).isZero();
        assertThat(usage.out()).contains("compare", "collective", "train", "reliability", "serve");
        CliRunner.Result help = CliRunner.run("help", "collective");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: nearlight collective");
        CliRunner.Result wrong = CliRunner.run("colective");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("colective");
    }
}
