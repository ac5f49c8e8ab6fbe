package org.entente.server.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code entente}: the command line of the node. {@code serve} starts the web stack; every other
 * command works on the database or on files directly, so that {@code validate} starts in well under
 * a second and scripts need no running node.
 */
@Command(
        name = "entente",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A node for cyber cooperation between agencies: STIX 2.1 over TAXII 2.1.",
        subcommands = {
            ServeCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            ValidateCommand.class,
            TokenCommand.class,
            OrgCommand.class,
            AgreementCommand.class,
            PrincipalCommand.class,
            LedgerCommand.class,
            MatchCommand.class,
            PeerCommand.class,
            DemoCommand.class
        })
public final class Main implements Runnable {
    /** Exit code when a command was used wrongly (picocli's default for usage errors). */
    static final int USAGE = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        int code = cli.execute(args);
        if (!ServeCommand.serving()) {
            System.exit(code);
        }
    }

    /**
     * The command line over this process's environment variables and system properties, read only
     * by a command that needs them ({@code validate} starts without Spring).
     */
    static CommandLine commandLine() {
        return commandLine(StandardEnvironment::new);
    }

    /** The command line over {@code environment}. */
    static CommandLine commandLine(ConfigurableEnvironment environment) {
        return commandLine(() -> environment);
    }

    /**
     * The command line over the environment {@code environment} gives, where every command reads
     * its settings: {@code serve} hands it to the application, the others bind it themselves
     * ({@link NodeOptions}).
     */
    private static CommandLine commandLine(Supplier<ConfigurableEnvironment> environment) {
        CommandLine cli = new CommandLine(new Main(), new Factory(environment));
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    PrintWriter err = commandLine.getErr();
                    err.println("entente " + commandLine.getCommandName() + ": " + message(e));
                    err.println(
                            "Run 'entente "
                                    + commandLine
                                            .getCommandSpec()
                                            .qualifiedName(" ")
                                            .replaceFirst("^entente ?", "")
                                    + " --help' for usage.");
                    err.flush();
                    return 1;
                });
        return cli;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Makes commands and their options, giving those that read settings the environment. */
    private record Factory(Supplier<ConfigurableEnvironment> environment)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == NodeOptions.class) {
                return type.cast(new NodeOptions(environment));
            }
            if (type == ServeCommand.class) {
                return type.cast(new ServeCommand(environment));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"entente " + (v == null ? "development" : v)};
        }
    }
}
