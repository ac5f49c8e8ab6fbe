package org.entente.server.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.auth.Role;
import org.entente.server.auth.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Manage API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create a token for a principal (recorded first if new) and print it on standard"
                        + " output; it is shown only this once.",
                "Example: entente token create --name siem-1 --read threat-intel --expires-in 90d",
                "A partner's: entente token create --name jp-node --org \"NISC Japan\""
            })
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "principal name, e.g. siem-1")
        String name;

        @Option(
                names = "--org",
                description =
                        "organisation (name or id) of a new principal; default the local agency")
        String org;

        @Option(
                names = "--role",
                description =
                        "role of a new principal, fitting its organisation: admin, liaison,"
                                + " analyst (the default), auditor for the local agency; partner;"
                                + " constituent")
        String role;

        @Option(
                names = "--read",
                split = ",",
                description = "collections (id or alias) a local principal may read")
        List<String> read = List.of();

        @Option(
                names = "--write",
                split = ",",
                description = "collections (id or alias) a local principal may write")
        List<String> write = List.of();

        @Option(names = "--expires-in", description = "lifetime such as 90d, 12h or 30m")
        String expiresIn;

        @Option(names = "--label", defaultValue = "cli", description = "a note on the token's use")
        String label;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            Optional<Duration> lifetime = Optional.ofNullable(expiresIn).map(Create::duration);
            Optional<Role> asked = Optional.ofNullable(role).map(Role::parse);
            try (Node n = node.open()) {
                Tokens.Issued issued =
                        n.tokens()
                                .create(
                                        new Tokens.Order(
                                                name,
                                                Optional.ofNullable(org),
                                                asked,
                                                read,
                                                write,
                                                label,
                                                lifetime));
                System.out.println(issued.token());
                System.err.println(
                        "Token for '"
                                + name
                                + "' ("
                                + String.join(
                                        ",",
                                        issued.principal().roles().stream()
                                                .map(r -> r.name().toLowerCase(Locale.ROOT))
                                                .sorted()
                                                .toList())
                                + ")"
                                + issued.expires().map(e -> ", expires " + e).orElse(", no expiry")
                                + ". It is not stored and will not be shown again.");
                return 0;
            }
        }

        static Duration duration(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.length() < 2) {
                throw new IllegalArgumentException(
                        "--expires-in takes e.g. 90d, 12h or 30m, not '" + text + "'");
            }
            long amount;
            try {
                amount = Long.parseLong(t.substring(0, t.length() - 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--expires-in takes e.g. 90d, 12h or 30m, not '" + text + "'", e);
            }
            if (amount <= 0) {
                throw new IllegalArgumentException("--expires-in must be positive");
            }
            switch (t.charAt(t.length() - 1)) {
                case 'd':
                    return Duration.ofDays(amount);
                case 'h':
                    return Duration.ofHours(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                default:
                    throw new IllegalArgumentException(
                            "--expires-in takes e.g. 90d, 12h or 30m, not '" + text + "'");
            }
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a token at once.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TOKEN", description = "the token to revoke")
        String token;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                if (!n.tokens().revoke(token)) {
                    throw new IllegalArgumentException(
                            "no active token matches; nothing was revoked");
                }
                System.err.println("Revoked.");
                return 0;
            }
        }
    }
}
