package dev.cistern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cistern} command: a tool for trying, loading and sizing Cistern pools. */
@Command(name = "cistern", mixinStandardHelpOptions = true, versionProvider = CisternVersion.class,
        description = "Cistern JDBC connection pool tools.",
        subcommands = {SimulateCommand.class, LoadCommand.class, SizeCommand.class, CheckCommand.class,
                DashboardCommand.class, CommandLine.HelpCommand.class})
public final class CisternCommand implements Runnable {
    /** Exit code for bad input: unknown options, values out of range, unreadable files. */
    static final int USAGE_ERROR = 2;
    /** Exit code for a run that failed: database unreachable, SQL error. */
    static final int RUN_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (try: cistern simulate)");
    }

    /** The command line as the jar's main class and the tests build it: one-line errors, fixed exit codes. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CisternCommand());
        commandLine.setParameterExceptionHandler((e, args) -> {
            String help = e.getCommandLine() == commandLine ? "cistern --help"
                    : "cistern " + e.getCommandLine().getCommandName() + " --help";
            e.getCommandLine().getErr().println("cistern: " + e.getMessage() + " (see '" + help + "')");
            return USAGE_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            cl.getErr().println("cistern: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (Boolean.getBoolean("cistern.verbose")) {
                e.printStackTrace(cl.getErr());
            }
            return e instanceof CommandLine.ParameterException ? USAGE_ERROR : RUN_ERROR;
        });
        return commandLine;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
