package org.entente.server.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.collection.Collection;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Page;
import org.entente.server.store.StoredBody;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description =
                "Export a collection as a STIX bundle (every version, in the order added),"
                        + " streaming page by page.")
final class ExportCommand implements Callable<Integer> {
    @Option(
            names = {"-c", "--collection"},
            required = true,
            description = "collection id or alias, e.g. threat-intel")
    String collection;

    @Option(
            names = {"-o", "--out"},
            defaultValue = "-",
            description = "file to write, or - for standard output (default)")
    String out;

    @Mixin NodeOptions node;

    @Override
    public Integer call() throws Exception {
        try (Node n = node.open()) {
            Collection source = n.catalog().require(collection);
            OutputStream target =
                    out.equals("-") ? System.out : Files.newOutputStream(Path.of(out));
            long written = 0;
            try (OutputStream o = new BufferedOutputStream(target, 1 << 16)) {
                o.write(
                        ("{\"type\":\"bundle\",\"id\":\"bundle--"
                                        + UUID.randomUUID()
                                        + "\",\"objects\":[")
                                .getBytes(StandardCharsets.US_ASCII));
                ObjectQuery query = ObjectQuery.all(source.id(), 1000);
                while (true) {
                    Page<StoredBody> page = n.disclosures().operatorBodies(query);
                    for (StoredBody object : page.items()) {
                        if (written++ > 0) {
                            o.write(',');
                        }
                        o.write(object.body());
                    }
                    if (!page.more()) {
                        break;
                    }
                    query = query.after(page.last());
                }
                o.write("]}\n".getBytes(StandardCharsets.US_ASCII));
            }
            System.err.printf(Locale.ROOT, "Exported %,d objects from %s.%n", written, collection);
            return 0;
        }
    }
}
