package org.sonograd.ssl.cli;

import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sonograd} command line. Built-in subcommands live in this package; modules above
 * {@code ssl} (such as {@code bench}) contribute theirs through {@link SubcommandProvider}.
 */
@Command(name = "sonograd", mixinStandardHelpOptions = true, version = "sonograd 0.1.0",
        description = "Self-supervised ultrasound video representation learning on a from-scratch Java engine.",
        subcommands = {InfoCommand.class, SimulateCommand.class, PretrainCommand.class, TransferCommand.class, EvalCommand.class,
                ReportCommand.class, DemoCommand.class, ExperimentCommand.class, CommandLine.HelpCommand.class})
public final class Sonograd implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Entry point of the launcher. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The full command tree, built-in and contributed subcommands together. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Sonograd());
        for (SubcommandProvider provider : ServiceLoader.load(SubcommandProvider.class)) {
            cli.addSubcommand(provider.command());
        }
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
