package dev.eventgateway.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in gateway for the ITs: a separate JVM that starts the embedded servers on a data directory, prints
 * {@code READY <kafkaPid> <postgresPid> <bootstrap> <jdbcUrl>} (0 and - for a server not asked for) and then runs
 * until its stdin reaches end-of-file (so it never outlives the test JVM) or it is killed.
 *
 * <pre>java -cp … dev.eventgateway.embedded.EmbeddedParentMain DATA_DIR kafka,postgres</pre>
 */
public final class EmbeddedParentMain {

    private EmbeddedParentMain() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args[0]);
        List<String> which = List.of(args[1].split(","));
        EmbeddedServers servers = EmbeddedServers.start(which.contains("kafka"), which.contains("postgres"), dataDir,
                0, 0);
        System.out.println("READY "
                + servers.kafka().map(EmbeddedKafka::pid).orElse(0L) + " "
                + servers.postgres().map(EmbeddedPostgres::pid).orElse(0L) + " "
                + servers.kafka().map(EmbeddedKafka::bootstrapServers).orElse("-") + " "
                + servers.postgres().map(EmbeddedPostgres::jdbcUrl).orElse("-"));
        System.out.flush();
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // nothing is ever written; end-of-file means the test JVM is done with us
            }
        }
        servers.close();
    }
}
