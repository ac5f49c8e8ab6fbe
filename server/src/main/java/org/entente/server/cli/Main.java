package org.entente.server.cli;

import java.io.PrintWriter;
import java.util.List;
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
        description = "A node for cyber cooperation between agencies: STIX 2.1 over TAXII 2.1.")
public final class Main implements Runnable {
    /** Exit code when a command was used wrongly (picocli's default for usage errors). */
    static final int USAGE = 2;

    /**
     * The commands, in the order {@code entente --help} lists them. Not the annotation's {@code
     * subcommands}: picocli reads every option of every command it is given, nested ones too, by
     * reflection, which took a tenth of a start's main thread (docs/benchmarks.md, "Session 40"); a
     * command line is given only the command it runs ({@link #commandLine(Supplier, String[])}).
     */
    private static final List<Class<?>> COMMANDS =
            List.of(
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
                    DemoCommand.class);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = commandLine(StandardEnvironment::new, args);
        int code = cli.execute(args);
        if (!ServeCommand.serving()) {
            System.exit(code);
        }
    }

    /** The command line that runs {@code args} over {@code environment}. */
    static CommandLine commandLine(ConfigurableEnvironment environment, String... args) {
        return commandLine(() -> environment, args);
    }

    /**
     * The command line that runs {@code args} over the environment {@code environment} gives, read
     * only by a command that needs it ({@code validate} starts without Spring): {@code serve} hands
     * it to the application, the others bind it themselves ({@link NodeOptions}). When {@code args}
     * start with a command's name, only that command is added; otherwise (help, the version, a name
     * misspelt) every one, so that picocli lists them or suggests the nearest.
     */
    private static CommandLine commandLine(
            Supplier<ConfigurableEnvironment> environment, String[] args) {
        CommandLine cli = new CommandLine(new Main(), new Factory(environment));
        String first = args.length > 0 ? args[0] : "";
        boolean named = COMMANDS.stream().anyMatch(c -> name(c).equals(first));
        for (Class<?> command : COMMANDS) {
            if (!named || name(command).equals(first)) {
                cli.addSubcommand(command);
            }
        }
        // NB: after the commands are added: picocli gives a handler only to those it has then
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

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
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
